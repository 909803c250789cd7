use anchor_lang::prelude::*;

/// How a wallet wants to be paid by `distribute`, at
/// `[PAYOUT_PREFERENCES_SEED, wallet]`. Without this account a keeper may
/// pay the wallet into its associated token account and create that account.
#[account]
#[derive(InitSpace)]
pub struct PayoutPreferences {
    /// Layout version of this account (`ACCOUNT_VERSION` when written).
    pub account_version: u8,
    pub bump: u8,
    pub wallet: Pubkey,
    /// Only the wallet's own claims pay it; `distribute` refuses.
    pub opt_out: bool,
    /// A keeper may create the wallet's associated token account (paying its rent).
    pub allow_account_creation: bool,
    pub reserved: [u8; 16],
}
