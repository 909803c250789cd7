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

#[event]
pub struct TrendShareSet {
    pub pool: Pubkey,
    pub root_mint: Pubkey,
    pub payment_mint: Pubkey,
    pub trend_share_bps: u16,
}

#[event]
pub struct LicenseRevenueDeposited {
    pub vault: Pubkey,
    /// Default when the model's family has no pool in this payment mint.
    pub pool: Pubkey,
    pub amount: u64,
    pub to_vault: u64,
    pub to_pool: u64,
    pub points: u64,
    pub epoch: u64,
}

#[event]
pub struct FamilyRewardCollected {
    pub pool: Pubkey,
    pub vault: Pubkey,
    pub amount: u64,
    /// The pool's epoch when collected.
    pub epoch: u64,
}

#[event]
pub struct Distributed {
    pub vault: Pubkey,
    pub slot: u8,
    pub recipient: Pubkey,
    pub destination: Pubkey,
    pub amount: u64,
    pub distributor: Pubkey,
    pub distributor_fee: u64,
}

#[event]
pub struct PayoutPreferencesSet {
    pub wallet: Pubkey,
    pub opt_out: bool,
    pub allow_account_creation: bool,
}
