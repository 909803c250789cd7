//! Every kind of license sale, with each party's balance asserted to the
//! base unit and the total of the balances conserved.
//!
//! The platform's fees (test-support's `default_config_args`): 20% on
//! licenses, 18% once the creator's lifetime sales reach 1,000 whole units
//! of the payment mint, 2.5% on license resales.

use {
    anchor_spl::token_2022::spl_token_2022::{
        extension::{
            permanent_delegate::PermanentDelegate, BaseStateWithExtensions, StateWithExtensions,
        },
        state::{AccountState, Mint as MintState},
    },
    hex_test_support::{
        escrow::{claim_owner_ix, OwnerClaim},
        market::*,
        registry::ownership_token_address,
        solana_signer::Signer,
        tokens::{SPL_TOKEN, TOKEN_2022},
        *,
    },
    license_market::{
        constants::{METADATA_KEY_EXPIRES, METADATA_KEY_TERMS},
        instructions::CreateListingArgs,
        state::{CreatorSales, LicenseStatus, LicenseValidity, PricingKind, Review},
    },
};

const DAY: i64 = 24 * 60 * 60;
const MONTH: i64 = 30 * DAY;

/// Asserts the license NFT sits frozen in `holder`'s wallet, one of one,
/// and that nobody can mint another.
#[track_caller]
fn assert_license_nft(market: &MarketFixture, license_mint: &Pubkey, holder: &Pubkey) {
    let chain = &market.platform.chain;
    let token = token_account_state(chain, &license_token_address(holder, license_mint));
    assert_eq!(token.amount, 1);
    assert_eq!(token.owner, *holder);
    assert_eq!(token.state, AccountState::Frozen);
    // The License closes the account and burns the NFT without the holder.
    let license = Some(license_pda(license_mint));
    assert_eq!(Option::<Pubkey>::from(token.close_authority), license);
    let mint_account = chain.svm.get_account(license_mint).unwrap();
    let delegate = StateWithExtensions::<MintState>::unpack(&mint_account.data)
        .unwrap()
        .get_extension::<PermanentDelegate>()
        .unwrap()
        .delegate;
    assert_eq!(Option::<Pubkey>::from(delegate), license);
    let mint = mint_state(chain, license_mint);
    assert_eq!(mint.supply, 1);
    assert_eq!(mint.decimals, 0);
    assert!(mint.mint_authority.is_none(), "no one can mint more");
    assert_eq!(Option::<Pubkey>::from(mint.freeze_authority), license);
}

fn one_time_sale_pays_fee_and_vault(market: &mut MarketFixture, price: u64, fee: u64) {
    let meter = Pubkey::new_unique();
    market
        .create_listing(listing_args(1, one_time(price), meter))
        .unwrap();
    let buyer = market.wallet(price + 1);
    let before = market.balances(&buyer.pubkey(), None, None);

    let (license_mint, result) = market.buy(&buyer, 1, price);
    result.unwrap();

    let after = market.balances(&buyer.pubkey(), None, None);
    assert_eq!(
        after,
        Balances {
            buyer: 1,
            treasury: before.treasury + fee,
            vault: before.vault + price - fee,
            ..before
        }
    );
    assert_eq!(after.total(), before.total());

    let license = market.license(&license_mint);
    assert_eq!(license.holder, buyer.pubkey());
    assert_eq!(license.mint, license_mint);
    assert_eq!(license.listing, market.listing_address(1));
    assert_eq!(license.model_mint, market.keys.model_mint);
    assert_eq!(license.kind, PricingKind::OneTime);
    assert_eq!(license.status, LicenseStatus::Active);
    assert_eq!(license.expires_at, 0);
    assert_eq!(license.credits, 0);
    assert_eq!(license.total_units, 0);
    assert_eq!(license.serial, 1);
    assert_eq!(license.total_paid, price);
    assert_eq!(license.pending_payment, 0);
    let listing = market.listing(1);
    assert_eq!((listing.sold, listing.issued), (1, 1));
    assert_eq!(market.model().license_count, 1);
    let sales: CreatorSales = market.platform.chain.account(&creator_sales_pda(
        &market.keys.creator,
        &market.keys.payment_mint,
    ));
    assert_eq!(sales.total_sales, price);
    assert_license_nft(market, &license_mint, &buyer.pubkey());
    assert_eq!(
        license_metadata_field(&market.platform.chain, &license_mint, METADATA_KEY_TERMS)
            .as_deref(),
        Some("one-time")
    );
    assert_eq!(
        license_metadata_field(&market.platform.chain, &license_mint, METADATA_KEY_EXPIRES)
            .as_deref(),
        Some("never")
    );
    assert_eq!(
        market.verify(&license_mint, &buyer.pubkey(), None),
        LicenseValidity::Valid
    );
}

#[test]
fn a_one_time_license_in_spl_token_pays_20_percent_to_the_treasury_and_the_rest_to_the_vault() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    // 1.234567 units: the fee rounds down, the vault gets every other unit.
    one_time_sale_pays_fee_and_vault(&mut market, 1_234_567, 246_913);
}

#[test]
fn a_one_time_license_in_token_2022_pays_20_percent_to_the_treasury_and_the_rest_to_the_vault() {
    let mut market = MarketFixture::new(TOKEN_2022);
    one_time_sale_pays_fee_and_vault(&mut market, 7_654_321, 1_530_864);
}

#[test]
fn a_one_time_license_in_wrapped_sol_pays_20_percent_to_the_treasury_and_the_rest_to_the_vault() {
    let mut market = MarketFixture::new_wrapped_sol();
    // 0.5 SOL.
    one_time_sale_pays_fee_and_vault(&mut market, 500_000_001, 100_000_000);
}

#[test]
fn the_license_fee_drops_to_18_percent_once_the_creator_sold_1000_whole_units() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let price = 1_000_000_000; // 1,000 units of 6 decimals.
    market
        .create_listing(listing_args(1, one_time(price), Pubkey::new_unique()))
        .unwrap();
    let first = market.wallet(price);
    market.buy(&first, 1, price).1.unwrap();
    assert_eq!(market.treasury_balance(), 200_000_000);
    let second = market.wallet(price);
    market.buy(&second, 1, price).1.unwrap();
    assert_eq!(market.treasury_balance(), 200_000_000 + 180_000_000);
    assert_eq!(market.vault_balance(), 800_000_000 + 820_000_000);
}

#[test]
fn a_subscription_renews_from_its_expiry_while_valid_and_from_now_once_lapsed() {
    let mut market = MarketFixture::new(TOKEN_2022);
    let price = 30_000_001;
    let fee = 6_000_000;
    market
        .create_listing(listing_args(
            1,
            subscription(price, MONTH, 0),
            Pubkey::new_unique(),
        ))
        .unwrap();
    let buyer = market.wallet(3 * price);
    let bought_at = market.now();
    let before = market.balances(&buyer.pubkey(), None, None);
    let (license_mint, result) = market.buy(&buyer, 1, price);
    result.unwrap();
    let after = market.balances(&buyer.pubkey(), None, None);
    assert_eq!(
        after,
        Balances {
            buyer: before.buyer - price,
            treasury: before.treasury + fee,
            vault: before.vault + price - fee,
            ..before
        }
    );
    assert_eq!(after.total(), before.total());
    let license = market.license(&license_mint);
    assert_eq!(license.kind, PricingKind::Subscription);
    assert_eq!(license.expires_at, bought_at + MONTH);
    assert_eq!(
        license_metadata_field(&market.platform.chain, &license_mint, METADATA_KEY_EXPIRES),
        Some((bought_at + MONTH).to_string())
    );
    assert_license_nft(&market, &license_mint, &buyer.pubkey());

    // Still valid: the new period starts at the expiry.
    market.advance_time(10 * DAY);
    let before = after;
    market.renew(&buyer, 1, &license_mint, price).unwrap();
    let after = market.balances(&buyer.pubkey(), None, None);
    assert_eq!(
        after,
        Balances {
            buyer: before.buyer - price,
            treasury: before.treasury + fee,
            vault: before.vault + price - fee,
            ..before
        }
    );
    assert_eq!(after.total(), before.total());
    let license = market.license(&license_mint);
    assert_eq!(license.expires_at, bought_at + 2 * MONTH);
    assert_eq!(license.total_paid, 2 * price);
    assert_eq!(
        license_metadata_field(&market.platform.chain, &license_mint, METADATA_KEY_EXPIRES),
        Some((bought_at + 2 * MONTH).to_string())
    );

    // Lapsed: the new period starts now.
    market.advance_time(2 * MONTH);
    assert_eq!(
        market.verify(&license_mint, &buyer.pubkey(), None),
        LicenseValidity::Expired
    );
    let renewed_at = market.now();
    market.renew(&buyer, 1, &license_mint, price).unwrap();
    assert_eq!(market.license(&license_mint).expires_at, renewed_at + MONTH);
    assert_eq!(
        market.verify(&license_mint, &buyer.pubkey(), None),
        LicenseValidity::Valid
    );
    assert_eq!(market.balance_of(&buyer.pubkey()), 0);
    assert_eq!(market.treasury_balance(), 3 * fee);
    assert_eq!(market.vault_balance(), 3 * (price - fee));
}

#[test]
fn a_subscriptions_usage_cap_resets_at_the_next_period() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let meter = market.wallet(0);
    let price = 5_000_000;
    market
        .create_listing(listing_args(
            1,
            subscription(price, MONTH, 100),
            meter.pubkey(),
        ))
        .unwrap();
    let buyer = market.wallet(2 * price);
    let (license_mint, result) = market.buy(&buyer, 1, price);
    result.unwrap();
    let before = market.balances(&buyer.pubkey(), None, None);

    market
        .record_usage(&meter, 1, &license_mint, None, 60, 1)
        .unwrap();
    market
        .record_usage(&meter, 1, &license_mint, None, 40, 2)
        .unwrap();
    // Metering a subscription moves no tokens.
    assert_eq!(market.balances(&buyer.pubkey(), None, None), before);
    let license = market.license(&license_mint);
    assert_eq!((license.used_in_period, license.total_units), (100, 100));
    assert_eq!(
        market.verify(&license_mint, &buyer.pubkey(), None),
        LicenseValidity::Exhausted
    );
    assert_error(
        &market.record_usage(&meter, 1, &license_mint, None, 1, 3),
        license_market::errors::MarketError::UsageCapExceeded,
    );

    market.renew(&buyer, 1, &license_mint, price).unwrap();
    market.advance_time(MONTH + DAY);
    market
        .record_usage(&meter, 1, &license_mint, None, 1, 3)
        .unwrap();
    let license = market.license(&license_mint);
    assert_eq!((license.used_in_period, license.total_units), (1, 101));
    assert_eq!(license.last_usage_sequence, 3);
    assert_eq!(license.usage_period_start, license.created_at + MONTH);
    assert_eq!(
        market.verify(&license_mint, &buyer.pubkey(), None),
        LicenseValidity::Valid
    );
}

#[test]
fn pay_per_use_pays_price_times_units_from_credits_with_the_nodes_compute_share() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let meter = market.wallet(0);
    let node = Pubkey::new_unique();
    market.payment_account(&node);
    let unit_price = 1_001;
    market
        .create_listing(CreateListingArgs {
            compute_node: node,
            ..listing_args(1, pay_per_use(unit_price, 0, 0, 1_500), meter.pubkey())
        })
        .unwrap();
    let buyer = market.wallet(1_000_000);

    // Nothing is paid upfront.
    let before = market.balances(&buyer.pubkey(), None, Some(&node));
    let (license_mint, result) = market.buy(&buyer, 1, unit_price);
    result.unwrap();
    assert_eq!(market.balances(&buyer.pubkey(), None, Some(&node)), before);
    assert_eq!(
        market.verify(&license_mint, &buyer.pubkey(), None),
        LicenseValidity::Exhausted
    );

    market
        .deposit_credits(&buyer, 1, &license_mint, 1_000_000)
        .unwrap();
    let deposited = market.balances(&buyer.pubkey(), None, Some(&node));
    assert_eq!(
        deposited,
        Balances {
            buyer: 0,
            escrow: before.escrow + 1_000_000,
            ..before
        }
    );
    assert_eq!(market.license(&license_mint).credits, 1_000_000);

    // 333 units cost 333,333: 20% fee 66,666, 15% compute 49,999, the rest
    // (216,668) to the vault.
    market
        .record_usage(&meter, 1, &license_mint, Some(&node), 333, 1)
        .unwrap();
    let used = market.balances(&buyer.pubkey(), None, Some(&node));
    assert_eq!(
        used,
        Balances {
            escrow: deposited.escrow - 333_333,
            treasury: deposited.treasury + 66_666,
            node: deposited.node + 49_999,
            vault: deposited.vault + 216_668,
            ..deposited
        }
    );
    assert_eq!(used.total(), deposited.total());
    let license = market.license(&license_mint);
    assert_eq!(license.credits, 1_000_000 - 333_333);
    assert_eq!(license.total_units, 333);
    assert_eq!(license.used_in_period, 333);
    assert_eq!(license.last_usage_sequence, 1);
    assert_eq!(license.total_paid, 333_333);
    assert_eq!(license.locked_price, unit_price);

    market
        .withdraw_credits(&buyer, 1, &license_mint, 600_000)
        .unwrap();
    let withdrawn = market.balances(&buyer.pubkey(), None, Some(&node));
    assert_eq!(
        withdrawn,
        Balances {
            buyer: used.buyer + 600_000,
            escrow: used.escrow - 600_000,
            ..used
        }
    );
    assert_eq!(market.license(&license_mint).credits, 66_667);
    assert_eq!(
        market.verify(&license_mint, &buyer.pubkey(), None),
        LicenseValidity::Valid
    );
}

#[test]
fn revenue_share_pays_the_minimum_upfront_then_the_larger_of_the_share_and_the_minimum() {
    let mut market = MarketFixture::new(TOKEN_2022);
    let minimum = 10_000_000;
    market
        .create_listing(listing_args(
            1,
            revenue_share(minimum, MONTH, 500),
            Pubkey::new_unique(),
        ))
        .unwrap();
    let buyer = market.wallet(100_000_000);
    let bought_at = market.now();
    let before = market.balances(&buyer.pubkey(), None, None);
    let (license_mint, result) = market.buy(&buyer, 1, minimum);
    result.unwrap();
    let after = market.balances(&buyer.pubkey(), None, None);
    assert_eq!(
        after,
        Balances {
            buyer: before.buyer - minimum,
            treasury: before.treasury + 2_000_000,
            vault: before.vault + 8_000_000,
            ..before
        }
    );
    assert_eq!(after.total(), before.total());
    assert_eq!(market.license(&license_mint).expires_at, bought_at + MONTH);

    // 5% of 100 units is 5 units, below the minimum: the minimum is paid.
    let before = after;
    market
        .report_revenue(&buyer, 1, &license_mint, 100_000_000)
        .unwrap();
    let after = market.balances(&buyer.pubkey(), None, None);
    assert_eq!(
        after,
        Balances {
            buyer: before.buyer - minimum,
            treasury: before.treasury + 2_000_000,
            vault: before.vault + 8_000_000,
            ..before
        }
    );
    assert_eq!(after.total(), before.total());

    // 5% of 300.000007 units is 15.0000003 units: the share (rounded down).
    let before = after;
    market
        .report_revenue(&buyer, 1, &license_mint, 300_000_007)
        .unwrap();
    let after = market.balances(&buyer.pubkey(), None, None);
    assert_eq!(
        after,
        Balances {
            buyer: before.buyer - 15_000_000,
            treasury: before.treasury + 3_000_000,
            vault: before.vault + 12_000_000,
            ..before
        }
    );
    assert_eq!(after.total(), before.total());
    let license = market.license(&license_mint);
    assert_eq!(license.kind, PricingKind::RevenueShare);
    assert_eq!(license.revenue_reported, 400_000_007);
    assert_eq!(license.total_paid, 35_000_000);
    assert_eq!(license.expires_at, bought_at + 3 * MONTH);
    assert_eq!(
        license_metadata_field(&market.platform.chain, &license_mint, METADATA_KEY_EXPIRES),
        Some((bought_at + 3 * MONTH).to_string())
    );
}

#[test]
fn a_resale_pays_2_5_percent_to_the_treasury_the_royalty_to_the_vault_and_the_rest_to_the_seller() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let price = 1_000_000;
    market
        .create_listing(listing_args(1, one_time(price), Pubkey::new_unique()))
        .unwrap();
    let seller = market.wallet(price);
    let (license_mint, result) = market.buy(&seller, 1, price);
    result.unwrap();

    let resale_price = 2_000_003;
    market
        .list_for_resale(&seller, &license_mint, resale_price)
        .unwrap();
    assert_eq!(market.license(&license_mint).resale_price, resale_price);
    // Listed, the NFT stays frozen, with the License PDA as its delegate.
    let token = token_account_state(
        &market.platform.chain,
        &license_token_address(&seller.pubkey(), &license_mint),
    );
    assert_eq!(token.state, AccountState::Frozen);
    assert_eq!(
        Option::<Pubkey>::from(token.delegate),
        Some(license_pda(&license_mint))
    );

    let buyer = market.wallet(resale_price);
    let before = market.balances(&buyer.pubkey(), Some(&seller.pubkey()), None);
    let seller_nft_account = license_token_address(&seller.pubkey(), &license_mint);
    let seller_lamports = market.platform.chain.lamports(&seller.pubkey())
        + market.platform.chain.lamports(&seller_nft_account);
    market
        .buy_resold(&buyer, 1, &license_mint, resale_price)
        .unwrap();
    let after = market.balances(&buyer.pubkey(), Some(&seller.pubkey()), None);
    // Fee 2.5% = 50,000; royalty 10% = 200,000; the seller gets the rest.
    assert_eq!(
        after,
        Balances {
            buyer: 0,
            treasury: before.treasury + 50_000,
            vault: before.vault + 200_000,
            seller: before.seller + 1_750_003,
            ..before
        }
    );
    assert_eq!(after.total(), before.total());

    let license = market.license(&license_mint);
    assert_eq!(license.holder, buyer.pubkey());
    assert_eq!(license.resale_price, 0);
    assert_license_nft(&market, &license_mint, &buyer.pubkey());
    // The seller's emptied NFT account is closed, its rent back to the seller.
    assert!(!market.platform.chain.exists(&seller_nft_account));
    assert_eq!(
        market.platform.chain.lamports(&seller.pubkey()),
        seller_lamports
    );
    let listing = market.listing(1);
    assert_eq!((listing.sold, listing.issued), (1, 1));
    assert_eq!(market.model().license_count, 1);
    assert_eq!(
        market.verify(&license_mint, &buyer.pubkey(), None),
        LicenseValidity::Valid
    );
    assert_eq!(
        market.verify(&license_mint, &seller.pubkey(), None),
        LicenseValidity::NotHolder
    );
}

#[test]
fn a_resale_offer_can_be_withdrawn_with_a_price_of_zero() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    market
        .create_listing(listing_args(1, one_time(1_000), Pubkey::new_unique()))
        .unwrap();
    let holder = market.wallet(1_000);
    let (license_mint, result) = market.buy(&holder, 1, 1_000);
    result.unwrap();
    market
        .list_for_resale(&holder, &license_mint, 5_000)
        .unwrap();
    market.list_for_resale(&holder, &license_mint, 0).unwrap();
    assert_eq!(market.license(&license_mint).resale_price, 0);
    let token = token_account_state(
        &market.platform.chain,
        &license_token_address(&holder.pubkey(), &license_mint),
    );
    assert_eq!(token.state, AccountState::Frozen);
    assert!(token.delegate.is_none());
    let buyer = market.wallet(5_000);
    assert_error(
        &market.buy_resold(&buyer, 1, &license_mint, 5_000),
        license_market::errors::MarketError::NotForResale,
    );
}

#[test]
fn reviews_by_license_holders_add_to_the_models_rating() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    market
        .create_listing(listing_args(1, one_time(1_000), Pubkey::new_unique()))
        .unwrap();
    let (first, second) = (market.wallet(1_000), market.wallet(1_000));
    let (first_license, result) = market.buy(&first, 1, 1_000);
    result.unwrap();
    let (second_license, result) = market.buy(&second, 1, 1_000);
    result.unwrap();
    assert_eq!(market.license(&second_license).serial, 2);

    market.review(&first, &first_license, 4).unwrap();
    market.review(&second, &second_license, 5).unwrap();
    let model = market.model();
    assert_eq!(model.license_count, 2);
    assert_eq!((model.rating_sum, model.rating_count), (9, 2));
    let review: Review = market
        .platform
        .chain
        .account(&review_pda(&license_pda(&first_license)));
    assert_eq!(review.reviewer, first.pubkey());
    assert_eq!(review.rating, 4);
    assert_eq!(review.model_mint, market.keys.model_mint);
}

#[test]
fn the_owner_updates_pauses_resumes_and_closes_a_listing() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    market
        .create_listing(listing_args(1, one_time(1_000), Pubkey::new_unique()))
        .unwrap();
    let listing = market.listing(1);
    assert_eq!(listing.model_mint, market.keys.model_mint);
    assert_eq!(listing.payment_mint, market.keys.payment_mint);
    assert_eq!(listing.payment_token_program, SPL_TOKEN);
    assert!(listing.active && !listing.closed);
    assert_eq!(listing.created_at, START_TIME);

    let new_meter = Pubkey::new_unique();
    market
        .update_listing(
            1,
            license_market::instructions::UpdateListingArgs {
                price: Some(2_000),
                supply_cap: Some(5),
                refund_window_secs: Some(DAY),
                meter_authority: Some(new_meter),
                compute_node: None,
                active: Some(false),
                uri: Some("https://licenses.hex.example/v2.json".to_string()),
                trial_units: None,
            },
        )
        .unwrap();
    let listing = market.listing(1);
    assert_eq!(listing.pricing.price, 2_000);
    assert_eq!(listing.supply_cap, 5);
    assert_eq!(listing.refund_window_secs, DAY);
    assert_eq!(listing.meter_authority, new_meter);
    assert!(!listing.active);
    assert_eq!(listing.uri, "https://licenses.hex.example/v2.json");

    let buyer = market.wallet(4_000);
    assert_error(
        &market.buy(&buyer, 1, 2_000).1,
        license_market::errors::MarketError::ListingInactive,
    );
    market
        .update_listing(
            1,
            license_market::instructions::UpdateListingArgs {
                active: Some(true),
                ..Default::default()
            },
        )
        .unwrap();
    let (license_mint, result) = market.buy(&buyer, 1, 2_000);
    result.unwrap();

    market.close_listing(1).unwrap();
    let listing = market.listing(1);
    assert!(listing.closed && !listing.active);
    assert_error(
        &market.buy(&buyer, 1, 2_000).1,
        license_market::errors::MarketError::ListingClosed,
    );
    // Its licenses stay valid.
    assert_eq!(
        market.verify(&license_mint, &buyer.pubkey(), None),
        LicenseValidity::Valid
    );
}

#[test]
fn while_the_platform_is_paused_refunds_credit_withdrawals_and_claims_still_work() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let price = 1_000_000;
    market
        .create_listing(CreateListingArgsExt::with_refund_window(
            listing_args(1, one_time(price), Pubkey::new_unique()),
            3 * DAY,
        ))
        .unwrap();
    market
        .create_listing(listing_args(
            2,
            pay_per_use(10, 0, 0, 0),
            Pubkey::new_unique(),
        ))
        .unwrap();
    market
        .create_listing(listing_args(3, one_time(price), Pubkey::new_unique()))
        .unwrap();
    let buyer = market.wallet(3 * price);
    let (refundable, result) = market.buy(&buyer, 1, price);
    result.unwrap();
    let (metered, result) = market.buy(&buyer, 2, 10);
    result.unwrap();
    market.deposit_credits(&buyer, 2, &metered, 500).unwrap();
    market.buy(&buyer, 3, price).1.unwrap();
    let vault = market.vault_balance();
    assert_eq!(vault, 800_000);

    let authority = market.platform.authority.insecure_clone();
    market
        .send(
            &[hex_test_support::registry::set_paused_ix(
                &authority.pubkey(),
                true,
            )],
            &authority,
        )
        .unwrap();
    assert!(market.config().paused);
    assert_error(
        &market.create_listing(listing_args(4, one_time(price), Pubkey::new_unique())),
        license_market::errors::MarketError::PlatformPaused,
    );
    assert_error(
        &market.buy(&buyer, 3, price).1,
        license_market::errors::MarketError::PlatformPaused,
    );
    assert_error(
        &market.deposit_credits(&buyer, 2, &metered, 1),
        license_market::errors::MarketError::PlatformPaused,
    );

    let before = market.balance_of(&buyer.pubkey());
    market.refund(&buyer, 1, &refundable).unwrap();
    market.withdraw_credits(&buyer, 2, &metered, 500).unwrap();
    assert_eq!(market.balance_of(&buyer.pubkey()), before + price + 500);
    assert_eq!(market.escrow_balance(), 0);

    let creator = market.creator.insecure_clone();
    let destination = market.keys.payment_account(&creator.pubkey());
    let claim = claim_owner_ix(&OwnerClaim {
        owner: creator.pubkey(),
        ownership_token: ownership_token_address(&creator.pubkey(), &market.keys.model_mint),
        model_mint: market.keys.model_mint,
        destination,
        payment_mint: market.keys.payment_mint,
        token_program: SPL_TOKEN,
    });
    market.send(&[claim], &creator).unwrap();
    assert_eq!(market.balance_of(&creator.pubkey()), vault);
    assert_eq!(market.vault_balance(), 0);
}

/// Listing arguments with a refund window.
trait CreateListingArgsExt {
    fn with_refund_window(self, secs: i64) -> Self;
}

impl CreateListingArgsExt for license_market::instructions::CreateListingArgs {
    fn with_refund_window(mut self, secs: i64) -> Self {
        self.refund_window_secs = secs;
        self
    }
}

#[test]
fn verify_license_answers_for_a_holder_and_a_time_through_return_data() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    market
        .create_listing(listing_args(
            1,
            subscription(1_000, MONTH, 0),
            Pubkey::new_unique(),
        ))
        .unwrap();
    let buyer = market.wallet(1_000);
    let (license_mint, result) = market.buy(&buyer, 1, 1_000);
    result.unwrap();
    let expires_at = market.license(&license_mint).expires_at;
    let holder = buyer.pubkey();
    assert_eq!(
        market.verify(&license_mint, &holder, None),
        LicenseValidity::Valid
    );
    assert_eq!(
        market.verify(&license_mint, &holder, Some(expires_at - 1)),
        LicenseValidity::Valid
    );
    assert_eq!(
        market.verify(&license_mint, &holder, Some(expires_at)),
        LicenseValidity::Expired
    );
    assert_eq!(
        market.verify(&license_mint, &Pubkey::new_unique(), None),
        LicenseValidity::NotHolder
    );
}
