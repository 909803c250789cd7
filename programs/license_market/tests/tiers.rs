//! Upgrades and downgrades between subscription tiers of a model: the paid
//! time left, at its period's price, is credited against the new tier.

use {
    hex_test_support::{
        market::*, solana_keypair::Keypair, solana_signer::Signer, tokens::SPL_TOKEN, *,
    },
    license_market::{
        constants::METADATA_KEY_LISTING, errors::MarketError, state::LicenseValidity,
    },
};

const DAY: i64 = 24 * 60 * 60;
const MONTH: i64 = 30 * DAY;
const BASIC: u64 = 1_000;
const PRO: u64 = 3_000;
const FEE_BPS: u64 = 2_000;

/// Basic (id 1) and Pro (id 2) monthly subscriptions, and a one-time
/// listing (id 3); a subscriber of `tier`.
fn subscribed(tier: u64, price: u64) -> (MarketFixture, Keypair, Pubkey) {
    let mut market = MarketFixture::new(SPL_TOKEN);
    for (id, price) in [(1, BASIC), (2, PRO)] {
        market
            .create_listing(listing_args(
                id,
                subscription(price, MONTH, 0),
                Pubkey::new_unique(),
            ))
            .unwrap();
    }
    market
        .create_listing(listing_args(3, one_time(BASIC), Pubkey::new_unique()))
        .unwrap();
    let holder = market.wallet(10_000);
    let (license, result) = market.buy(&holder, tier, price);
    result.unwrap();
    (market, holder, license)
}

fn change(
    market: &mut MarketFixture,
    holder: &Keypair,
    license: &Pubkey,
    from: u64,
    to: u64,
    price: u64,
) -> TxResult {
    let ix = change_tier_ix(&holder.pubkey(), &market.keys, license, from, to, price);
    market.send(&[ix], holder)
}

#[test]
fn an_upgrade_pays_the_new_price_less_the_unused_time_and_starts_a_new_period() {
    let (mut market, holder, license) = subscribed(1, BASIC);
    market.advance_time(10 * DAY);
    let before = market.balances(&holder.pubkey(), None, None);
    let ix = change_tier_ix(&holder.pubkey(), &market.keys, &license, 1, 2, PRO);
    let (bytes, accounts) = transaction_size(
        &market.platform.chain,
        std::slice::from_ref(&ix),
        &[&holder],
    );
    println!("change_tier {bytes} bytes {accounts} accounts");
    assert!(bytes <= 1232);
    market.send(&[ix], &holder).unwrap();
    // 20 of 30 days left at 1,000: a credit of 666.
    let due = PRO - BASIC * 20 / 30;
    let fee = due * FEE_BPS / 10_000;
    assert_eq!((due, fee), (2_334, 466));
    assert_eq!(
        market.balances(&holder.pubkey(), None, None),
        Balances {
            buyer: before.buyer - due,
            treasury: before.treasury + fee,
            vault: before.vault + due - fee,
            ..before
        }
    );
    let read = market.license(&license);
    assert_eq!(read.listing, market.listing_address(2));
    assert_eq!(
        (read.locked_price, read.period_price, read.expires_at),
        (PRO, PRO, market.now() + MONTH)
    );
    assert_eq!(
        (market.listing(1).sold, market.listing(1).open_licenses),
        (0, 0)
    );
    assert_eq!(
        (market.listing(2).sold, market.listing(2).open_licenses),
        (1, 1)
    );
    assert_eq!(
        license_metadata_field(&market.platform.chain, &license, METADATA_KEY_LISTING),
        Some(market.listing_address(2).to_string())
    );
    assert_eq!(
        market.verify(&license, &holder.pubkey(), None),
        LicenseValidity::Valid
    );
}

#[test]
fn a_downgrade_pays_nothing_and_lengthens_the_new_period_by_the_credit_left() {
    let (mut market, holder, license) = subscribed(2, PRO);
    market.advance_time(15 * DAY);
    let before = market.balances(&holder.pubkey(), None, None);
    change(&mut market, &holder, &license, 2, 1, BASIC).unwrap();
    // 15 days left at 3,000: 1,500 of credit; 1,000 buys the month, 500 half a month more.
    assert_eq!(market.balances(&holder.pubkey(), None, None), before);
    assert_eq!(
        market.license(&license).expires_at,
        market.now() + MONTH + 15 * DAY
    );
}

#[test]
fn a_tier_change_needs_a_subscription_listing_of_the_model_the_seen_price_and_no_renewal_ahead() {
    let (mut market, holder, license) = subscribed(1, BASIC);
    let watched = [
        license_pda(&license),
        market.listing_address(1),
        market.listing_address(2),
        market.keys.payment_account(&holder.pubkey()),
    ];
    let before = market.snapshot(&watched);
    assert_error(
        &change(&mut market, &holder, &license, 1, 3, BASIC),
        MarketError::InvalidTierChange,
    );
    // The same listing twice: Anchor refuses the duplicate writable account.
    assert_error(
        &change(&mut market, &holder, &license, 1, 1, BASIC),
        anchor_lang::error::ErrorCode::ConstraintDuplicateMutableAccount,
    );
    assert_error(
        &change(&mut market, &holder, &license, 1, 2, PRO - 1),
        MarketError::PriceMismatch,
    );
    let stranger = market.wallet(10_000);
    let mut ix = change_tier_ix(&stranger.pubkey(), &market.keys, &license, 1, 2, PRO);
    ix.accounts[0].pubkey = stranger.pubkey();
    assert_error(
        &market.send(&[ix], &stranger),
        MarketError::NotLicenseHolder,
    );
    assert_eq!(market.snapshot(&watched), before);
    // Renewed a month ahead: the paid time left spans two periods.
    market.renew(&holder, 1, &license, BASIC).unwrap();
    assert_error(
        &change(&mut market, &holder, &license, 1, 2, PRO),
        MarketError::RenewedAhead,
    );
}
