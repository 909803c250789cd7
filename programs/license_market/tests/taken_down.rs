//! A model the platform took down sells nothing new: no listing, purchase,
//! renewal or resale, each refused with `ModelTakenDown` and nothing moved.

use {
    hex_test_support::{
        market::*, registry::set_taken_down_ix, solana_signer::Signer, tokens::SPL_TOKEN, *,
    },
    license_market::{errors::MarketError, state::LicenseValidity},
};

const PRICE: u64 = 1_000_000;
const MONTH: i64 = 30 * 24 * 60 * 60;

#[test]
fn a_taken_down_model_gets_no_new_listing_purchase_renewal_or_resale() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let meter = Pubkey::new_unique();
    market
        .create_listing(listing_args(1, subscription(PRICE, MONTH, 0), meter))
        .unwrap();
    let holder = market.wallet(2 * PRICE);
    let (license_mint, result) = market.buy(&holder, 1, PRICE);
    result.unwrap();
    market
        .list_for_resale(&holder, &license_mint, PRICE)
        .unwrap();

    let authority = market.platform.authority.insecure_clone();
    let takedown = set_taken_down_ix(&authority.pubkey(), &market.keys.model_mint, true);
    market.send(&[takedown], &authority).unwrap();

    let buyer = market.wallet(PRICE);
    let license = license_pda(&license_mint);
    let watched = [
        market.keys.payment_account(&holder.pubkey()),
        market.keys.payment_account(&buyer.pubkey()),
        market.keys.payment_account(&market.keys.treasury),
        market.keys.vault_tokens(),
        market.keys.escrow_tokens(),
        market.listing_address(1),
        market.listing_address(2),
        license,
    ];
    let before = market.snapshot(&watched);
    assert_error(
        &market.create_listing(listing_args(2, one_time(PRICE), meter)),
        MarketError::ModelTakenDown,
    );
    assert_error(&market.buy(&buyer, 1, PRICE).1, MarketError::ModelTakenDown);
    assert_error(
        &market.renew(&holder, 1, &license_mint, PRICE),
        MarketError::ModelTakenDown,
    );
    assert_error(
        &market.buy_resold(&buyer, 1, &license_mint, PRICE),
        MarketError::ModelTakenDown,
    );
    assert_eq!(market.snapshot(&watched), before);
    assert_eq!(market.license(&license_mint).holder, holder.pubkey());
}

/// After a takedown no license of the model verifies, its usage and revenue
/// reports stop, and every way to take one's money out stays open: credits
/// withdrawn, a purchase refunded inside its window, the owner's claim.
/// Restored, the licenses verify again.
#[test]
fn a_takedown_stops_verification_usage_and_reports_but_not_withdrawals_refunds_or_claims() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let meter = market.wallet(0);
    market
        .create_listing(listing_args(1, pay_per_use(10, 0, 0, 0), meter.pubkey()))
        .unwrap();
    market
        .create_listing(listing_args(
            2,
            revenue_share(PRICE, MONTH, 1_000),
            meter.pubkey(),
        ))
        .unwrap();
    market
        .create_listing(license_market::instructions::CreateListingArgs {
            refund_window_secs: 3 * 24 * 60 * 60,
            ..listing_args(3, one_time(PRICE), meter.pubkey())
        })
        .unwrap();
    let holder = market.wallet(3 * PRICE + 1_000);
    let (metered, result) = market.buy(&holder, 1, 10);
    result.unwrap();
    market.deposit_credits(&holder, 1, &metered, 1_000).unwrap();
    market
        .record_usage(&meter, 1, &metered, None, 10, 1)
        .unwrap();
    let (shared, result) = market.buy(&holder, 2, PRICE);
    result.unwrap();
    let (refundable, result) = market.buy(&holder, 3, PRICE);
    result.unwrap();
    assert_eq!(
        market.verify(&metered, &holder.pubkey(), None),
        LicenseValidity::Valid
    );

    let authority = market.platform.authority.insecure_clone();
    let model_mint = market.keys.model_mint;
    market
        .send(
            &[set_taken_down_ix(&authority.pubkey(), &model_mint, true)],
            &authority,
        )
        .unwrap();
    for license in [metered, shared, refundable] {
        assert_eq!(
            market.verify(&license, &holder.pubkey(), None),
            LicenseValidity::TakenDown
        );
    }
    let watched = [
        market.keys.payment_account(&holder.pubkey()),
        market.keys.vault_tokens(),
        market.keys.escrow_tokens(),
        license_pda(&metered),
        license_pda(&shared),
    ];
    let before = market.snapshot(&watched);
    assert_error(
        &market.record_usage(&meter, 1, &metered, None, 10, 2),
        MarketError::ModelTakenDown,
    );
    assert_error(
        &market.report_revenue(&holder, 2, &shared, 5 * PRICE),
        MarketError::ModelTakenDown,
    );
    assert_eq!(market.snapshot(&watched), before);

    // Money goes out: credits, the refundable purchase, the owner's earnings.
    let balance_before = market.balance_of(&holder.pubkey());
    market.withdraw_credits(&holder, 1, &metered, 900).unwrap();
    market.refund(&holder, 3, &refundable).unwrap();
    assert_eq!(
        market.balance_of(&holder.pubkey()),
        balance_before + 900 + PRICE
    );
    let creator = market.creator.insecure_clone();
    let owed = market.vault_balance();
    assert!(owed > 0);
    let claim = hex_test_support::escrow::claim_owner_ix(&hex_test_support::escrow::OwnerClaim {
        owner: creator.pubkey(),
        ownership_token: hex_test_support::registry::ownership_token_address(
            &creator.pubkey(),
            &model_mint,
        ),
        model_mint,
        destination: market.keys.payment_account(&creator.pubkey()),
        payment_mint: market.keys.payment_mint,
        token_program: SPL_TOKEN,
    });
    let creator_before = market.balance_of(&creator.pubkey());
    market.send(&[claim], &creator).unwrap();
    assert_eq!(market.balance_of(&creator.pubkey()), creator_before + owed);

    market
        .send(
            &[set_taken_down_ix(&authority.pubkey(), &model_mint, false)],
            &authority,
        )
        .unwrap();
    assert_eq!(
        market.verify(&shared, &holder.pubkey(), None),
        LicenseValidity::Valid
    );
}
