use {crate::constants::MAX_URI_LEN, anchor_lang::prelude::*};

/// A verified review of a model, one per license, at `[REVIEW_SEED, license]`.
#[account]
#[derive(InitSpace)]
pub struct Review {
    /// Layout version of this account (`ACCOUNT_VERSION` when written).
    pub account_version: u8,
    pub bump: u8,
    pub license: Pubkey,
    pub model_mint: Pubkey,
    pub reviewer: Pubkey,
    /// 1 to 5; 0 until written.
    pub rating: u8,
    #[max_len(MAX_URI_LEN)]
    pub uri: String,
    pub created_at: i64,
}

// The fields the SDK filters reviews by.
hex_common::account_offsets!(Review {
    account_version: u8,
    bump: u8,
    license: Pubkey => REVIEW_LICENSE_OFFSET,
    model_mint: Pubkey => REVIEW_MODEL_MINT_OFFSET,
    reviewer: Pubkey => REVIEW_REVIEWER_OFFSET,
    rating: u8,
    uri: String(MAX_URI_LEN as usize),
    created_at: i64,
});
