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

/// The platform: one per deployment, at `[CONFIG_SEED]`.
#[account]
#[derive(InitSpace)]
pub struct Config {
    pub version: u8,
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
    pub reserved: [u8; 24],
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
        Ok(())
    }
}
