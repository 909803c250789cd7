//! Seeds, limits and defaults of the model registry.

use {anchor_lang::prelude::*, hex_common::seeds};

#[constant]
pub const CONFIG_SEED: &[u8] = seeds::CONFIG;
#[constant]
pub const MODEL_SEED: &[u8] = seeds::MODEL;
#[constant]
pub const SALE_SEED: &[u8] = seeds::SALE;
#[constant]
pub const PROFILE_SEED: &[u8] = seeds::PROFILE;

/// Tags of a model's profile: how many, and the bytes of each (the IDL
/// shows both as the lengths of `ModelProfile::tags`).
pub const MAX_TAGS: usize = 4;
pub const TAG_LEN: usize = 16;

/// The license market's authority PDA, which reports license sales and
/// reviews of a model (defined here, where it is checked; the market uses it).
#[constant]
pub const MARKET_AUTHORITY_SEED: &[u8] = seeds::MARKET_AUTHORITY;

/// Basis points in one whole.
#[constant]
pub const BPS_DENOMINATOR: u16 = hex_common::bps::BPS_DENOMINATOR;
/// No fee, fee cap or royalty can ever exceed this, whatever the admin signs.
pub const MAX_PLATFORM_FEE_BPS: u16 = 3_000;
/// The original creator's royalty on resales of a model, chosen at registration.
pub const MIN_CREATOR_RESALE_ROYALTY_BPS: u16 = 500;
pub const MAX_CREATOR_RESALE_ROYALTY_BPS: u16 = 1_000;
/// Largest fork royalty cap the platform may set: a parent never takes more than half.
pub const MAX_FORK_ROYALTY_LIMIT_BPS: u16 = 5_000;
/// Longest refund window the platform may allow (30 days).
pub const MAX_REFUND_WINDOW_LIMIT_SECS: i64 = 30 * 24 * 60 * 60;

/// Family reward pools (the royalty escrow's `FamilyPool`): the bounds of
/// the platform's epoch length and distributor fee.
pub const MIN_FAMILY_EPOCH_SECS: i64 = 60;
pub const MAX_FAMILY_EPOCH_SECS: i64 = 90 * 24 * 60 * 60;
pub const MAX_DISTRIBUTOR_FEE_BPS: u16 = 100;
/// The rating multiplier of trend points: neutral until a model has this
/// many verified reviews, then from MIN (average 1 star) to MAX (5 stars).
#[constant]
pub const MIN_REVIEWS_FOR_RATING: u64 = 3;
#[constant]
pub const RATING_MULTIPLIER_NEUTRAL_BPS: u64 = 10_000;
#[constant]
pub const RATING_MULTIPLIER_MIN_BPS: u64 = 5_000;
#[constant]
pub const RATING_MULTIPLIER_MAX_BPS: u64 = 15_000;

/// Contributors a model version can name, besides its owner.
pub const MAX_CONTRIBUTORS: usize = 16;

/// Limits of the ownership NFT's Token-2022 metadata.
pub const MAX_NAME_LEN: usize = 32;
pub const MAX_SYMBOL_LEN: usize = 10;
#[constant]
pub const MAX_URI_LEN: u16 = 200;

/// Keys of the extra fields in the ownership NFT's metadata.
pub const METADATA_KEY_CONTENT_HASH: &str = "content_hash";
pub const METADATA_KEY_VERSION: &str = "version";
pub const METADATA_KEY_PARENT: &str = "parent";

pub use hex_common::ACCOUNT_VERSION;
