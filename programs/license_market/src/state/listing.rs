use {
    crate::{constants::*, errors::MarketError},
    anchor_lang::prelude::*,
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
}

impl Pricing {
    pub fn validate(&self) -> Result<()> {
        require!(self.price > 0, MarketError::ZeroPrice);
        let periodic = matches!(
            self.kind,
            PricingKind::Subscription | PricingKind::RevenueShare
        );
        require!(
            self.period_secs >= 0 && (!periodic || self.period_secs > 0),
            MarketError::InvalidPeriod
        );
        let share_valid = if self.kind == PricingKind::RevenueShare {
            (1..=BPS_DENOMINATOR).contains(&(self.revenue_share_bps as u64))
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
    pub version: u8,
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
    pub reserved: [u8; 24],
}

// The fields the SDK filters listings by.
model_registry::account_offsets!(Listing {
    version: u8,
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
    uri: String(MAX_URI_LEN),
    compute_node: Pubkey,
    open_licenses: u64,
    reserved: [u8; 24],
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
        !uri.is_empty() && uri.len() <= MAX_URI_LEN,
        MarketError::InvalidUri
    );
    Ok(())
}
