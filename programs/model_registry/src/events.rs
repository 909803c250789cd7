use {
    crate::{
        constants::{MAX_TAGS, TAG_LEN},
        state::{
            Category, Contributor, CreatorTier, FamilySettings, FeeSchedule, QualityTier,
            CREATOR_TIER_COUNT,
        },
    },
    anchor_lang::prelude::*,
};

#[event]
pub struct ConfigInitialized {
    pub authority: Pubkey,
    pub treasury: Pubkey,
    pub fees: FeeSchedule,
    pub fee_caps: FeeSchedule,
    pub min_model_sale_price: u64,
    pub family: FamilySettings,
}

#[event]
pub struct ModelRegistered {
    pub model: Pubkey,
    pub mint: Pubkey,
    pub creator: Pubkey,
    pub content_hash: [u8; 32],
    pub open_source: bool,
    pub fork_royalty_bps: u16,
    pub creator_resale_royalty_bps: u16,
    pub name: String,
    pub uri: String,
}

#[event]
pub struct ConfigUpdated {
    pub treasury: Pubkey,
    pub fees: FeeSchedule,
    pub creator_tiers: [CreatorTier; CREATOR_TIER_COUNT],
    pub max_fork_royalty_bps: u16,
    pub max_refund_window_secs: i64,
    pub min_model_sale_price: u64,
    pub family: FamilySettings,
    pub attester: Pubkey,
}

#[event]
pub struct AuthorityProposed {
    pub authority: Pubkey,
    /// The default key: the proposal was withdrawn.
    pub pending_authority: Pubkey,
}

#[event]
pub struct AuthorityAccepted {
    pub previous_authority: Pubkey,
    pub authority: Pubkey,
}

#[event]
pub struct PlatformPauseChanged {
    pub paused: bool,
}

#[event]
pub struct ModelForked {
    pub model: Pubkey,
    pub mint: Pubkey,
    pub creator: Pubkey,
    pub parent: Pubkey,
    pub root: Pubkey,
    pub depth: u32,
    /// Share of the child's revenue owed to the parent.
    pub parent_royalty_bps: u16,
    pub content_hash: [u8; 32],
    pub open_source: bool,
    pub fork_royalty_bps: u16,
    pub name: String,
    pub uri: String,
}

#[event]
pub struct ContributorsSet {
    pub model: Pubkey,
    pub split_version: u32,
    pub contributors: Vec<Contributor>,
}

#[event]
pub struct VersionPublished {
    pub model: Pubkey,
    pub version: u32,
    pub content_hash: [u8; 32],
    pub uri: String,
}

#[event]
pub struct VisibilitySet {
    pub model: Pubkey,
    pub open_source: bool,
}

#[event]
pub struct TakedownSet {
    pub model: Pubkey,
    pub taken_down: bool,
}

#[event]
pub struct ModelListed {
    pub model: Pubkey,
    pub seller: Pubkey,
    pub payment_mint: Pubkey,
    pub price: u64,
}

#[event]
pub struct ModelSaleCancelled {
    pub model: Pubkey,
}

#[event]
pub struct ModelSold {
    pub model: Pubkey,
    pub seller: Pubkey,
    pub buyer: Pubkey,
    pub payment_mint: Pubkey,
    pub price: u64,
    pub platform_fee: u64,
    pub creator_royalty: u64,
    pub seller_proceeds: u64,
    pub first_sale: bool,
    /// The split and model versions the buyer agreed to (and got).
    pub split_version: u32,
    pub model_version: u32,
}

#[event]
pub struct MetaplexModelRegistered {
    pub model: Pubkey,
    pub mint: Pubkey,
    pub creator: Pubkey,
    pub metadata: Pubkey,
    pub content_hash: [u8; 32],
    pub open_source: bool,
}

#[event]
pub struct ModelProfileSet {
    pub model: Pubkey,
    pub category: Category,
    pub kind: u8,
    pub tags: [[u8; TAG_LEN]; MAX_TAGS],
}

#[event]
pub struct ModelAttested {
    pub model: Pubkey,
    pub attester: Pubkey,
    pub quality_tier: QualityTier,
    pub attestations: u8,
    pub evidence_uri: String,
}

#[event]
pub struct DerivativeLicenseSet {
    pub model: Pubkey,
    pub license: Pubkey,
}
