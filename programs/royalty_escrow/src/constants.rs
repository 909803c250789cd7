//! Seeds and layout of the revenue vaults.

use {anchor_lang::prelude::*, hex_common::seeds};

#[constant]
pub const VAULT_SEED: &[u8] = seeds::VAULT;
#[constant]
pub const VAULT_TOKENS_SEED: &[u8] = seeds::VAULT_TOKENS;
#[constant]
pub const PREVIOUS_OWNER_SEED: &[u8] = seeds::PREVIOUS_OWNER;
#[constant]
pub const FAMILY_POOL_SEED: &[u8] = seeds::FAMILY_POOL;
#[constant]
pub const POOL_TOKENS_SEED: &[u8] = seeds::POOL_TOKENS;
#[constant]
pub const PAYOUT_PREFERENCES_SEED: &[u8] = seeds::PAYOUT_PREFERENCES;

/// A closed epoch's family rewards can be collected during this many epochs
/// after it ends; then what is left rolls into the current epoch (the IDL
/// shows it as the length of `FamilyPool::closed`).
pub const COLLECT_WINDOW_EPOCHS: usize = 4;
/// A member's points are kept per epoch: the collectable ones and the current.
pub const MEMBER_EPOCH_SLOTS: usize = COLLECT_WINDOW_EPOCHS + 1;

/// Recipient slots of a vault: the parent's vault, up to 16 contributors,
/// and the owner of record.
pub const PARENT_SLOT: usize = 0;
pub const FIRST_CONTRIBUTOR_SLOT: usize = 1;
pub const OWNER_SLOT: usize = FIRST_CONTRIBUTOR_SLOT + model_registry::constants::MAX_CONTRIBUTORS;
pub const RECIPIENT_SLOTS: usize = OWNER_SLOT + 1;

pub use hex_common::ACCOUNT_VERSION;
