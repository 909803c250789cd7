//! Purchases inside a refund window: they wait in the market's escrow until
//! the buyer refunds them, anyone settles them after the window, or the
//! platform arbiter decides a dispute.

use {
    anchor_lang::error::ErrorCode as AnchorError,
    hex_test_support::{
        market::*,
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{SPL_TOKEN, TOKEN_2022},
        *,
    },
    license_market::{
        errors::MarketError,
        instructions::CreateListingArgs,
        state::{CreatorSales, LicenseStatus, LicenseValidity},
    },
};

const DAY: i64 = 24 * 60 * 60;
const WINDOW: i64 = 3 * DAY;
const PRICE: u64 = 1_000_003;
/// 20% of PRICE, rounded down.
const FEE: u64 = 200_000;

fn refundable(listing_id: u64, price: u64) -> CreateListingArgs {
    CreateListingArgs {
        refund_window_secs: WINDOW,
        ..listing_args(listing_id, one_time(price), Pubkey::new_unique())
    }
}

/// A market with a refundable one-time listing (id 1) and a purchase of it.
fn purchase(token_program: Pubkey) -> (MarketFixture, Keypair, Pubkey) {
    let mut market = MarketFixture::new(token_program);
    market.create_listing(refundable(1, PRICE)).unwrap();
    let buyer = market.wallet(PRICE);
    let (license_mint, result) = market.buy(&buyer, 1, PRICE);
    result.unwrap();
    (market, buyer, license_mint)
}

#[test]
fn a_refundable_purchase_waits_in_escrow() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    market.create_listing(refundable(1, PRICE)).unwrap();
    let buyer = market.wallet(PRICE);
    let before = market.balances(&buyer.pubkey(), None, None);
    let (license_mint, result) = market.buy(&buyer, 1, PRICE);
    result.unwrap();
    let after = market.balances(&buyer.pubkey(), None, None);
    assert_eq!(
        after,
        Balances {
            buyer: 0,
            escrow: before.escrow + PRICE,
            ..before
        }
    );
    assert_eq!(after.total(), before.total());
    let license = market.license(&license_mint);
    assert_eq!(license.pending_payment, PRICE);
    assert_eq!(license.pending_fee, FEE);
    assert_eq!(license.total_paid, 0);
    assert_eq!(license.refundable_until, START_TIME + WINDOW);
    assert!(!license.disputed);
    assert_eq!(market.model().license_count, 1);
}

#[test]
fn a_refund_inside_the_window_returns_every_unit_and_every_lamport_of_rent() {
    let (mut market, buyer, license_mint) = purchase(TOKEN_2022);
    let chain = &market.platform.chain;
    let license = license_pda(&license_mint);
    let nft_account = license_token_address(&buyer.pubkey(), &license_mint);
    let rent =
        chain.lamports(&license) + chain.lamports(&nft_account) + chain.lamports(&license_mint);
    assert!(rent > 0);
    let lamports_before = chain.lamports(&buyer.pubkey());
    let before = market.balances(&buyer.pubkey(), None, None);

    market.advance_time(WINDOW - 1);
    let meta = market.refund(&buyer, 1, &license_mint).unwrap();

    let after = market.balances(&buyer.pubkey(), None, None);
    assert_eq!(
        after,
        Balances {
            buyer: PRICE,
            escrow: before.escrow - PRICE,
            ..before
        }
    );
    assert_eq!(after.total(), before.total());
    let chain = &market.platform.chain;
    assert_eq!(
        chain.lamports(&buyer.pubkey()),
        lamports_before + rent - meta.fee
    );
    assert!(!chain.exists(&license), "the license account is closed");
    assert!(!chain.exists(&license_mint), "the license mint is closed");
    assert!(
        !chain.exists(&nft_account),
        "the NFT token account is closed"
    );
    let listing = market.listing(1);
    assert_eq!((listing.sold, listing.issued), (0, 1));
    assert_eq!(market.model().license_count, 0);
    assert_eq!(market.treasury_balance(), 0);
    assert_eq!(market.vault_balance(), 0);
}

#[test]
fn a_refund_returns_to_the_buyer_everything_the_purchase_cost_but_the_fees() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    market.create_listing(refundable(1, PRICE)).unwrap();
    let buyer = market.wallet(PRICE);
    let lamports_before = market.platform.chain.lamports(&buyer.pubkey());
    let (license_mint, result) = market.buy(&buyer, 1, PRICE);
    let buy_fee = result.unwrap().fee;
    let refund_fee = market.refund(&buyer, 1, &license_mint).unwrap().fee;
    assert_eq!(
        market.platform.chain.lamports(&buyer.pubkey()),
        lamports_before - buy_fee - refund_fee
    );
    assert_eq!(market.balance_of(&buyer.pubkey()), PRICE);
}

#[test]
fn a_refund_after_the_window_is_rejected() {
    let (mut market, buyer, license_mint) = purchase(SPL_TOKEN);
    market.advance_time(WINDOW);
    assert_error(
        &market.refund(&buyer, 1, &license_mint),
        MarketError::RefundWindowClosed,
    );
    assert_error(
        &market.open_dispute(&buyer, &license_mint),
        MarketError::RefundWindowClosed,
    );
}

#[test]
fn settling_before_the_end_of_the_window_is_rejected() {
    let (mut market, _buyer, license_mint) = purchase(SPL_TOKEN);
    market.advance_time(WINDOW - 1);
    assert_error(
        &market.settle(1, &license_mint),
        MarketError::RefundWindowOpen,
    );
}

#[test]
fn after_the_window_anyone_settles_the_purchase_to_the_treasury_and_the_vault() {
    let (mut market, buyer, license_mint) = purchase(SPL_TOKEN);
    market.advance_time(WINDOW);
    let before = market.balances(&buyer.pubkey(), None, None);
    market.settle(1, &license_mint).unwrap();
    let after = market.balances(&buyer.pubkey(), None, None);
    assert_eq!(
        after,
        Balances {
            escrow: before.escrow - PRICE,
            treasury: before.treasury + FEE,
            vault: before.vault + PRICE - FEE,
            ..before
        }
    );
    assert_eq!(after.total(), before.total());
    let license = market.license(&license_mint);
    assert_eq!((license.pending_payment, license.pending_fee), (0, 0));
    assert_eq!(license.total_paid, PRICE);
    assert_eq!(license.status, LicenseStatus::Active);
    let sales: CreatorSales = market.platform.chain.account(&creator_sales_pda(
        &market.keys.creator,
        &market.keys.payment_mint,
    ));
    assert_eq!(sales.total_sales, PRICE);
    assert_error(
        &market.settle(1, &license_mint),
        MarketError::NothingInEscrow,
    );
}

#[test]
fn the_arbiter_refunds_a_disputed_purchase_and_revokes_the_license() {
    let (mut market, buyer, license_mint) = purchase(SPL_TOKEN);
    market.open_dispute(&buyer, &license_mint).unwrap();
    assert!(market.license(&license_mint).disputed);
    // A disputed purchase is neither refunded nor settled but by the arbiter.
    assert_error(
        &market.refund(&buyer, 1, &license_mint),
        MarketError::DisputeOpen,
    );
    market.advance_time(WINDOW);
    assert_error(&market.settle(1, &license_mint), MarketError::DisputeOpen);

    let stranger = market.wallet(0);
    assert_error(
        &market.resolve_dispute(&stranger, 1, &license_mint, true),
        MarketError::NotArbiter,
    );

    let arbiter = market.platform.authority.insecure_clone();
    let before = market.balances(&buyer.pubkey(), None, None);
    market
        .resolve_dispute(&arbiter, 1, &license_mint, true)
        .unwrap();
    let after = market.balances(&buyer.pubkey(), None, None);
    assert_eq!(
        after,
        Balances {
            buyer: before.buyer + PRICE,
            escrow: before.escrow - PRICE,
            ..before
        }
    );
    assert_eq!(after.total(), before.total());
    // Revoked: the license, its mint and the NFT's account are closed.
    for closed in [
        license_pda(&license_mint),
        license_mint,
        license_token_address(&buyer.pubkey(), &license_mint),
    ] {
        assert!(!market.platform.chain.exists(&closed));
    }
    assert_eq!(market.listing(1).sold, 0);
    assert_eq!(market.model().license_count, 0);
    assert_error(
        &market.open_dispute(&buyer, &license_mint),
        AnchorError::AccountNotInitialized,
    );
    assert_error(
        &market.review(&buyer, &license_mint, 5),
        AnchorError::AccountNotInitialized,
    );
}

#[test]
fn the_arbiter_settles_a_disputed_purchase_to_the_model() {
    let (mut market, buyer, license_mint) = purchase(TOKEN_2022);
    market.advance_time(DAY);
    market.open_dispute(&buyer, &license_mint).unwrap();
    let arbiter = market.platform.authority.insecure_clone();
    let before = market.balances(&buyer.pubkey(), None, None);
    // The arbiter may decide inside the window.
    market
        .resolve_dispute(&arbiter, 1, &license_mint, false)
        .unwrap();
    let after = market.balances(&buyer.pubkey(), None, None);
    assert_eq!(
        after,
        Balances {
            escrow: before.escrow - PRICE,
            treasury: before.treasury + FEE,
            vault: before.vault + PRICE - FEE,
            ..before
        }
    );
    assert_eq!(after.total(), before.total());
    let license = market.license(&license_mint);
    assert_eq!(license.status, LicenseStatus::Active);
    assert!(!license.disputed);
    assert_eq!(license.total_paid, PRICE);
    assert_eq!(market.model().license_count, 1);
    assert_eq!(
        market.verify(&license_mint, &buyer.pubkey(), None),
        LicenseValidity::Valid
    );
    // Settled, it is no longer refundable.
    assert_error(
        &market.refund(&buyer, 1, &license_mint),
        MarketError::NothingInEscrow,
    );
}

#[test]
fn a_license_cannot_be_resold_while_its_purchase_is_refundable() {
    let (mut market, buyer, license_mint) = purchase(SPL_TOKEN);
    assert_error(
        &market.list_for_resale(&buyer, &license_mint, 5_000),
        MarketError::PaymentPending,
    );
    market.advance_time(WINDOW);
    market.settle(1, &license_mint).unwrap();
    market
        .list_for_resale(&buyer, &license_mint, 5_000)
        .unwrap();
}

#[test]
fn a_subscription_cannot_be_renewed_while_its_purchase_is_refundable() {
    // A refund burns the license and returns the escrowed purchase only: a
    // renewal paid inside the window would be lost with it.
    let mut market = MarketFixture::new(SPL_TOKEN);
    market
        .create_listing(CreateListingArgs {
            refund_window_secs: WINDOW,
            ..listing_args(1, subscription(PRICE, 30 * DAY, 0), Pubkey::new_unique())
        })
        .unwrap();
    let buyer = market.wallet(2 * PRICE);
    let (license_mint, result) = market.buy(&buyer, 1, PRICE);
    result.unwrap();
    assert_error(
        &market.renew(&buyer, 1, &license_mint, PRICE),
        MarketError::PaymentPending,
    );
    market.refund(&buyer, 1, &license_mint).unwrap();
    assert_eq!(market.balance_of(&buyer.pubkey()), 2 * PRICE);

    let (license_mint, result) = market.buy(&buyer, 1, PRICE);
    result.unwrap();
    market.advance_time(WINDOW);
    market.settle(1, &license_mint).unwrap();
    market.renew(&buyer, 1, &license_mint, PRICE).unwrap();
    assert_eq!(
        market.license(&license_mint).expires_at,
        START_TIME + 2 * 30 * DAY
    );
}

/// A subscription refunded inside its window is pro-rated: the used part of
/// the period goes to the model (its fee to the treasury), the unused part
/// back to the subscriber, whose license is burned with its rent returned.
#[test]
fn a_subscription_refund_inside_the_window_is_pro_rated() {
    const PERIOD: i64 = 30 * DAY;
    let mut market = MarketFixture::new(SPL_TOKEN);
    market
        .create_listing(CreateListingArgs {
            refund_window_secs: 7 * DAY,
            ..listing_args(1, subscription(PRICE, PERIOD, 0), Pubkey::new_unique())
        })
        .unwrap();
    let buyer = market.wallet(PRICE);
    let (license_mint, result) = market.buy(&buyer, 1, PRICE);
    result.unwrap();
    let before = market.balances(&buyer.pubkey(), None, None);
    market.advance_time(6 * DAY);
    market.refund(&buyer, 1, &license_mint).unwrap();
    // 6 of 30 days used: floor(PRICE x 6 / 30) to the model, its share of the fee.
    let used = (PRICE as u128 * 6 / 30) as u64;
    let fee = (FEE as u128 * used as u128 / PRICE as u128) as u64;
    assert_eq!((used, fee), (200_000, 39_999));
    assert_eq!(
        market.balances(&buyer.pubkey(), None, None),
        Balances {
            buyer: PRICE - used,
            treasury: before.treasury + fee,
            vault: before.vault + used - fee,
            escrow: before.escrow - PRICE,
            ..before
        }
    );
    assert!(!market.platform.chain.exists(&license_pda(&license_mint)));
    assert_eq!(market.listing(1).sold, 0);
}
