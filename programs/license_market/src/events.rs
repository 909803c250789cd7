//! One event per state change, so an indexer can rebuild every listing and
//! license from the program's history.

use {crate::state::*, anchor_lang::prelude::*};

#[event]
pub struct ListingCreated {
    pub listing: Pubkey,
    pub model_mint: Pubkey,
    pub listing_id: u64,
    pub payment_mint: Pubkey,
    pub pricing: Pricing,
    pub supply_cap: u64,
    pub refund_window_secs: i64,
    pub transferable: bool,
    pub resale_royalty_bps: u16,
    pub derivative_rights: bool,
    pub meter_authority: Pubkey,
    pub compute_node: Pubkey,
    pub terms: LicenseTerms,
}

#[event]
pub struct ListingUpdated {
    pub listing: Pubkey,
    pub price: u64,
    pub supply_cap: u64,
    pub refund_window_secs: i64,
    pub meter_authority: Pubkey,
    pub compute_node: Pubkey,
    pub active: bool,
}

#[event]
pub struct ListingClosed {
    pub listing: Pubkey,
}

#[event]
pub struct LicensePurchased {
    pub license: Pubkey,
    pub mint: Pubkey,
    pub listing: Pubkey,
    pub buyer: Pubkey,
    pub kind: PricingKind,
    pub price: u64,
    pub platform_fee: u64,
    /// Whether the payment waits in escrow for the refund window.
    pub in_escrow: bool,
    pub expires_at: i64,
    pub refundable_until: i64,
    /// The meter and the compute node fixed into the license.
    pub meter_authority: Pubkey,
    pub compute_node: Pubkey,
    /// Whether it counts as a sale (it was paid upfront).
    pub counted_as_sale: bool,
}

#[event]
pub struct LicenseRenewed {
    pub license: Pubkey,
    pub holder: Pubkey,
    pub price: u64,
    pub platform_fee: u64,
    pub expires_at: i64,
}

#[event]
pub struct CreditsDeposited {
    pub license: Pubkey,
    pub amount: u64,
    pub credits: u64,
}

#[event]
pub struct CreditsWithdrawn {
    pub license: Pubkey,
    pub amount: u64,
    pub credits: u64,
}

#[event]
pub struct UsageRecorded {
    pub license: Pubkey,
    pub meter: Pubkey,
    pub units: u64,
    pub sequence: u64,
    pub cost: u64,
    pub platform_fee: u64,
    pub compute_share: u64,
    pub node: Option<Pubkey>,
    pub credits: u64,
    pub used_in_period: u64,
}

#[event]
pub struct RevenueReported {
    pub license: Pubkey,
    pub holder: Pubkey,
    pub revenue: u64,
    pub paid: u64,
    pub platform_fee: u64,
    pub expires_at: i64,
}

#[event]
pub struct LicenseRefunded {
    pub license: Pubkey,
    pub holder: Pubkey,
    pub amount: u64,
    pub revoked_by_arbiter: bool,
}

#[event]
pub struct PurchaseSettled {
    pub license: Pubkey,
    pub amount: u64,
    pub platform_fee: u64,
    pub to_vault: u64,
}

#[event]
pub struct DisputeOpened {
    pub license: Pubkey,
    pub holder: Pubkey,
    pub amount: u64,
}

#[event]
pub struct DisputeResolved {
    pub license: Pubkey,
    pub arbiter: Pubkey,
    pub refunded: bool,
    pub amount: u64,
}

#[event]
pub struct LicenseResaleListed {
    pub license: Pubkey,
    pub holder: Pubkey,
    /// 0 when the offer is withdrawn.
    pub price: u64,
}

#[event]
pub struct LicenseResold {
    pub license: Pubkey,
    pub seller: Pubkey,
    pub buyer: Pubkey,
    pub price: u64,
    pub platform_fee: u64,
    pub model_royalty: u64,
    pub seller_proceeds: u64,
}

#[event]
pub struct ModelReviewed {
    pub review: Pubkey,
    pub license: Pubkey,
    pub model_mint: Pubkey,
    pub reviewer: Pubkey,
    pub rating: u8,
    pub uri: String,
}

#[event]
pub struct LicenseClosed {
    pub license: Pubkey,
    pub holder: Pubkey,
    /// Lamports of rent returned: the License, the NFT mint and the token account.
    pub rent_returned: u64,
}

#[event]
pub struct ListingReclaimed {
    pub listing: Pubkey,
    pub rent_returned: u64,
}

#[event]
pub struct DerivativeApproved {
    pub license: Pubkey,
    pub holder: Pubkey,
    pub approved: bool,
}

#[event]
pub struct TrialBudgetChanged {
    pub listing: Pubkey,
    /// Positive: funded by the owner; negative: taken back.
    pub change: i128,
    pub trial_budget: u64,
}

#[event]
pub struct TrialClaimed {
    pub listing: Pubkey,
    pub wallet: Pubkey,
    pub license: Pubkey,
    pub trial_credits: u64,
}

#[event]
pub struct TierChanged {
    pub license: Pubkey,
    pub holder: Pubkey,
    pub from_listing: Pubkey,
    pub to_listing: Pubkey,
    /// The value of the paid time left, credited against the new price.
    pub credit: u64,
    pub paid: u64,
    pub platform_fee: u64,
    pub expires_at: i64,
}

#[event]
pub struct ApiRevenueDeposited {
    pub model_mint: Pubkey,
    pub payer: Pubkey,
    pub amount: u64,
    pub platform_fee: u64,
    pub to_model: u64,
}
