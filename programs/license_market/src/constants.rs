//! Seeds, limits and the license NFT's metadata of the license market.

use {anchor_lang::prelude::*, hex_common::seeds};

#[constant]
pub const LISTING_SEED: &[u8] = seeds::LISTING;
#[constant]
pub const LICENSE_SEED: &[u8] = seeds::LICENSE;
/// One token account per payment mint, owned by the market authority, holds
/// purchases inside their refund window and prepaid usage credits.
#[constant]
pub const ESCROW_TOKENS_SEED: &[u8] = seeds::ESCROW_TOKENS;
#[constant]
pub const CREATOR_SALES_SEED: &[u8] = seeds::CREATOR_SALES;
#[constant]
pub const REVIEW_SEED: &[u8] = seeds::REVIEW;
/// One per (listing, wallet), never closed: a wallet's trial of a listing.
#[constant]
pub const TRIAL_SEED: &[u8] = seeds::TRIAL;

/// A node never takes more than half of a usage payment.
#[constant]
pub const MAX_COMPUTE_SHARE_BPS: u16 = 5_000;
/// A model never takes more than half of a license resale.
#[constant]
pub const MAX_RESALE_ROYALTY_BPS: u16 = 5_000;
#[constant]
pub const MAX_URI_LEN: u16 = 200;
/// Territories a listing's terms may name.
pub const MAX_TERRITORIES: usize = 4;
/// Volume discount tiers a pay-per-use listing may set.
pub const VOLUME_TIERS: usize = 2;
/// How long after its refund window ends the platform arbiter has to decide
/// a dispute; after that the buyer alone takes the refund (`refund_license`).
pub const DISPUTE_RESOLUTION_SECS: i64 = 14 * 24 * 60 * 60;

/// The license NFT's Token-2022 metadata.
pub const LICENSE_NAME: &str = "Hex License";
pub const LICENSE_SYMBOL: &str = "HEXL";
pub const METADATA_KEY_MODEL: &str = "model";
pub const METADATA_KEY_LISTING: &str = "listing";
pub const METADATA_KEY_TERMS: &str = "terms";
pub const METADATA_KEY_EXPIRES: &str = "expires";
/// The license's terms in one line (`LicenseTerms::metadata_text`).
pub const METADATA_KEY_LICENSE_TERMS: &str = "license_terms";
/// The `expires` value of a license without an end.
pub const NEVER_EXPIRES: &str = "never";

pub use hex_common::ACCOUNT_VERSION;
