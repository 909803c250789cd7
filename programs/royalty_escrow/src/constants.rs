//! Seeds and layout of the revenue vaults.

use anchor_lang::prelude::*;

#[constant]
pub const VAULT_SEED: &[u8] = b"vault";
#[constant]
pub const VAULT_TOKENS_SEED: &[u8] = b"vault_tokens";
#[constant]
pub const PREVIOUS_OWNER_SEED: &[u8] = b"previous_owner";

/// Recipient slots of a vault: the parent's vault, up to 16 contributors,
/// and the owner of record.
pub const PARENT_SLOT: usize = 0;
pub const FIRST_CONTRIBUTOR_SLOT: usize = 1;
pub const OWNER_SLOT: usize = FIRST_CONTRIBUTOR_SLOT + model_registry::constants::MAX_CONTRIBUTORS;
pub const RECIPIENT_SLOTS: usize = OWNER_SLOT + 1;

pub const BPS_DENOMINATOR: u64 = 10_000;

/// Layout version written into every vault.
pub const ACCOUNT_VERSION: u8 = 1;
