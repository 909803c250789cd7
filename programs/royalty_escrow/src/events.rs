use anchor_lang::prelude::*;

#[event]
pub struct VaultCreated {
    pub vault: Pubkey,
    pub model_mint: Pubkey,
    pub payment_mint: Pubkey,
    pub parent_vault: Pubkey,
    pub split_version: u32,
}

#[event]
pub struct Deposited {
    pub vault: Pubkey,
    pub depositor: Pubkey,
    pub amount: u64,
    pub total_income: u64,
}

#[event]
pub struct ReleasedToParent {
    pub vault: Pubkey,
    pub parent_vault: Pubkey,
    pub amount: u64,
}

#[event]
pub struct Claimed {
    pub vault: Pubkey,
    pub slot: u8,
    pub recipient: Pubkey,
    pub destination: Pubkey,
    pub amount: u64,
}

#[event]
pub struct SplitSynced {
    pub vault: Pubkey,
    pub split_version: u32,
    /// Revenue paid out to contributors the new split no longer names.
    pub settled_to_replaced: u64,
}

#[event]
pub struct OwnerPeriodSettled {
    pub vault: Pubkey,
    /// The owner whose period closed, and who is owed `amount`.
    pub previous_owner: Pubkey,
    pub new_owner: Pubkey,
    pub amount: u64,
}

#[event]
pub struct PreviousOwnerPaid {
    pub vault: Pubkey,
    pub previous_owner: Pubkey,
    pub destination: Pubkey,
    pub amount: u64,
}
