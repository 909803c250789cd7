use {
    crate::{constants::*, errors::RegistryError},
    anchor_lang::prelude::*,
};

/// Platform fees in basis points of each payment.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct FeeSchedule {
    /// Licenses, subscriptions, usage and revenue share (before creator tiers).
    pub license_fee_bps: u16,
    /// First sale of a model's ownership NFT.
    pub primary_sale_fee_bps: u16,
    /// Later sales of a model's ownership NFT.
    pub secondary_sale_fee_bps: u16,
    /// Resale of a license between buyers.
    pub license_resale_fee_bps: u16,
}

impl FeeSchedule {
    fn fees(&self) -> [u16; 4] {
        [
            self.license_fee_bps,
            self.primary_sale_fee_bps,
            self.secondary_sale_fee_bps,
            self.license_resale_fee_bps,
        ]
    }

    /// Every fee is within its cap, and every cap within the absolute limit.
    pub fn validate_under(&self, caps: &FeeSchedule) -> Result<()> {
        require!(
            caps.fees().iter().all(|&cap| cap <= MAX_PLATFORM_FEE_BPS),
            RegistryError::FeeCapTooHigh
        );
        require!(
            self.fees()
                .iter()
                .zip(caps.fees())
                .all(|(&fee, cap)| fee <= cap),
            RegistryError::FeeAboveCap
        );
        Ok(())
    }
}

/// A lower license fee for creators whose lifetime sales reached a threshold.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct CreatorTier {
    /// Lifetime sales, in whole units of the payment mint, that unlock the tier.
    pub min_lifetime_sales: u64,
    pub license_fee_bps: u16,
}

pub const CREATOR_TIER_COUNT: usize = 3;

/// Tiers must unlock at increasing sales and never raise the fee.
pub fn validate_creator_tiers(
    base_fee_bps: u16,
    tiers: &[CreatorTier; CREATOR_TIER_COUNT],
) -> Result<()> {
    let mut previous_threshold = 0u64;
    let mut previous_fee = base_fee_bps;
    for tier in tiers {
        require!(
            tier.min_lifetime_sales > previous_threshold && tier.license_fee_bps <= previous_fee,
            RegistryError::InvalidCreatorTiers
        );
        previous_threshold = tier.min_lifetime_sales;
        previous_fee = tier.license_fee_bps;
    }
    Ok(())
}

/// The platform's settings of family reward pools.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct FamilySettings {
    /// Largest trend share a family root may choose; 0 disables the pools.
    pub max_trend_share_bps: u16,
    /// Length of a reward epoch, copied into each pool when it is created.
    pub epoch_secs: i64,
    /// What a keeper takes from each payout it distributes (0 by default).
    pub distributor_fee_bps: u16,
}

impl FamilySettings {
    /// Wash trading for trend points must cost more in fees than it can take
    /// from the other members: a trader's gain from others is at most
    /// trend share x (largest / smallest rating multiplier) x its volume,
    /// its cost the lowest license fee on that volume.
    pub fn validate(&self, lowest_license_fee_bps: u16) -> Result<()> {
        require!(
            (MIN_FAMILY_EPOCH_SECS..=MAX_FAMILY_EPOCH_SECS).contains(&self.epoch_secs),
            RegistryError::InvalidEpochLength
        );
        require!(
            self.distributor_fee_bps <= MAX_DISTRIBUTOR_FEE_BPS,
            RegistryError::DistributorFeeAboveCap
        );
        let trend = self.max_trend_share_bps as u64;
        require!(
            trend == 0
                || trend * RATING_MULTIPLIER_MAX_BPS
                    < lowest_license_fee_bps as u64 * RATING_MULTIPLIER_MIN_BPS,
            RegistryError::TrendShareCapTooHigh
        );
        Ok(())
    }
}

/// The platform: one per deployment, at `[CONFIG_SEED]`.
#[account]
#[derive(InitSpace)]
pub struct Config {
    /// Layout version of this account (`ACCOUNT_VERSION` when written).
    pub account_version: u8,
    pub bump: u8,
    pub authority: Pubkey,
    pub treasury: Pubkey,
    pub fees: FeeSchedule,
    /// Written once at initialisation: the admin can never raise a fee above these.
    pub fee_caps: FeeSchedule,
    pub creator_tiers: [CreatorTier; CREATOR_TIER_COUNT],
    /// Upper bound of the fork royalty any model may ask of its children.
    pub max_fork_royalty_bps: u16,
    pub max_refund_window_secs: i64,
    pub paused: bool,
    pub model_count: u64,
    /// Lowest price, in base units of the payment mint, at which a model can
    /// be listed: a dust-priced wash sale cannot turn the next real sale into
    /// a secondary one for free.
    pub min_model_sale_price: u64,
    /// The authority proposed by the current one; it takes over only by
    /// accepting (`Pubkey::default()`: none), so a mistyped key loses nothing.
    pub pending_authority: Pubkey,
    pub family: FamilySettings,
    /// The key that sets models' quality tiers and attestations.
    pub attester: Pubkey,
    pub reserved: [u8; 12],
}

impl Config {
    /// The rules every setting keeps, at initialisation and after any update:
    /// fees under their caps written at initialisation, tiers that only
    /// lower the fee, limits within the program's absolute bounds.
    pub fn validate(&self) -> Result<()> {
        self.fees.validate_under(&self.fee_caps)?;
        validate_creator_tiers(self.fees.license_fee_bps, &self.creator_tiers)?;
        require!(
            self.max_fork_royalty_bps <= MAX_FORK_ROYALTY_LIMIT_BPS,
            RegistryError::ForkRoyaltyAboveCap
        );
        require!(
            (0..=MAX_REFUND_WINDOW_LIMIT_SECS).contains(&self.max_refund_window_secs),
            RegistryError::InvalidRefundWindow
        );
        require!(self.min_model_sale_price > 0, RegistryError::ZeroPrice);
        self.family.validate(self.lowest_license_fee_bps())
    }

    /// The license fee of the highest creator tier (tiers never raise it).
    pub fn lowest_license_fee_bps(&self) -> u16 {
        self.creator_tiers
            .iter()
            .map(|tier| tier.license_fee_bps)
            .fold(self.fees.license_fee_bps, u16::min)
    }
}
