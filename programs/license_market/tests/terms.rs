//! Terms a machine can read: a listing's structured terms reach each
//! license, its NFT's metadata and `verify_license`'s answer; free
//! non-commercial licenses; the revenue-share cap; and the rules that keep
//! terms consistent, each refused by name with nothing created.

use {
    hex_test_support::{market::*, solana_signer::Signer, tokens::SPL_TOKEN, *},
    license_market::{
        constants::METADATA_KEY_LICENSE_TERMS,
        errors::MarketError,
        instructions::{CreateListingArgs, UpdateListingArgs},
        state::{DerivativePolicy, LicenseTerms, LicenseValidity, TerritoryScope},
    },
};

const MONTH: i64 = 30 * 24 * 60 * 60;
const NONE: [u8; 2] = [0; 2];

fn regional() -> LicenseTerms {
    LicenseTerms {
        commercial_use: false,
        attribution_required: true,
        territory_scope: TerritoryScope::Only,
        territories: [*b"DE", *b"FR", NONE, NONE],
        seats: 3,
        ..LicenseTerms::STANDARD
    }
}

#[test]
fn a_listings_terms_reach_the_license_its_nft_and_verify_licenses_answer() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    market
        .create_listing(CreateListingArgs {
            terms: regional(),
            ..listing_args(1, one_time(1_000), Pubkey::new_unique())
        })
        .unwrap();
    assert_eq!(market.listing(1).terms, regional());
    let buyer = market.wallet(1_000);
    let (license, result) = market.buy(&buyer, 1, 1_000);
    result.unwrap();
    assert_eq!(market.license(&license).terms, regional());
    assert_eq!(
        license_metadata_field(&market.platform.chain, &license, METADATA_KEY_LICENSE_TERMS).as_deref(),
        Some("commercial=no;attribution=yes;derivatives=none;reciprocal=no;territories=only:DE,FR;seats=3")
    );
    let answer = market.verify_answer(&license, &buyer.pubkey(), None);
    assert_eq!(
        (answer.validity, answer.terms),
        (LicenseValidity::Valid, regional())
    );
}

#[test]
fn a_free_non_commercial_license_costs_nothing_and_grants_no_sale_review_or_cap() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let free_terms = LicenseTerms {
        commercial_use: false,
        ..LicenseTerms::STANDARD
    };
    let free = CreateListingArgs {
        terms: free_terms,
        ..listing_args(1, one_time(0), Pubkey::new_unique())
    };
    // Free and commercial, or free with a supply cap for paid licenses: refused.
    assert_error(
        &market.create_listing(CreateListingArgs {
            terms: LicenseTerms::STANDARD,
            ..free.clone()
        }),
        MarketError::ZeroPrice,
    );
    assert_error(
        &market.create_listing(CreateListingArgs {
            supply_cap: 10,
            ..free.clone()
        }),
        MarketError::SupplyCapOnFreeLicenses,
    );
    assert_error(
        &market.create_listing(with_derivative_rights(free.clone())),
        MarketError::ZeroPrice,
    );
    market.create_listing(free).unwrap();

    let buyer = market.wallet(0);
    let balances = market.balances(&buyer.pubkey(), None, None);
    let (license, result) = market.buy(&buyer, 1, 0);
    result.unwrap();
    assert_eq!(market.balances(&buyer.pubkey(), None, None), balances);
    let listing = market.listing(1);
    assert_eq!((listing.sold, listing.issued), (0, 1));
    assert_eq!(market.model().license_count, 0);
    assert_eq!(
        market.verify(&license, &buyer.pubkey(), None),
        LicenseValidity::Valid
    );
    assert!(!market.license(&license).terms.commercial_use);
    assert_error(
        &market.review(&buyer, &license, 5),
        MarketError::UnpaidLicense,
    );
}

#[test]
fn a_paid_commercial_listing_cannot_be_repriced_to_free() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    market
        .create_listing(listing_args(1, one_time(1_000), Pubkey::new_unique()))
        .unwrap();
    let before = market.snapshot(&[market.listing_address(1)]);
    assert_error(
        &market.update_listing(
            1,
            UpdateListingArgs {
                price: Some(0),
                ..UpdateListingArgs::default()
            },
        ),
        MarketError::ZeroPrice,
    );
    assert_eq!(market.snapshot(&[market.listing_address(1)]), before);
}

#[test]
fn the_revenue_share_cap_bounds_each_periods_payment_above_the_minimum() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let capped = LicenseTerms {
        revenue_share_cap: 5_000,
        ..LicenseTerms::STANDARD
    };
    market
        .create_listing(CreateListingArgs {
            terms: capped,
            ..listing_args(1, revenue_share(1_000, MONTH, 1_000), Pubkey::new_unique())
        })
        .unwrap();
    let holder = market.wallet(1_000 + 5_000 + 1_000 + 3_000);
    let (license, result) = market.buy(&holder, 1, 1_000);
    result.unwrap();
    // 10% of each period's revenue, at least 1,000, at most 5,000.
    for (revenue, paid) in [(1_000_000, 5_000), (5_000, 1_000), (30_000, 3_000)] {
        let before = market.balance_of(&holder.pubkey());
        market
            .report_revenue(&holder, 1, &license, revenue)
            .unwrap();
        assert_eq!(
            before - market.balance_of(&holder.pubkey()),
            paid,
            "revenue {revenue}"
        );
    }
}

#[test]
fn inconsistent_terms_are_refused_by_name_and_create_nothing() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let base = listing_args(1, one_time(1_000), Pubkey::new_unique());
    let with_terms = |terms: LicenseTerms| CreateListingArgs {
        terms,
        ..base.clone()
    };
    let cases = [
        (
            with_terms(LicenseTerms {
                territory_scope: TerritoryScope::Only,
                ..LicenseTerms::STANDARD
            }),
            MarketError::InvalidTerritories,
        ),
        (
            with_terms(LicenseTerms {
                territories: [*b"US", NONE, NONE, NONE],
                ..LicenseTerms::STANDARD
            }),
            MarketError::InvalidTerritories,
        ),
        (
            with_terms(LicenseTerms {
                territory_scope: TerritoryScope::Except,
                territories: [*b"us", NONE, NONE, NONE],
                ..LicenseTerms::STANDARD
            }),
            MarketError::InvalidTerritories,
        ),
        (
            with_terms(LicenseTerms {
                derivatives: DerivativePolicy::Allowed,
                ..LicenseTerms::STANDARD
            }),
            MarketError::InvalidDerivativeTerms,
        ),
        (
            with_terms(LicenseTerms {
                reciprocal: true,
                ..LicenseTerms::STANDARD
            }),
            MarketError::InvalidDerivativeTerms,
        ),
        (
            CreateListingArgs {
                derivative_rights: true,
                ..base.clone()
            },
            MarketError::InvalidDerivativeTerms,
        ),
        (
            with_terms(LicenseTerms {
                revenue_share_cap: 5_000,
                ..LicenseTerms::STANDARD
            }),
            MarketError::InvalidRevenueShareCap,
        ),
        (
            CreateListingArgs {
                terms: LicenseTerms {
                    revenue_share_cap: 999,
                    ..LicenseTerms::STANDARD
                },
                ..listing_args(1, revenue_share(1_000, MONTH, 1_000), Pubkey::new_unique())
            },
            MarketError::InvalidRevenueShareCap,
        ),
    ];
    for (args, expected) in cases {
        assert_error(&market.create_listing(args), expected);
    }
    assert!(!market.platform.chain.exists(&market.listing_address(1)));
    // Reciprocal derivatives under the creator's approval: accepted.
    let approval = LicenseTerms {
        derivatives: DerivativePolicy::ApprovalRequired,
        reciprocal: true,
        ..LicenseTerms::STANDARD
    };
    market
        .create_listing(CreateListingArgs {
            derivative_rights: true,
            terms: approval,
            ..base
        })
        .unwrap();
    assert_eq!(market.listing(1).terms, approval);
}
