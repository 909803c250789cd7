use {crate::constants::*, anchor_lang::prelude::*};

/// A co-trainer named on a model version, with its share of the model's revenue.
#[derive(
    AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default, PartialEq, Eq, InitSpace,
)]
pub struct Contributor {
    pub wallet: Pubkey,
    pub share_bps: u16,
}

/// A registered model, at `[MODEL_SEED, ownership NFT mint]`.
///
/// Fixed size and fixed offsets, so that indexers and the SDK can filter models
/// by creator, parent or root with `getProgramAccounts` memcmp filters.
/// Name, symbol and URI live in the ownership NFT's Token-2022 metadata.
#[account]
#[derive(InitSpace)]
pub struct Model {
    /// Layout version of this account (`ACCOUNT_VERSION` when written).
    pub account_version: u8,
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
    /// Share, in bps, of this model's revenue owed to its parent: the
    /// parent's fork royalty when this model was forked (0 for a base model).
    pub parent_royalty_bps: u16,
    /// Contributors' shares; the owner of record gets what parent and
    /// contributors do not.
    pub contributors: [Contributor; MAX_CONTRIBUTORS],
    pub contributor_count: u8,
    /// Bumped whenever the split (contributors and their shares) changes, so
    /// that revenue vaults settle under the old split before using the new one.
    pub split_version: u32,
    /// Revenue vaults opened for this model (one per payment mint).
    pub vault_count: u16,
    /// Completed sales of the ownership NFT (0 until the first).
    pub sale_count: u32,
    pub children_count: u64,
    pub license_count: u64,
    pub gross_revenue: u64,
    pub rating_sum: u64,
    pub rating_count: u64,
    pub taken_down: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// The owner of record: the registrant, then each buyer. Revenue vaults
    /// compare their own owner period with `sale_count` and, after a sale,
    /// settle the previous owner's share lazily the next time they are touched.
    /// (An imported Metaplex NFT can move outside Hex; its owner's share goes
    /// to whoever holds it when claiming, and it is never sold through Hex.)
    pub owner: Pubkey,
    /// Listed for sale: owner-gated changes are refused until the sale
    /// completes or is cancelled, so the buyer gets what it saw.
    pub listed_for_sale: bool,
    /// A fork of a closed model: the license it was made under (the
    /// default key otherwise). While that license no longer lets the
    /// model's owner build on the parent, the fork sells no licenses and
    /// cannot be listed for sale (`set_derivative_license` presents a new one).
    pub derivative_license: Pubkey,
    pub reserved: [u8; 31],
}

// The fields the SDK filters models by (creator, parent, root).
hex_common::account_offsets!(Model {
    account_version: u8,
    bump: u8,
    mint: Pubkey => MODEL_MINT_OFFSET,
    creator: Pubkey => MODEL_CREATOR_OFFSET,
    parent: Pubkey => MODEL_PARENT_OFFSET,
    root: Pubkey => MODEL_ROOT_OFFSET,
    depth: u32,
    open_source: bool,
    content_hash: [u8; 32],
    model_version: u32,
    fork_royalty_bps: u16,
    creator_resale_royalty_bps: u16,
    parent_royalty_bps: u16,
    contributors: [Contributor; MAX_CONTRIBUTORS],
    contributor_count: u8,
    split_version: u32,
    vault_count: u16,
    sale_count: u32,
    children_count: u64,
    license_count: u64,
    gross_revenue: u64,
    rating_sum: u64,
    rating_count: u64,
    taken_down: bool,
    created_at: i64,
    updated_at: i64,
    owner: Pubkey,
    listed_for_sale: bool,
    derivative_license: Pubkey,
    reserved: [u8; 31],
});

/// Where a new model sits in the lineage tree.
pub struct Lineage {
    pub parent: Pubkey,
    pub root: Pubkey,
    pub depth: u32,
    pub parent_royalty_bps: u16,
}

impl Lineage {
    /// A base model is its own root.
    pub fn base(mint: Pubkey) -> Self {
        Lineage {
            parent: Pubkey::default(),
            root: mint,
            depth: 0,
            parent_royalty_bps: 0,
        }
    }
}

/// What the creator decides about a new model.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct ModelTerms {
    pub content_hash: [u8; 32],
    pub open_source: bool,
    pub fork_royalty_bps: u16,
    pub creator_resale_royalty_bps: u16,
}

impl Model {
    /// A freshly registered model: version 1, no contributors, no history.
    pub fn new(
        bump: u8,
        mint: Pubkey,
        creator: Pubkey,
        lineage: Lineage,
        terms: ModelTerms,
        now: i64,
    ) -> Self {
        Model {
            account_version: ACCOUNT_VERSION,
            bump,
            mint,
            creator,
            parent: lineage.parent,
            root: lineage.root,
            depth: lineage.depth,
            open_source: terms.open_source,
            content_hash: terms.content_hash,
            model_version: 1,
            fork_royalty_bps: terms.fork_royalty_bps,
            creator_resale_royalty_bps: terms.creator_resale_royalty_bps,
            parent_royalty_bps: lineage.parent_royalty_bps,
            contributors: [Contributor::default(); MAX_CONTRIBUTORS],
            contributor_count: 0,
            split_version: 0,
            vault_count: 0,
            sale_count: 0,
            children_count: 0,
            license_count: 0,
            gross_revenue: 0,
            rating_sum: 0,
            rating_count: 0,
            taken_down: false,
            created_at: now,
            updated_at: now,
            owner: creator,
            listed_for_sale: false,
            derivative_license: Pubkey::default(),
            reserved: [0; 31],
        }
    }

    /// The weight of this model's trend points: neutral until enough verified
    /// reviews, then linear in the average rating, from 0.5x (1 star) to
    /// 1.5x (5 stars), in bps.
    pub fn rating_multiplier_bps(&self) -> u64 {
        if self.rating_count < MIN_REVIEWS_FOR_RATING {
            return RATING_MULTIPLIER_NEUTRAL_BPS;
        }
        let per_star = (RATING_MULTIPLIER_MAX_BPS - RATING_MULTIPLIER_MIN_BPS) / 4;
        // Ratings are 1 to 5, so the average stays in [1, 5] and the result in bounds.
        let above_one_star = ((self.rating_sum as u128 * per_star as u128
            / self.rating_count as u128) as u64)
            .saturating_sub(per_star);
        (RATING_MULTIPLIER_MIN_BPS + above_one_star).min(RATING_MULTIPLIER_MAX_BPS)
    }
}
