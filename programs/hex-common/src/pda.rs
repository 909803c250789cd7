//! The addresses of every Hex account, as clients and other programs find
//! them (the programs themselves check them with `seeds` constraints).

use {
    crate::{ids, seeds},
    anchor_lang::prelude::*,
};

fn find(seeds: &[&[u8]], program_id: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(seeds, program_id).0
}

pub fn config() -> Pubkey {
    find(&[seeds::CONFIG], &ids::MODEL_REGISTRY)
}

pub fn model(mint: &Pubkey) -> Pubkey {
    find(&[seeds::MODEL, mint.as_ref()], &ids::MODEL_REGISTRY)
}

pub fn model_sale(mint: &Pubkey) -> Pubkey {
    find(&[seeds::SALE, mint.as_ref()], &ids::MODEL_REGISTRY)
}

pub fn model_profile(mint: &Pubkey) -> Pubkey {
    find(&[seeds::PROFILE, mint.as_ref()], &ids::MODEL_REGISTRY)
}

/// The market authority and its bump, computed at compile time.
pub const MARKET_AUTHORITY_AND_BUMP: (Pubkey, u8) = {
    let (address, bump) = anchor_lang::derive_program_address(
        &[seeds::MARKET_AUTHORITY],
        &ids::LICENSE_MARKET.to_bytes(),
    );
    (Pubkey::new_from_array(address), bump)
};

/// The seeds with which the license market signs as its authority.
pub const MARKET_AUTHORITY_SIGNER_SEEDS: &[&[u8]] =
    &[seeds::MARKET_AUTHORITY, &[MARKET_AUTHORITY_AND_BUMP.1]];

pub fn market_authority() -> Pubkey {
    MARKET_AUTHORITY_AND_BUMP.0
}

pub fn listing(model_mint: &Pubkey, listing_id: u64) -> Pubkey {
    find(
        &[
            seeds::LISTING,
            model_mint.as_ref(),
            &listing_id.to_le_bytes(),
        ],
        &ids::LICENSE_MARKET,
    )
}

pub fn license(license_mint: &Pubkey) -> Pubkey {
    find(
        &[seeds::LICENSE, license_mint.as_ref()],
        &ids::LICENSE_MARKET,
    )
}

pub fn escrow_tokens(payment_mint: &Pubkey) -> Pubkey {
    find(
        &[seeds::ESCROW_TOKENS, payment_mint.as_ref()],
        &ids::LICENSE_MARKET,
    )
}

pub fn creator_sales(creator: &Pubkey, payment_mint: &Pubkey) -> Pubkey {
    find(
        &[
            seeds::CREATOR_SALES,
            creator.as_ref(),
            payment_mint.as_ref(),
        ],
        &ids::LICENSE_MARKET,
    )
}

pub fn review(license: &Pubkey) -> Pubkey {
    find(&[seeds::REVIEW, license.as_ref()], &ids::LICENSE_MARKET)
}

pub fn trial_claim(listing: &Pubkey, wallet: &Pubkey) -> Pubkey {
    find(
        &[seeds::TRIAL, listing.as_ref(), wallet.as_ref()],
        &ids::LICENSE_MARKET,
    )
}

pub fn vault(model_mint: &Pubkey, payment_mint: &Pubkey) -> Pubkey {
    find(
        &[seeds::VAULT, model_mint.as_ref(), payment_mint.as_ref()],
        &ids::ROYALTY_ESCROW,
    )
}

pub fn vault_tokens(vault: &Pubkey) -> Pubkey {
    find(&[seeds::VAULT_TOKENS, vault.as_ref()], &ids::ROYALTY_ESCROW)
}

pub fn previous_owner_earnings(vault: &Pubkey, previous_owner: &Pubkey) -> Pubkey {
    find(
        &[
            seeds::PREVIOUS_OWNER,
            vault.as_ref(),
            previous_owner.as_ref(),
        ],
        &ids::ROYALTY_ESCROW,
    )
}

pub fn family_pool(root_mint: &Pubkey, payment_mint: &Pubkey) -> Pubkey {
    find(
        &[
            seeds::FAMILY_POOL,
            root_mint.as_ref(),
            payment_mint.as_ref(),
        ],
        &ids::ROYALTY_ESCROW,
    )
}

pub fn pool_tokens(pool: &Pubkey) -> Pubkey {
    find(&[seeds::POOL_TOKENS, pool.as_ref()], &ids::ROYALTY_ESCROW)
}

pub fn payout_preferences(wallet: &Pubkey) -> Pubkey {
    find(
        &[seeds::PAYOUT_PREFERENCES, wallet.as_ref()],
        &ids::ROYALTY_ESCROW,
    )
}
