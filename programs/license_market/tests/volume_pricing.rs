//! Volume discounts of pay-per-use: each unit a license records costs the
//! price of the tier its number falls in, fixed when the license was sold.

use {
    hex_test_support::{market::*, solana_signer::Signer, tokens::SPL_TOKEN, *},
    license_market::{
        errors::MarketError,
        state::{LicenseValidity, Pricing, VolumeTier},
    },
};

const UNIT: u64 = 10;
const FEE_BPS: u64 = 2_000;

fn tiered(tiers: [(u64, u64); 2]) -> Pricing {
    Pricing {
        volume_tiers: tiers.map(|(from_units, unit_price)| VolumeTier {
            from_units,
            unit_price,
        }),
        ..pay_per_use(UNIT, 0, 0, 0)
    }
}

#[test]
fn record_usage_charges_each_unit_at_its_tiers_price() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let meter = market.wallet(0);
    market
        .create_listing(listing_args(
            1,
            tiered([(100, 8), (1_000, 5)]),
            meter.pubkey(),
        ))
        .unwrap();
    let holder = market.wallet(10_000);
    let (license, result) = market.buy(&holder, 1, UNIT);
    result.unwrap();
    market
        .deposit_credits(&holder, 1, &license, 10_000)
        .unwrap();
    let treasury_before = market.treasury_balance();

    let mut expected_credits = 10_000;
    let mut expected_fees = 0;
    // 150 units: 100 at 10, 50 at 8. Then 900: 850 at 8, 50 at 5.
    for (units, cost, sequence) in [(150, 100 * 10 + 50 * 8, 1), (900, 850 * 8 + 50 * 5, 2)] {
        market
            .record_usage(&meter, 1, &license, None, units, sequence)
            .unwrap();
        expected_credits -= cost;
        expected_fees += cost * FEE_BPS / 10_000;
        assert_eq!(market.license(&license).credits, expected_credits);
        assert_eq!(market.treasury_balance() - treasury_before, expected_fees);
    }
    assert_eq!(expected_credits, 10_000 - 1_400 - 7_050);
    assert_eq!(market.vault_balance(), 1_400 + 7_050 - expected_fees);
    // 1,550 credits left, the next unit costs 5: valid.
    assert_eq!(
        market.verify(&license, &holder.pubkey(), None),
        LicenseValidity::Valid
    );
    market
        .withdraw_credits(&holder, 1, &license, 1_546)
        .unwrap();
    assert_eq!(
        market.verify(&license, &holder.pubkey(), None),
        LicenseValidity::Exhausted
    );
    assert_error(
        &market.record_usage(&meter, 1, &license, None, 1, 3),
        MarketError::InsufficientCredits,
    );
}

#[test]
fn volume_tiers_must_discount_in_order_and_only_pay_per_use() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    let listing = market.listing_address(1);
    let bad = [
        tiered([(100, 10), (0, 0)]),  // not lower than the base price
        tiered([(100, 0), (0, 0)]),   // free units
        tiered([(100, 8), (50, 5)]),  // units not increasing
        tiered([(100, 8), (200, 9)]), // price not decreasing
        tiered([(0, 0), (100, 8)]),   // an unused tier before a used one
        Pricing {
            volume_tiers: tiered([(100, 8), (0, 0)]).volume_tiers,
            ..one_time(1_000)
        },
    ];
    for pricing in bad {
        assert_error(
            &market.create_listing(listing_args(1, pricing, Pubkey::new_unique())),
            MarketError::InvalidVolumeTiers,
        );
    }
    assert!(!market.platform.chain.exists(&listing));
    market
        .create_listing(listing_args(
            1,
            tiered([(100, 8), (0, 0)]),
            Pubkey::new_unique(),
        ))
        .unwrap();
}
