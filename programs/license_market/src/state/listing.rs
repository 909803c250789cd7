use {
    crate::{constants::*, errors::MarketError, state::LicenseTerms},
    anchor_lang::prelude::*,
    hex_common::bps::BPS_DENOMINATOR,
    model_registry::state::Config,
};

/// The ways a listing sells its model (the fifth, the model's own sale, is
/// the registry's).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub enum PricingKind {
    /// One payment, a perpetual license.
    OneTime,
    /// A price per period; the license expires unless renewed.
    Subscription,
    /// Prepaid credits; each unit of recorded usage costs the price.
    PayPerUse,
    /// The licensee pays a share of its revenue, at least a minimum per period.
    RevenueShare,
}

impl PricingKind {
    /// The name written into the license NFT's metadata.
    pub fn name(&self) -> &'static str {
        match self {
            PricingKind::OneTime => "one-time",
            PricingKind::Subscription => "subscription",
            PricingKind::PayPerUse => "pay-per-use",
            PricingKind::RevenueShare => "revenue-share",
        }
    }
}

/// A volume discount of pay-per-use: from the license's `from_units`-th unit
/// on (counting from 0), each unit costs `unit_price`. Unused: all zero.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct VolumeTier {
    pub from_units: u64,
    pub unit_price: u64,
}

/// What `units` more units cost after `used` units of a license: each unit
/// at the price of the tier its number falls in (`price` below the first).
pub fn volume_cost(
    price: u64,
    tiers: &[VolumeTier; VOLUME_TIERS],
    used: u64,
    units: u64,
) -> Option<u64> {
    let end = used.checked_add(units)?;
    let mut cost = 0u64;
    let mut from = 0u64;
    let mut unit_price = price;
    for tier in tiers
        .iter()
        .filter(|tier| tier.from_units > 0)
        .chain([&VolumeTier {
            from_units: u64::MAX,
            unit_price: 0,
        }])
    {
        let counted = end.min(tier.from_units).saturating_sub(used.max(from));
        cost = cost.checked_add(counted.checked_mul(unit_price)?)?;
        from = tier.from_units;
        unit_price = tier.unit_price;
    }
    Some(cost)
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq, InitSpace)]
pub struct Pricing {
    pub kind: PricingKind,
    /// One-time: the price. Subscription: the price of a period. Pay-per-use:
    /// the price of a unit. Revenue share: the minimum payment of a period.
    pub price: u64,
    /// Subscription and revenue share: the length of a period. Pay-per-use:
    /// the period of the usage cap (0: the cap covers the license's life).
    pub period_secs: i64,
    /// Units the meter may record per period; 0 for no cap.
    pub usage_cap: u64,
    /// Revenue share: the share of reported revenue owed.
    pub revenue_share_bps: u16,
    /// Pay-per-use: the share of each usage payment paid to the compute node.
    pub compute_share_bps: u16,
    /// Pay-per-use: lower unit prices from given numbers of units used by a
    /// license on, in increasing order of units and decreasing price.
    pub volume_tiers: [VolumeTier; VOLUME_TIERS],
}

impl Pricing {
    pub fn validate(&self) -> Result<()> {
        // A one-time license may be free; its terms must then allow it.
        require!(
            self.price > 0 || self.kind == PricingKind::OneTime,
            MarketError::ZeroPrice
        );
        let periodic = matches!(
            self.kind,
            PricingKind::Subscription | PricingKind::RevenueShare
        );
        require!(
            self.period_secs >= 0 && (!periodic || self.period_secs > 0),
            MarketError::InvalidPeriod
        );
        let share_valid = if self.kind == PricingKind::RevenueShare {
            (1..=BPS_DENOMINATOR).contains(&self.revenue_share_bps)
        } else {
            self.revenue_share_bps == 0
        };
        require!(share_valid, MarketError::InvalidRevenueShare);
        require!(
            self.compute_share_bps <= MAX_COMPUTE_SHARE_BPS
                && (self.kind == PricingKind::PayPerUse || self.compute_share_bps == 0),
            MarketError::InvalidComputeShare
        );
        require!(
            self.usage_cap == 0 || self.is_metered(),
            MarketError::UsageCapNotMetered
        );
        self.validate_volume_tiers()
    }

    /// Tiers only on pay-per-use, used ones first, each from more units
    /// than the last and at a lower, non-zero price.
    fn validate_volume_tiers(&self) -> Result<()> {
        let used = self
            .volume_tiers
            .iter()
            .take_while(|tier| tier.from_units > 0);
        let used_count = used.clone().count();
        let mut previous = (0u64, self.price);
        let mut valid = used_count == 0 || self.kind == PricingKind::PayPerUse;
        for tier in used {
            valid &= tier.from_units > previous.0 && (1..previous.1).contains(&tier.unit_price);
            previous = (tier.from_units, tier.unit_price);
        }
        valid &= self.volume_tiers[used_count..]
            .iter()
            .all(|tier| *tier == VolumeTier::default());
        require!(valid, MarketError::InvalidVolumeTiers);
        Ok(())
    }

    /// Whether the meter records usage against this kind of license.
    pub fn is_metered(&self) -> bool {
        matches!(
            self.kind,
            PricingKind::Subscription | PricingKind::PayPerUse
        )
    }

    /// What a buyer pays when the license is issued: pay-per-use buyers pay
    /// as they use, revenue-share buyers pay their first period's minimum.
    pub fn upfront_payment(&self) -> u64 {
        match self.kind {
            PricingKind::PayPerUse => 0,
            _ => self.price,
        }
    }

    /// Whether the license lapses at the end of each paid period.
    pub fn expires(&self) -> bool {
        matches!(
            self.kind,
            PricingKind::Subscription | PricingKind::RevenueShare
        )
    }
}

/// One tier of licenses for a model, at `[LISTING_SEED, model mint, listing id]`.
///
/// A pay-per-use listing sells licenses that cost nothing to mint (the
/// buyer pays as it uses): they are not counted as sales (`sold`, the
/// model's license count), so such a listing has no supply cap. What such a
/// license may do is on [`License`](crate::state::License).
#[account]
#[derive(InitSpace)]
pub struct Listing {
    /// Layout version of this account (`ACCOUNT_VERSION` when written).
    pub account_version: u8,
    pub bump: u8,
    /// The model's ownership NFT mint (fixed offset, for memcmp filters).
    pub model_mint: Pubkey,
    pub listing_id: u64,
    pub payment_mint: Pubkey,
    pub payment_token_program: Pubkey,
    pub pricing: Pricing,
    /// Most licenses the listing sells; 0 for no cap.
    pub supply_cap: u64,
    /// Licenses sold with an upfront payment and not refunded.
    pub sold: u64,
    /// Licenses ever issued: the next license's serial number minus one.
    pub issued: u64,
    /// How long a buyer may refund a purchase; its payment waits in escrow meanwhile.
    pub refund_window_secs: i64,
    pub transferable: bool,
    /// The model's share of each resale of a license.
    pub resale_royalty_bps: u16,
    /// Whether a license lets its holder fork the model even if it is closed.
    pub derivative_rights: bool,
    /// The gateway or node key allowed to record usage of the licenses sold
    /// from now on (each license keeps the meter it was sold with).
    pub meter_authority: Pubkey,
    /// Paused listings sell nothing until resumed.
    pub active: bool,
    /// Closed listings never sell again; their licenses stay valid.
    pub closed: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// The license NFTs' metadata URI.
    #[max_len(MAX_URI_LEN)]
    pub uri: String,
    /// The wallet paid the compute share of pay-per-use usage; the default
    /// key when the listing pays none. Like the meter, fixed into each
    /// license when it is sold.
    pub compute_node: Pubkey,
    /// License accounts of this listing that exist: issued, less those
    /// refunded or closed. A closed listing without any can be reclaimed.
    pub open_licenses: u64,
    /// The terms its licenses are sold under (fixed for the listing's life).
    pub terms: LicenseTerms,
    /// Pay-per-use: free units each new wallet may try, paid out of the
    /// owner's trial budget (held in the market's escrow account).
    pub trial_units: u64,
    pub trial_budget: u64,
    pub reserved: [u8; 8],
}

// The fields the SDK filters listings by.
hex_common::account_offsets!(Listing {
    account_version: u8,
    bump: u8,
    model_mint: Pubkey => LISTING_MODEL_MINT_OFFSET,
    listing_id: u64 => LISTING_LISTING_ID_OFFSET,
    payment_mint: Pubkey => LISTING_PAYMENT_MINT_OFFSET,
    payment_token_program: Pubkey,
    pricing: Pricing,
    supply_cap: u64,
    sold: u64,
    issued: u64,
    refund_window_secs: i64,
    transferable: bool,
    resale_royalty_bps: u16,
    derivative_rights: bool,
    meter_authority: Pubkey,
    active: bool,
    closed: bool,
    created_at: i64,
    updated_at: i64,
    uri: String(MAX_URI_LEN as usize),
    compute_node: Pubkey,
    open_licenses: u64,
    terms: LicenseTerms,
    trial_units: u64,
    trial_budget: u64,
    reserved: [u8; 8],
});

impl Listing {
    /// Counts a license account created (`1`) or closed (`-1`).
    pub fn count_open_license(&mut self, created: bool) -> Result<()> {
        self.open_licenses = if created {
            self.open_licenses.checked_add(1)
        } else {
            self.open_licenses.checked_sub(1)
        }
        .ok_or(MarketError::MathOverflow)?;
        Ok(())
    }

    /// Checks a listing can sell now: open, active and with supply left.
    pub fn check_on_sale(&self) -> Result<()> {
        require!(!self.closed, MarketError::ListingClosed);
        require!(self.active, MarketError::ListingInactive);
        require!(
            self.supply_cap == 0 || self.sold < self.supply_cap,
            MarketError::SoldOut
        );
        Ok(())
    }
}

/// Trials are for pay-per-use listings.
pub fn validate_trial_units(trial_units: u64, pricing: &Pricing) -> Result<()> {
    require!(
        trial_units == 0 || pricing.kind == PricingKind::PayPerUse,
        MarketError::TrialsOnlyPayPerUse
    );
    Ok(())
}

/// A refund window fits the platform's maximum, and only licenses paid
/// upfront in full (one-time, subscription) have one.
pub fn validate_refund_window(window_secs: i64, pricing: &Pricing, config: &Config) -> Result<()> {
    let refundable_kind = matches!(
        pricing.kind,
        PricingKind::OneTime | PricingKind::Subscription
    );
    require!(
        (0..=config.max_refund_window_secs).contains(&window_secs)
            && (refundable_kind || window_secs == 0),
        MarketError::InvalidRefundWindow
    );
    Ok(())
}

/// Only listings whose licenses cost something to mint cap their supply: a
/// cap on free licenses could be exhausted for nothing.
pub fn validate_supply_cap(supply_cap: u64, pricing: &Pricing) -> Result<()> {
    require!(
        supply_cap == 0 || pricing.upfront_payment() > 0,
        MarketError::SupplyCapOnFreeLicenses
    );
    Ok(())
}

/// A listing with a compute share names the node it pays; one without names none.
pub fn validate_compute_node(compute_node: &Pubkey, pricing: &Pricing) -> Result<()> {
    require!(
        (pricing.compute_share_bps > 0) == (*compute_node != Pubkey::default()),
        MarketError::InvalidComputeNode
    );
    Ok(())
}

pub fn validate_uri(uri: &str) -> Result<()> {
    require!(
        !uri.is_empty() && uri.len() <= MAX_URI_LEN as usize,
        MarketError::InvalidUri
    );
    Ok(())
}

#[cfg(test)]
mod volume_tests {
    use super::*;

    #[test]
    fn each_unit_costs_the_price_of_its_tier() {
        let tiers = [
            VolumeTier {
                from_units: 10,
                unit_price: 7,
            },
            VolumeTier {
                from_units: 20,
                unit_price: 5,
            },
        ];
        assert_eq!(volume_cost(10, &tiers, 0, 10), Some(100));
        // Units 8..25: 2 at 10, 10 at 7, 5 at 5.
        assert_eq!(volume_cost(10, &tiers, 8, 17), Some(20 + 70 + 25));
        assert_eq!(volume_cost(10, &tiers, 30, 3), Some(15));
        assert_eq!(
            volume_cost(10, &[VolumeTier::default(); VOLUME_TIERS], 5, 3),
            Some(30)
        );
        assert_eq!(volume_cost(10, &tiers, 0, u64::MAX / 4), None);
    }
}
