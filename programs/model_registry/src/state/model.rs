use anchor_lang::prelude::*;

/// A registered model, at `[MODEL_SEED, ownership NFT mint]`.
///
/// Fixed size and fixed offsets, so that indexers and the SDK can filter models
/// by creator, parent or root with `getProgramAccounts` memcmp filters.
/// Name, symbol and URI live in the ownership NFT's Token-2022 metadata.
#[account]
#[derive(InitSpace)]
pub struct Model {
    pub version: u8,
    pub bump: u8,
    /// The ownership NFT: whoever holds it owns the model.
    pub mint: Pubkey,
    pub creator: Pubkey,
    /// The model this one was forked from; `Pubkey::default()` for a base model.
    pub parent: Pubkey,
    /// The base model at the top of this model's lineage (itself for a base model).
    pub root: Pubkey,
    /// Forks between this model and its root (0 for a base model).
    pub depth: u32,
    pub open_source: bool,
    /// sha256 of the weights artifact of the current version.
    pub content_hash: [u8; 32],
    /// Version number of the model, starting at 1.
    pub model_version: u32,
    /// Share, in bps, of this model's children's revenue that flows to it.
    pub fork_royalty_bps: u16,
    /// The original creator's royalty on each resale of the ownership NFT.
    pub creator_resale_royalty_bps: u16,
    pub children_count: u64,
    pub license_count: u64,
    pub gross_revenue: u64,
    pub rating_sum: u64,
    pub rating_count: u64,
    pub taken_down: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub reserved: [u8; 64],
}
