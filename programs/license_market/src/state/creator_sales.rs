use anchor_lang::prelude::*;

/// A creator's lifetime license sales in one payment mint, at
/// `[CREATOR_SALES_SEED, creator, payment mint]`: they set its fee tier.
#[account]
#[derive(InitSpace)]
pub struct CreatorSales {
    /// Layout version of this account (`ACCOUNT_VERSION` when written).
    pub account_version: u8,
    pub bump: u8,
    pub creator: Pubkey,
    pub payment_mint: Pubkey,
    /// Settled license payments, in base units of the payment mint.
    pub total_sales: u64,
    pub reserved: [u8; 32],
}
