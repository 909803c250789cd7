//! Seeds of every program-derived address. Each program publishes its own
//! in its IDL as `#[constant]`s that name these.

// model_registry
pub const CONFIG: &[u8] = b"config";
pub const MODEL: &[u8] = b"model";
pub const SALE: &[u8] = b"sale";
pub const PROFILE: &[u8] = b"profile";

// license_market
/// The market's authority PDA: owns the escrow token accounts, reports
/// license activity to the registry, pays license revenue to the escrow.
pub const MARKET_AUTHORITY: &[u8] = b"market";
pub const LISTING: &[u8] = b"listing";
pub const LICENSE: &[u8] = b"license";
pub const ESCROW_TOKENS: &[u8] = b"escrow_tokens";
pub const CREATOR_SALES: &[u8] = b"creator_sales";
pub const REVIEW: &[u8] = b"review";
pub const TRIAL: &[u8] = b"trial";

// royalty_escrow
pub const VAULT: &[u8] = b"vault";
pub const VAULT_TOKENS: &[u8] = b"vault_tokens";
pub const PREVIOUS_OWNER: &[u8] = b"previous_owner";
pub const FAMILY_POOL: &[u8] = b"family_pool";
pub const POOL_TOKENS: &[u8] = b"pool_tokens";
pub const PAYOUT_PREFERENCES: &[u8] = b"payout_preferences";
