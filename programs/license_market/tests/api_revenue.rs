//! Revenue from off-chain API billing pays the platform's API fee like any
//! other license revenue: the fee (lowered by the creator's tier) to the
//! treasury, the rest to the model's vault.

use {
    hex_test_support::{
        market::*, registry::set_taken_down_ix, solana_signer::Signer, tokens::SPL_TOKEN, *,
    },
    license_market::errors::MarketError,
};

#[test]
fn api_revenue_pays_the_api_fee_and_the_rest_to_the_model() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    // A listing opens the creator's sales record in the mint (its fee tier).
    market
        .create_listing(listing_args(
            1,
            pay_per_use(10, 0, 0, 0),
            Pubkey::new_unique(),
        ))
        .unwrap();
    let billing = market.wallet(2_000_006);
    let before = market.balances(&billing.pubkey(), None, None);
    let ix = deposit_api_revenue_ix(&billing.pubkey(), &market.keys, 1_000_003);
    market.send(&[ix], &billing).unwrap();
    // 20% of 1,000,003, rounded down.
    assert_eq!(
        market.balances(&billing.pubkey(), None, None),
        Balances {
            buyer: before.buyer - 1_000_003,
            treasury: before.treasury + 200_000,
            vault: before.vault + 800_003,
            ..before
        }
    );
    // It counts towards the creator's tier like any sale.
    let sales: license_market::state::CreatorSales = market.platform.chain.account(
        &creator_sales_pda(&market.keys.creator, &market.keys.payment_mint),
    );
    assert_eq!(sales.total_sales, 1_000_003);

    let before = market.balances(&billing.pubkey(), None, None);
    let zero = deposit_api_revenue_ix(&billing.pubkey(), &market.keys, 0);
    assert_error(&market.send(&[zero], &billing), MarketError::ZeroAmount);
    let authority = market.platform.authority.insecure_clone();
    let takedown = set_taken_down_ix(&authority.pubkey(), &market.keys.model_mint, true);
    market.send(&[takedown], &authority).unwrap();
    let ix = deposit_api_revenue_ix(&billing.pubkey(), &market.keys, 1_000_003);
    assert_error(&market.send(&[ix], &billing), MarketError::ModelTakenDown);
    assert_eq!(market.balances(&billing.pubkey(), None, None), before);
}
