//! Every market instruction fits a transaction (1,232 bytes on the wire),
//! measured at its largest: longest URIs, optional accounts present.

use {
    anchor_lang::solana_program::instruction::Instruction,
    hex_test_support::{
        market::*,
        registry::ownership_token_address,
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{SPL_TOKEN, TOKEN_2022},
        *,
    },
    license_market::{
        constants::MAX_URI_LEN,
        instructions::{CreateListingArgs, UpdateListingArgs},
    },
};

/// The largest transaction the network accepts (PACKET_DATA_SIZE).
const MAX_TX_BYTES: usize = 1232;
const DAY: i64 = 24 * 60 * 60;

fn longest_uri() -> String {
    format!("https://{}", "u".repeat(MAX_URI_LEN as usize - 8))
}

#[track_caller]
fn measure(
    chain: &TestChain,
    name: &str,
    instruction: &Instruction,
    signers: &[&Keypair],
) -> (usize, usize) {
    let (bytes, accounts) = transaction_size(chain, std::slice::from_ref(instruction), signers);
    println!("{name:<26} {bytes:>5} bytes {accounts:>3} accounts");
    assert!(
        bytes <= MAX_TX_BYTES,
        "{name}: {bytes} bytes, over {MAX_TX_BYTES}"
    );
    (bytes, accounts)
}

fn every_market_transaction_fits(token_program: Pubkey) {
    let mut market = MarketFixture::new(token_program);
    let keys = market.keys;
    let creator = market.creator.insecure_clone();
    let ownership = ownership_token_address(&creator.pubkey(), &keys.model_mint);
    let meter = market.wallet(0);
    let node = Pubkey::new_unique();
    market.payment_account(&node);

    let create = create_listing_ix(
        &creator.pubkey(),
        &ownership,
        &keys,
        CreateListingArgs {
            uri: longest_uri(),
            compute_node: node,
            ..listing_args(1, pay_per_use(100, 0, 0, 1_000), meter.pubkey())
        },
    );
    measure(
        &market.platform.chain,
        "create_listing",
        &create,
        &[&creator],
    );
    market.send(&[create], &creator).unwrap();
    market
        .create_listing(CreateListingArgs {
            refund_window_secs: DAY,
            ..listing_args(2, one_time(1_000), meter.pubkey())
        })
        .unwrap();
    market
        .create_listing(listing_args(
            3,
            subscription(1_000, 30 * DAY, 0),
            meter.pubkey(),
        ))
        .unwrap();
    market
        .create_listing(listing_args(
            4,
            revenue_share(1_000, 30 * DAY, 100),
            meter.pubkey(),
        ))
        .unwrap();

    let update = update_listing_ix(
        &creator.pubkey(),
        &ownership,
        &keys.model_mint,
        &keys.listing(1),
        UpdateListingArgs {
            price: Some(200),
            // Pay-per-use licenses are free to mint: the listing has no cap.
            supply_cap: Some(0),
            refund_window_secs: Some(0),
            meter_authority: Some(meter.pubkey()),
            compute_node: Some(node),
            active: Some(true),
            uri: Some(longest_uri()),
            trial_units: Some(5),
        },
    );
    measure(
        &market.platform.chain,
        "update_listing",
        &update,
        &[&creator],
    );
    market.send(&[update], &creator).unwrap();

    // Pay-per-use: buy, credits, usage with a compute share.
    let buyer = market.wallet(1_000_000);
    let license_mint = Keypair::new();
    let buy = buy_license_ix(
        &buyer.pubkey(),
        &keys,
        &keys.listing(1),
        &license_mint.pubkey(),
        200,
    );
    let buy_size = measure(
        &market.platform.chain,
        "buy_license",
        &buy,
        &[&buyer, &license_mint],
    );
    market
        .platform
        .chain
        .send(&[buy], &[&buyer, &license_mint])
        .unwrap();
    let metered = license_mint.pubkey();
    let deposit = deposit_credits_ix(&buyer.pubkey(), &keys, &keys.listing(1), &metered, 10_000);
    measure(
        &market.platform.chain,
        "deposit_credits",
        &deposit,
        &[&buyer],
    );
    market.send(&[deposit], &buyer).unwrap();
    let usage = record_usage_ix(
        &meter.pubkey(),
        &keys,
        &keys.listing(1),
        &metered,
        Some(keys.payment_account(&node)),
        3,
        1,
    );
    let usage_size = measure(&market.platform.chain, "record_usage", &usage, &[&meter]);
    market.send(&[usage], &meter).unwrap();
    let withdraw = withdraw_credits_ix(&buyer.pubkey(), &keys, &keys.listing(1), &metered, 9_400);
    measure(
        &market.platform.chain,
        "withdraw_credits",
        &withdraw,
        &[&buyer],
    );
    market.send(&[withdraw], &buyer).unwrap();
    assert_eq!(market.license(&metered).credits, 0);

    // Resale.
    let list = list_license_for_resale_ix(&buyer.pubkey(), &metered, 5_000);
    measure(
        &market.platform.chain,
        "list_license_for_resale",
        &list,
        &[&buyer],
    );
    market.send(&[list], &buyer).unwrap();
    let second = market.wallet(5_000);
    let resale = buy_resold_license_ix(
        &second.pubkey(),
        &buyer.pubkey(),
        &keys,
        &keys.listing(1),
        &metered,
        5_000,
    );
    let resale_size = measure(
        &market.platform.chain,
        "buy_resold_license",
        &resale,
        &[&second],
    );
    market.send(&[resale], &second).unwrap();
    assert_eq!(market.license(&metered).holder, second.pubkey());

    let review = review_model_ix(
        &second.pubkey(),
        &keys.model_mint,
        &metered,
        5,
        &longest_uri(),
    );
    measure(&market.platform.chain, "review_model", &review, &[&second]);
    market.send(&[review], &second).unwrap();
    let payer = market.wallet(0);
    let verify = verify_license_ix(&keys.model_mint, &metered, &second.pubkey(), Some(0));
    measure(&market.platform.chain, "verify_license", &verify, &[&payer]);

    // Refundable one-time: refund, dispute, settle.
    let (refunded, result) = market.buy(&buyer, 2, 1_000);
    result.unwrap();
    let refund = refund_license_ix(&buyer.pubkey(), &keys, &keys.listing(2), &refunded);
    let refund_size = measure(&market.platform.chain, "refund_license", &refund, &[&buyer]);
    market.send(&[refund], &buyer).unwrap();
    let (disputed, result) = market.buy(&buyer, 2, 1_000);
    result.unwrap();
    let dispute = open_dispute_ix(&buyer.pubkey(), &disputed);
    measure(&market.platform.chain, "open_dispute", &dispute, &[&buyer]);
    market.send(&[dispute], &buyer).unwrap();
    let arbiter = market.platform.authority.insecure_clone();
    let resolve = resolve_dispute_ix(
        &arbiter.pubkey(),
        &keys,
        &keys.listing(2),
        &disputed,
        &buyer.pubkey(),
        true,
    );
    measure(
        &market.platform.chain,
        "resolve_dispute",
        &resolve,
        &[&arbiter],
    );
    market.send(&[resolve], &arbiter).unwrap();
    let (settled, result) = market.buy(&buyer, 2, 1_000);
    result.unwrap();
    market.advance_time(DAY);
    let settle = settle_purchase_ix(&keys, &keys.listing(2), &settled);
    measure(
        &market.platform.chain,
        "settle_purchase",
        &settle,
        &[&payer],
    );
    market.send(&[settle], &payer).unwrap();

    // Subscription and revenue share payments.
    let (subscribed, result) = market.buy(&buyer, 3, 1_000);
    result.unwrap();
    let renew = renew_license_ix(&buyer.pubkey(), &keys, &keys.listing(3), &subscribed, 1_000);
    measure(&market.platform.chain, "renew_license", &renew, &[&buyer]);
    market.send(&[renew], &buyer).unwrap();
    let (shared, result) = market.buy(&buyer, 4, 1_000);
    result.unwrap();
    let report = report_revenue_ix(&buyer.pubkey(), &keys, &keys.listing(4), &shared, 500_000);
    measure(&market.platform.chain, "report_revenue", &report, &[&buyer]);
    market.send(&[report], &buyer).unwrap();

    // Trials of the pay-per-use listing (5 units), and the end of a license.
    market.fund(&creator.pubkey(), 1_000);
    let fund = fund_trials_ix(&creator.pubkey(), &keys, 1, 1_000);
    measure(&market.platform.chain, "fund_trials", &fund, &[&creator]);
    market.send(&[fund], &creator).unwrap();
    let (tried, result) = market.buy(&buyer, 1, 200);
    result.unwrap();
    let claim = claim_trial_ix(&buyer.pubkey(), &keys.listing(1), &tried);
    measure(&market.platform.chain, "claim_trial", &claim, &[&buyer]);
    market.send(&[claim], &buyer).unwrap();
    let close_license = close_license_ix(&buyer.pubkey(), &keys.listing(3), &subscribed);
    measure(
        &market.platform.chain,
        "close_license",
        &close_license,
        &[&buyer],
    );
    market.send(&[close_license], &buyer).unwrap();

    let close = close_listing_ix(
        &creator.pubkey(),
        &ownership,
        &keys.model_mint,
        &keys.listing(1),
    );
    measure(&market.platform.chain, "close_listing", &close, &[&creator]);
    market.send(&[close], &creator).unwrap();
    let reclaim = reclaim_listing_ix(
        &creator.pubkey(),
        &ownership,
        &keys.model_mint,
        &keys.listing(1),
    );
    measure(
        &market.platform.chain,
        "reclaim_listing",
        &reclaim,
        &[&creator],
    );

    println!(
        "summary: buy_license {} B / {} accounts, record_usage {} B / {} accounts, \
         buy_resold_license {} B / {} accounts, refund_license {} B / {} accounts",
        buy_size.0,
        buy_size.1,
        usage_size.0,
        usage_size.1,
        resale_size.0,
        resale_size.1,
        refund_size.0,
        refund_size.1
    );
}

#[test]
fn every_market_transaction_fits_1232_bytes_with_an_spl_token_mint() {
    every_market_transaction_fits(SPL_TOKEN);
}

#[test]
fn every_market_transaction_fits_1232_bytes_with_a_token_2022_mint() {
    every_market_transaction_fits(TOKEN_2022);
}
