use anchor_lang::prelude::*;

/// That a wallet took a listing's trial, at `[TRIAL_SEED, listing, wallet]`.
/// Never closed, so a wallet tries a listing once, whatever it does with
/// its licenses and accounts afterwards.
#[account]
#[derive(InitSpace)]
pub struct TrialClaim {
    /// Layout version of this account (`ACCOUNT_VERSION` when written).
    pub account_version: u8,
    pub bump: u8,
    pub listing: Pubkey,
    pub wallet: Pubkey,
    /// The license NFT that received the trial credits.
    pub license_mint: Pubkey,
    pub claimed_at: i64,
}
