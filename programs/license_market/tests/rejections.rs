//! Everything the market refuses, each by the error it names.

use {
    anchor_lang::solana_program::instruction::Instruction,
    anchor_lang::{InstructionData, ToAccountMetas},
    anchor_spl::token_2022::spl_token_2022::instruction::transfer_checked,
    hex_test_support::{
        escrow::create_vault_ix,
        market::*,
        registry::{model_pda, ownership_token_address},
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{self, SPL_TOKEN, TOKEN_2022},
        *,
    },
    license_market::{
        errors::MarketError,
        instructions::{CreateListingArgs, UpdateListingArgs},
        state::Pricing,
    },
    model_registry::{errors::RegistryError, instructions::LicenseActivity},
};

const DAY: i64 = 24 * 60 * 60;
const MONTH: i64 = 30 * DAY;

/// A market whose listing 1 has `pricing`, metered by the returned meter.
fn market_with(token_program: Pubkey, pricing: Pricing) -> (MarketFixture, Keypair) {
    let mut market = MarketFixture::new(token_program);
    let meter = market.wallet(0);
    market
        .create_listing(listing_args(1, pricing, meter.pubkey()))
        .unwrap();
    (market, meter)
}

/// A pay-per-use license (unit price 100, cap 10 units over its life)
/// holding 500 units of credits.
fn metered_license() -> (MarketFixture, Keypair, Keypair, Pubkey) {
    let (mut market, meter) = market_with(SPL_TOKEN, pay_per_use(100, 10, 0, 0));
    let holder = market.wallet(10_000);
    let (license_mint, result) = market.buy(&holder, 1, 100);
    result.unwrap();
    market
        .deposit_credits(&holder, 1, &license_mint, 500)
        .unwrap();
    (market, meter, holder, license_mint)
}

#[test]
fn usage_of_an_expired_license_is_rejected() {
    let (mut market, meter) = market_with(SPL_TOKEN, subscription(1_000, MONTH, 0));
    let holder = market.wallet(1_000);
    let (license_mint, result) = market.buy(&holder, 1, 1_000);
    result.unwrap();
    market
        .record_usage(&meter, 1, &license_mint, None, 1, 1)
        .unwrap();
    market.advance_time(MONTH);
    assert_error(
        &market.record_usage(&meter, 1, &license_mint, None, 1, 2),
        MarketError::LicenseExpired,
    );
}

#[test]
fn a_usage_record_replayed_is_rejected() {
    let (mut market, meter, _holder, license_mint) = metered_license();
    market
        .record_usage(&meter, 1, &license_mint, None, 1, 7)
        .unwrap();
    assert_error(
        &market.record_usage(&meter, 1, &license_mint, None, 1, 7),
        MarketError::UsageReplayed,
    );
    assert_error(
        &market.record_usage(&meter, 1, &license_mint, None, 1, 6),
        MarketError::UsageReplayed,
    );
    let license = market.license(&license_mint);
    assert_eq!((license.total_units, license.credits), (1, 400));
}

#[test]
fn usage_recorded_by_a_meter_other_than_the_listings_is_rejected() {
    let (mut market, _meter, holder, license_mint) = metered_license();
    let stranger = market.wallet(0);
    assert_error(
        &market.record_usage(&stranger, 1, &license_mint, None, 1, 1),
        MarketError::UnauthorizedMeter,
    );
    // Not even the holder meters its own usage.
    assert_error(
        &market.record_usage(&holder, 1, &license_mint, None, 1, 1),
        MarketError::UnauthorizedMeter,
    );
}

#[test]
fn usage_past_the_prepaid_credits_is_rejected() {
    let (mut market, meter, holder, license_mint) = metered_license();
    // 500 units of credits pay for 5 units of usage at 100.
    assert_error(
        &market.record_usage(&meter, 1, &license_mint, None, 6, 1),
        MarketError::InsufficientCredits,
    );
    market
        .record_usage(&meter, 1, &license_mint, None, 5, 1)
        .unwrap();
    assert_error(
        &market.record_usage(&meter, 1, &license_mint, None, 1, 2),
        MarketError::InsufficientCredits,
    );
    assert_error(
        &market.withdraw_credits(&holder, 1, &license_mint, 1),
        MarketError::InsufficientCredits,
    );
}

#[test]
fn usage_past_the_cap_is_rejected() {
    let (mut market, meter, holder, license_mint) = metered_license();
    market
        .deposit_credits(&holder, 1, &license_mint, 5_000)
        .unwrap();
    market
        .record_usage(&meter, 1, &license_mint, None, 10, 1)
        .unwrap();
    assert_error(
        &market.record_usage(&meter, 1, &license_mint, None, 1, 2),
        MarketError::UsageCapExceeded,
    );
    // A cap without a period covers the license's whole life.
    market.advance_time(365 * DAY);
    assert_error(
        &market.record_usage(&meter, 1, &license_mint, None, 1, 2),
        MarketError::UsageCapExceeded,
    );
}

#[test]
fn usage_with_a_compute_share_needs_the_nodes_token_account() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let meter = market.wallet(0);
    market
        .create_listing(CreateListingArgs {
            compute_node: Pubkey::new_unique(),
            ..listing_args(1, pay_per_use(100, 0, 0, 1_000), meter.pubkey())
        })
        .unwrap();
    let holder = market.wallet(1_000);
    let (license_mint, result) = market.buy(&holder, 1, 100);
    result.unwrap();
    market
        .deposit_credits(&holder, 1, &license_mint, 1_000)
        .unwrap();
    assert_error(
        &market.record_usage(&meter, 1, &license_mint, None, 1, 1),
        MarketError::NodeAccountMissing,
    );
}

#[test]
fn only_metered_kinds_record_usage_and_only_pay_per_use_holds_credits() {
    let (mut market, meter) = market_with(SPL_TOKEN, one_time(1_000));
    let holder = market.wallet(1_000);
    let (license_mint, result) = market.buy(&holder, 1, 1_000);
    result.unwrap();
    assert_error(
        &market.record_usage(&meter, 1, &license_mint, None, 1, 1),
        MarketError::UsageNotMetered,
    );
    assert_error(
        &market.deposit_credits(&holder, 1, &license_mint, 1),
        MarketError::NotPayPerUse,
    );
    assert_error(
        &market.renew(&holder, 1, &license_mint, 1_000),
        MarketError::NotRenewable,
    );
    assert_error(
        &market.report_revenue(&holder, 1, &license_mint, 1_000),
        MarketError::NotRevenueShare,
    );
}

#[test]
fn a_non_transferable_license_cannot_be_offered_for_resale() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    market
        .create_listing(CreateListingArgs {
            transferable: false,
            ..listing_args(1, one_time(1_000), Pubkey::new_unique())
        })
        .unwrap();
    let holder = market.wallet(1_000);
    let (license_mint, result) = market.buy(&holder, 1, 1_000);
    result.unwrap();
    assert_error(
        &market.list_for_resale(&holder, &license_mint, 2_000),
        MarketError::NotTransferable,
    );
}

#[test]
fn a_license_with_credits_left_cannot_be_offered_for_resale() {
    let (mut market, _meter, holder, license_mint) = metered_license();
    assert_error(
        &market.list_for_resale(&holder, &license_mint, 2_000),
        MarketError::CreditsRemaining,
    );
    market
        .withdraw_credits(&holder, 1, &license_mint, 500)
        .unwrap();
    market
        .list_for_resale(&holder, &license_mint, 2_000)
        .unwrap();
}

#[test]
fn a_review_without_holding_the_license_is_rejected() {
    let (mut market, _meter) = market_with(SPL_TOKEN, one_time(1_000));
    let holder = market.wallet(1_000);
    let (license_mint, result) = market.buy(&holder, 1, 1_000);
    result.unwrap();
    let stranger = market.wallet(0);
    assert_error(
        &market.review(&stranger, &license_mint, 1),
        MarketError::NotLicenseHolder,
    );
    assert_eq!(market.model().rating_count, 0);
}

#[test]
fn a_second_review_of_the_same_license_is_rejected() {
    let (mut market, _meter) = market_with(SPL_TOKEN, one_time(1_000));
    let holder = market.wallet(1_000);
    let (license_mint, result) = market.buy(&holder, 1, 1_000);
    result.unwrap();
    assert_error(
        &market.review(&holder, &license_mint, 6),
        MarketError::InvalidRating,
    );
    market.review(&holder, &license_mint, 3).unwrap();
    assert_error(
        &market.review(&holder, &license_mint, 5),
        MarketError::AlreadyReviewed,
    );
    let model = market.model();
    assert_eq!((model.rating_sum, model.rating_count), (3, 1));
}

#[test]
fn a_purchase_at_a_price_changed_under_the_buyer_is_rejected() {
    let (mut market, _meter) = market_with(SPL_TOKEN, one_time(1_000));
    market
        .update_listing(
            1,
            UpdateListingArgs {
                price: Some(1_500),
                ..Default::default()
            },
        )
        .unwrap();
    let buyer = market.wallet(2_000);
    assert_error(&market.buy(&buyer, 1, 1_000).1, MarketError::PriceMismatch);
    market.buy(&buyer, 1, 1_500).1.unwrap();
}

#[test]
fn a_renewal_at_a_price_changed_under_the_holder_is_rejected() {
    let (mut market, _meter) = market_with(SPL_TOKEN, subscription(1_000, MONTH, 0));
    let holder = market.wallet(5_000);
    let (license_mint, result) = market.buy(&holder, 1, 1_000);
    result.unwrap();
    market
        .update_listing(
            1,
            UpdateListingArgs {
                price: Some(1_200),
                ..Default::default()
            },
        )
        .unwrap();
    assert_error(
        &market.renew(&holder, 1, &license_mint, 1_000),
        MarketError::PriceMismatch,
    );
    market.renew(&holder, 1, &license_mint, 1_200).unwrap();
}

#[test]
fn a_resale_at_a_price_changed_under_the_buyer_is_rejected() {
    let (mut market, _meter) = market_with(SPL_TOKEN, one_time(1_000));
    let seller = market.wallet(1_000);
    let (license_mint, result) = market.buy(&seller, 1, 1_000);
    result.unwrap();
    market
        .list_for_resale(&seller, &license_mint, 2_000)
        .unwrap();
    market
        .list_for_resale(&seller, &license_mint, 3_000)
        .unwrap();
    let buyer = market.wallet(3_000);
    assert_error(
        &market.buy_resold(&buyer, 1, &license_mint, 2_000),
        MarketError::PriceMismatch,
    );
    market.buy_resold(&buyer, 1, &license_mint, 3_000).unwrap();
}

#[test]
fn the_seller_cannot_buy_its_own_resale() {
    let (mut market, _meter) = market_with(SPL_TOKEN, one_time(1_000));
    let seller = market.wallet(3_000);
    let (license_mint, result) = market.buy(&seller, 1, 1_000);
    result.unwrap();
    market
        .list_for_resale(&seller, &license_mint, 2_000)
        .unwrap();
    // Buyer and seller would be the same writable accounts.
    assert_error(
        &market.buy_resold(&seller, 1, &license_mint, 2_000),
        anchor_lang::error::ErrorCode::ConstraintDuplicateMutableAccount,
    );
}

#[test]
fn a_purchase_past_the_supply_cap_is_rejected() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    market
        .create_listing(CreateListingArgs {
            supply_cap: 2,
            ..listing_args(1, one_time(1_000), Pubkey::new_unique())
        })
        .unwrap();
    let buyer = market.wallet(3_000);
    market.buy(&buyer, 1, 1_000).1.unwrap();
    market.buy(&buyer, 1, 1_000).1.unwrap();
    assert_error(&market.buy(&buyer, 1, 1_000).1, MarketError::SoldOut);
    assert_error(
        &market.update_listing(
            1,
            UpdateListingArgs {
                supply_cap: Some(1),
                ..Default::default()
            },
        ),
        MarketError::SupplyCapBelowSold,
    );
}

#[test]
fn a_paused_platform_rejects_new_listings_and_purchases() {
    let (mut market, _meter) = market_with(SPL_TOKEN, subscription(1_000, MONTH, 0));
    let holder = market.wallet(3_000);
    let (license_mint, result) = market.buy(&holder, 1, 1_000);
    result.unwrap();
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
    assert_error(
        &market.create_listing(listing_args(2, one_time(1_000), Pubkey::new_unique())),
        MarketError::PlatformPaused,
    );
    assert_error(
        &market.buy(&holder, 1, 1_000).1,
        MarketError::PlatformPaused,
    );
    assert_error(
        &market.renew(&holder, 1, &license_mint, 1_000),
        MarketError::PlatformPaused,
    );
}

#[test]
fn only_the_holder_of_the_ownership_nft_manages_listings() {
    let (mut market, _meter) = market_with(SPL_TOKEN, one_time(1_000));
    let stranger = market.wallet(0);
    let ownership = ownership_token_address(&market.keys.creator, &market.keys.model_mint);
    let keys = market.keys;
    let create = create_listing_ix(
        &stranger.pubkey(),
        &ownership,
        &keys,
        listing_args(2, one_time(1), stranger.pubkey()),
    );
    assert_error(
        &market.send(&[create], &stranger),
        MarketError::NotModelOwner,
    );
    let update = update_listing_ix(
        &stranger.pubkey(),
        &ownership,
        &keys.model_mint,
        &keys.listing(1),
        UpdateListingArgs {
            price: Some(1),
            ..Default::default()
        },
    );
    assert_error(
        &market.send(&[update], &stranger),
        MarketError::NotModelOwner,
    );
    let close = close_listing_ix(
        &stranger.pubkey(),
        &ownership,
        &keys.model_mint,
        &keys.listing(1),
    );
    assert_error(
        &market.send(&[close], &stranger),
        MarketError::NotModelOwner,
    );
    assert_eq!(market.listing(1).pricing.price, 1_000);
    assert!(!market.listing(1).closed);
}

#[test]
fn a_payment_in_a_mint_other_than_the_listings_is_rejected() {
    let (mut market, _meter) = market_with(SPL_TOKEN, pay_per_use(100, 0, 0, 0));
    // The model also has a vault and a listing in a second mint.
    let authority = market.mint_authority.as_ref().unwrap().insecure_clone();
    let other_mint = tokens::create_mint(market.chain(), &authority, SPL_TOKEN, 6);
    let creator = market.creator.insecure_clone();
    let vault = create_vault_ix(
        &creator.pubkey(),
        &market.keys.model_mint,
        &other_mint,
        &SPL_TOKEN,
    );
    market.send(&[vault], &creator).unwrap();
    let other = MarketKeys {
        payment_mint: other_mint,
        ..market.keys
    };
    tokens::token_account(market.chain(), &other.treasury, &other_mint, &SPL_TOKEN);
    let create = create_listing_ix(
        &creator.pubkey(),
        &ownership_token_address(&creator.pubkey(), &other.model_mint),
        &other,
        listing_args(2, one_time(100), Pubkey::new_unique()),
    );
    market.send(&[create], &creator).unwrap();

    let buyer = market.wallet(1_000);
    tokens::mint_to(
        market.chain(),
        &authority,
        &other_mint,
        &SPL_TOKEN,
        &buyer.pubkey(),
        1_000,
    );
    let license_mint = Keypair::new();
    let buy = buy_license_ix(
        &buyer.pubkey(),
        &other,
        &market.keys.listing(1),
        &license_mint.pubkey(),
        100,
    );
    assert_error(
        &market.chain().send(&[buy], &[&buyer, &license_mint]),
        MarketError::WrongPaymentMint,
    );

    let (license_mint, result) = market.buy(&buyer, 1, 100);
    result.unwrap();
    let deposit = deposit_credits_ix(
        &buyer.pubkey(),
        &other,
        &market.keys.listing(1),
        &license_mint,
        100,
    );
    assert_error(
        &market.send(&[deposit], &buyer),
        MarketError::WrongPaymentMint,
    );
}

#[test]
fn a_listing_needs_a_vault_of_the_model_for_its_payment_mint() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let authority = market.mint_authority.as_ref().unwrap().insecure_clone();
    let other_mint = tokens::create_mint(market.chain(), &authority, TOKEN_2022, 6);
    let other = MarketKeys {
        payment_mint: other_mint,
        payment_token_program: TOKEN_2022,
        ..market.keys
    };
    let creator = market.creator.insecure_clone();
    let create = create_listing_ix(
        &creator.pubkey(),
        &ownership_token_address(&creator.pubkey(), &other.model_mint),
        &other,
        listing_args(1, one_time(100), Pubkey::new_unique()),
    );
    assert_error(
        &market.send(&[create], &creator),
        anchor_lang::error::ErrorCode::AccountNotInitialized,
    );
}

fn rejects_listing(args: CreateListingArgs, expected: MarketError) {
    let mut market = MarketFixture::new(SPL_TOKEN);
    assert_error(&market.create_listing(args), expected);
}

fn args(pricing: Pricing) -> CreateListingArgs {
    listing_args(1, pricing, Pubkey::new_unique())
}

#[test]
fn a_revenue_share_outside_1_to_10000_bps_is_rejected() {
    rejects_listing(
        args(revenue_share(1_000, MONTH, 0)),
        MarketError::InvalidRevenueShare,
    );
    rejects_listing(
        args(revenue_share(1_000, MONTH, 10_001)),
        MarketError::InvalidRevenueShare,
    );
    rejects_listing(
        args(Pricing {
            revenue_share_bps: 100,
            ..one_time(1_000)
        }),
        MarketError::InvalidRevenueShare,
    );
}

#[test]
fn a_compute_share_above_5000_bps_or_off_pay_per_use_is_rejected() {
    rejects_listing(
        args(pay_per_use(10, 0, 0, 5_001)),
        MarketError::InvalidComputeShare,
    );
    rejects_listing(
        args(Pricing {
            compute_share_bps: 100,
            ..subscription(1_000, MONTH, 0)
        }),
        MarketError::InvalidComputeShare,
    );
}

#[test]
fn a_resale_royalty_above_5000_bps_is_rejected() {
    rejects_listing(
        CreateListingArgs {
            resale_royalty_bps: 5_001,
            ..args(one_time(1_000))
        },
        MarketError::InvalidResaleRoyalty,
    );
}

#[test]
fn a_refund_window_past_the_platform_maximum_or_on_pay_as_you_go_kinds_is_rejected() {
    rejects_listing(
        CreateListingArgs {
            refund_window_secs: 7 * DAY + 1,
            ..args(one_time(1_000))
        },
        MarketError::InvalidRefundWindow,
    );
    rejects_listing(
        CreateListingArgs {
            refund_window_secs: -1,
            ..args(one_time(1_000))
        },
        MarketError::InvalidRefundWindow,
    );
    rejects_listing(
        CreateListingArgs {
            refund_window_secs: DAY,
            ..args(pay_per_use(10, 0, 0, 0))
        },
        MarketError::InvalidRefundWindow,
    );
    rejects_listing(
        CreateListingArgs {
            refund_window_secs: DAY,
            ..args(revenue_share(1_000, MONTH, 100))
        },
        MarketError::InvalidRefundWindow,
    );
}

#[test]
fn a_price_of_zero_is_rejected() {
    rejects_listing(args(one_time(0)), MarketError::ZeroPrice);
    let (mut market, _meter) = market_with(SPL_TOKEN, one_time(1_000));
    assert_error(
        &market.update_listing(
            1,
            UpdateListingArgs {
                price: Some(0),
                ..Default::default()
            },
        ),
        MarketError::ZeroPrice,
    );
}

#[test]
fn bad_periods_caps_and_uris_are_rejected() {
    rejects_listing(args(subscription(1_000, 0, 0)), MarketError::InvalidPeriod);
    rejects_listing(
        args(revenue_share(1_000, 0, 100)),
        MarketError::InvalidPeriod,
    );
    rejects_listing(
        args(Pricing {
            usage_cap: 5,
            ..one_time(1_000)
        }),
        MarketError::UsageCapNotMetered,
    );
    rejects_listing(
        CreateListingArgs {
            uri: String::new(),
            ..args(one_time(1_000))
        },
        MarketError::InvalidUri,
    );
    rejects_listing(
        CreateListingArgs {
            uri: "x".repeat(201),
            ..args(one_time(1_000))
        },
        MarketError::InvalidUri,
    );
}

#[test]
fn a_plain_token_2022_transfer_of_a_license_nft_fails_because_it_is_frozen() {
    let (mut market, _meter) = market_with(SPL_TOKEN, one_time(1_000));
    let holder = market.wallet(1_000);
    let (license_mint, result) = market.buy(&holder, 1, 1_000);
    result.unwrap();
    let thief = market.wallet(0);
    let destination =
        tokens::token_account(market.chain(), &thief.pubkey(), &license_mint, &TOKEN_2022);
    let transfer = transfer_checked(
        &TOKEN_2022,
        &license_token_address(&holder.pubkey(), &license_mint),
        &license_mint,
        &destination,
        &holder.pubkey(),
        &[],
        1,
        0,
    )
    .unwrap();
    // spl_token_2022::error::TokenError::AccountFrozen
    assert_error(&market.send(&[transfer], &holder), 17u32);
    // Listed for resale, it is still frozen: only the market moves it.
    market
        .list_for_resale(&holder, &license_mint, 5_000)
        .unwrap();
    let transfer = transfer_checked(
        &TOKEN_2022,
        &license_token_address(&holder.pubkey(), &license_mint),
        &license_mint,
        &destination,
        &holder.pubkey(),
        &[],
        1,
        0,
    )
    .unwrap();
    assert_error(&market.send(&[transfer], &holder), 17u32);
    assert_eq!(token_account_state(market.chain(), &destination).amount, 0);
}

#[test]
fn a_stranger_cannot_record_license_activity_in_the_registry() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let stranger = market.wallet(0);
    let record = Instruction {
        program_id: model_registry::ID,
        accounts: model_registry::accounts::RecordLicenseActivity {
            market_authority: stranger.pubkey(),
            model: model_pda(&market.keys.model_mint),
        }
        .to_account_metas(None),
        data: model_registry::instruction::RecordLicenseActivity {
            activity: LicenseActivity::Reviewed { rating: 5 },
        }
        .data(),
    };
    assert_error(
        &market.send(&[record], &stranger),
        RegistryError::NotLicenseMarket,
    );
    let model = market.model();
    assert_eq!((model.license_count, model.rating_count), (0, 0));
}

#[test]
fn only_the_holder_refunds_renews_or_disputes_its_license() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    market
        .create_listing(CreateListingArgs {
            refund_window_secs: DAY,
            ..listing_args(1, subscription(1_000, MONTH, 0), Pubkey::new_unique())
        })
        .unwrap();
    let holder = market.wallet(1_000);
    let (license_mint, result) = market.buy(&holder, 1, 1_000);
    result.unwrap();
    let stranger = market.wallet(5_000);
    assert_error(
        &market.renew(&stranger, 1, &license_mint, 1_000),
        MarketError::NotLicenseHolder,
    );
    assert_error(
        &market.open_dispute(&stranger, &license_mint),
        MarketError::NotLicenseHolder,
    );
    // The stranger has no license token account to present.
    assert_error(
        &market.refund(&stranger, 1, &license_mint),
        anchor_lang::error::ErrorCode::AccountNotInitialized,
    );
    // Presenting the holder's, it is not the license's holder.
    let keys = market.keys;
    let mut refund = refund_license_ix(&stranger.pubkey(), &keys, &keys.listing(1), &license_mint);
    attacks::swap(
        &mut refund,
        &license_token_address(&stranger.pubkey(), &license_mint),
        license_token_address(&holder.pubkey(), &license_mint),
    );
    assert_error(
        &market.send(&[refund], &stranger),
        MarketError::NotLicenseHolder,
    );
    assert_eq!(market.license(&license_mint).pending_payment, 1_000);
}

#[test]
fn credits_cannot_be_deposited_into_a_license_offered_for_resale() {
    let (mut market, _meter, holder, license_mint) = metered_license();
    market
        .withdraw_credits(&holder, 1, &license_mint, 500)
        .unwrap();
    market
        .list_for_resale(&holder, &license_mint, 2_000)
        .unwrap();
    // They would change hands with the license.
    assert_error(
        &market.deposit_credits(&holder, 1, &license_mint, 100),
        MarketError::ListedForResale,
    );
    assert_eq!(market.license(&license_mint).credits, 0);
}

#[test]
fn a_purchase_still_refundable_cannot_review_the_model() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    market
        .create_listing(CreateListingArgs {
            refund_window_secs: DAY,
            ..listing_args(1, one_time(1_000), Pubkey::new_unique())
        })
        .unwrap();
    let holder = market.wallet(1_000);
    let (license_mint, result) = market.buy(&holder, 1, 1_000);
    result.unwrap();
    // Rating, then refunding, would leave an unpaid verified review.
    assert_error(
        &market.review(&holder, &license_mint, 1),
        MarketError::PaymentPending,
    );
    market.advance_time(DAY);
    market.settle(1, &license_mint).unwrap();
    market.review(&holder, &license_mint, 4).unwrap();
    assert_eq!(
        (market.model().rating_sum, market.model().rating_count),
        (4, 1)
    );
}
