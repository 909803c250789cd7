//! A model the platform took down sells nothing new: no listing, purchase,
//! renewal or resale, each refused with `ModelTakenDown` and nothing moved.

use {
    hex_test_support::{
        market::*, registry::set_taken_down_ix, solana_signer::Signer, tokens::SPL_TOKEN, *,
    },
    license_market::errors::MarketError,
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
