//! The end of a license and of a listing: the holder closes a license it no
//! longer needs and gets back every lamport of rent it paid at purchase;
//! the owner reclaims a closed listing once none of its licenses exists.
//! Nothing that holds funds or is still referenced can be closed.

use {
    anchor_lang::error::ErrorCode as AnchorError,
    hex_test_support::{
        market::*, registry::ownership_token_address, solana_keypair::Keypair,
        solana_signer::Signer, tokens::SPL_TOKEN, *,
    },
    license_market::{errors::MarketError, instructions::CreateListingArgs},
};

const DAY: i64 = 24 * 60 * 60;
const PRICE: u64 = 1_000_000;
/// The network's fee per signature, which LiteSVM charges like a validator.
const SIGNATURE_FEE: u64 = 5_000;

/// The three accounts a license's rent sits in.
fn license_accounts(holder: &Pubkey, license_mint: &Pubkey) -> [Pubkey; 3] {
    [
        license_pda(license_mint),
        *license_mint,
        license_token_address(holder, license_mint),
    ]
}

fn rent_held(market: &MarketFixture, accounts: &[Pubkey]) -> u64 {
    accounts
        .iter()
        .map(|address| market.platform.chain.lamports(address))
        .sum()
}

fn close_license(
    market: &mut MarketFixture,
    holder: &Keypair,
    listing_id: u64,
    license_mint: &Pubkey,
) -> TxResult {
    let ix = close_license_ix(
        &holder.pubkey(),
        &market.keys.listing(listing_id),
        license_mint,
    );
    market.send(&[ix], holder)
}

fn reclaim(market: &mut MarketFixture, listing_id: u64) -> TxResult {
    let creator = market.creator.insecure_clone();
    let ix = reclaim_listing_ix(
        &creator.pubkey(),
        &ownership_token_address(&creator.pubkey(), &market.keys.model_mint),
        &market.keys.model_mint,
        &market.keys.listing(listing_id),
    );
    market.send(&[ix], &creator)
}

#[test]
fn closing_an_expired_subscription_returns_every_lamport_of_rent_paid_at_purchase() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    market
        .create_listing(listing_args(
            1,
            subscription(PRICE, 30 * DAY, 0),
            Pubkey::new_unique(),
        ))
        .unwrap();
    let buyer = market.wallet(PRICE);
    let lamports_before_purchase = market.platform.chain.lamports(&buyer.pubkey());
    let (license_mint, result) = market.buy(&buyer, 1, PRICE);
    result.unwrap();
    let accounts = license_accounts(&buyer.pubkey(), &license_mint);
    let rent_paid = rent_held(&market, &accounts);
    // The purchase cost the buyer that rent and the two signatures' fee.
    assert_eq!(
        lamports_before_purchase - market.platform.chain.lamports(&buyer.pubkey()),
        rent_paid + 2 * SIGNATURE_FEE
    );
    assert_eq!(market.listing(1).open_licenses, 1);

    market.advance_time(31 * DAY);
    let before = market.platform.chain.lamports(&buyer.pubkey());
    close_license(&mut market, &buyer, 1, &license_mint).unwrap();
    assert_eq!(
        market.platform.chain.lamports(&buyer.pubkey()),
        before + rent_paid - SIGNATURE_FEE
    );
    for address in accounts {
        assert!(
            !market.platform.chain.exists(&address),
            "{address} still exists"
        );
    }
    let listing = market.listing(1);
    assert_eq!(
        (listing.open_licenses, listing.issued, listing.sold),
        (0, 1, 1)
    );
    // Replayed: the license is gone.
    assert_error(
        &close_license(&mut market, &buyer, 1, &license_mint),
        AnchorError::AccountNotInitialized,
    );
}

#[test]
fn a_license_with_credits_or_a_pending_payment_cannot_be_closed_and_only_by_its_holder() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let meter = market.wallet(0);
    market
        .create_listing(listing_args(1, pay_per_use(10, 0, 0, 0), meter.pubkey()))
        .unwrap();
    market
        .create_listing(CreateListingArgs {
            refund_window_secs: 3 * DAY,
            ..listing_args(2, one_time(PRICE), meter.pubkey())
        })
        .unwrap();
    let buyer = market.wallet(PRICE + 100);
    let (metered, result) = market.buy(&buyer, 1, 10);
    result.unwrap();
    market.deposit_credits(&buyer, 1, &metered, 100).unwrap();
    let (pending, result) = market.buy(&buyer, 2, PRICE);
    result.unwrap();
    let mut watched = license_accounts(&buyer.pubkey(), &metered).to_vec();
    watched.extend(license_accounts(&buyer.pubkey(), &pending));
    watched.extend([
        market.keys.escrow_tokens(),
        market.keys.listing(1),
        market.keys.listing(2),
    ]);
    let before = market.snapshot(&watched);

    assert_error(
        &close_license(&mut market, &buyer, 1, &metered),
        MarketError::LicenseHoldsFunds,
    );
    assert_error(
        &close_license(&mut market, &buyer, 2, &pending),
        MarketError::LicenseHoldsFunds,
    );
    // A stranger signing for the holder's license.
    let stranger = market.wallet(0);
    let mut ix = close_license_ix(&stranger.pubkey(), &market.keys.listing(1), &metered);
    ix.accounts[4].pubkey = license_token_address(&buyer.pubkey(), &metered);
    assert_error(
        &market.send(&[ix], &stranger),
        MarketError::NotLicenseHolder,
    );
    assert_eq!(market.snapshot(&watched), before);

    // Credits withdrawn: the license closes.
    market.withdraw_credits(&buyer, 1, &metered, 100).unwrap();
    close_license(&mut market, &buyer, 1, &metered).unwrap();
    assert_eq!(market.balance_of(&buyer.pubkey()), 100);
}

#[test]
fn a_closed_listing_is_reclaimed_once_its_last_license_is_refunded_or_closed() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    market
        .create_listing(CreateListingArgs {
            refund_window_secs: 3 * DAY,
            ..listing_args(1, one_time(PRICE), Pubkey::new_unique())
        })
        .unwrap();
    let refunded_buyer = market.wallet(PRICE);
    let (refunded, result) = market.buy(&refunded_buyer, 1, PRICE);
    result.unwrap();
    let keeper = market.wallet(PRICE);
    let (kept, result) = market.buy(&keeper, 1, PRICE);
    result.unwrap();
    assert_eq!(market.listing(1).open_licenses, 2);

    // Open, then closed with licenses: refused.
    let listing = market.keys.listing(1);
    let before = market.snapshot(&[listing]);
    assert_error(&reclaim(&mut market, 1), MarketError::ListingInUse);
    market.close_listing(1).unwrap();
    assert_error(&reclaim(&mut market, 1), MarketError::ListingInUse);

    market.refund(&refunded_buyer, 1, &refunded).unwrap();
    assert_eq!(market.listing(1).open_licenses, 1);
    assert_error(&reclaim(&mut market, 1), MarketError::ListingInUse);
    market.advance_time(3 * DAY);
    market.settle(1, &kept).unwrap();
    close_license(&mut market, &keeper, 1, &kept).unwrap();

    let rent = market.platform.chain.lamports(&listing);
    assert_ne!(market.snapshot(&[listing]), before);
    let creator = market.creator.pubkey();
    let creator_before = market.platform.chain.lamports(&creator);
    reclaim(&mut market, 1).unwrap();
    assert!(!market.platform.chain.exists(&listing));
    assert_eq!(
        market.platform.chain.lamports(&creator),
        creator_before + rent - SIGNATURE_FEE
    );
}
