use anchor_lang::prelude::*;

/// What a vault settled to a previous owner of its model, at
/// `[PREVIOUS_OWNER_SEED, vault, previous owner]`. The tokens stay in the
/// vault until they are paid out; the account then closes and its rent goes
/// back to whoever paid it (the settler).
#[account]
#[derive(InitSpace)]
pub struct PreviousOwnerEarnings {
    /// Layout version of this account (`ACCOUNT_VERSION` when written).
    pub account_version: u8,
    pub bump: u8,
    pub vault: Pubkey,
    pub owner: Pubkey,
    pub rent_payer: Pubkey,
    /// Settled and not yet paid, in base units of the vault's payment mint.
    pub amount: u64,
    pub reserved: [u8; 16],
}

// The fields the SDK filters a previous owner's earnings by.
hex_common::account_offsets!(PreviousOwnerEarnings {
    account_version: u8,
    bump: u8,
    vault: Pubkey => PREVIOUS_OWNER_EARNINGS_VAULT_OFFSET,
    owner: Pubkey => PREVIOUS_OWNER_EARNINGS_OWNER_OFFSET,
    rent_payer: Pubkey,
    amount: u64,
    reserved: [u8; 16],
});
