use anchor_lang::prelude::*;

/// A model's ownership NFT offered for sale, at `[SALE_SEED, model mint]`.
#[account]
#[derive(InitSpace)]
pub struct ModelSale {
    /// Layout version of this account (`ACCOUNT_VERSION` when written).
    pub account_version: u8,
    pub bump: u8,
    pub model_mint: Pubkey,
    pub seller: Pubkey,
    pub payment_mint: Pubkey,
    /// In base units of the payment mint.
    pub price: u64,
    pub listed_at: i64,
    pub reserved: [u8; 32],
}
