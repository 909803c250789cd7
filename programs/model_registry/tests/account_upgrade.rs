//! Upgrade safety: every account starts with a layout version and ends with
//! reserved bytes, so a later program version can add a field by carving it
//! out of the reserved space and still read every account written today.

use {
    anchor_lang::{AnchorDeserialize, Discriminator},
    hex_test_support::{registry::*, solana_signer::Signer, *},
    model_registry::{
        constants::{ACCOUNT_VERSION, MAX_CONTRIBUTORS},
        state::{Config, Contributor, Model},
    },
};

/// The Model layout of a hypothetical next version: a LoRA adapter rank
/// added, taken from the first 4 of the 31 reserved bytes.
#[derive(AnchorDeserialize)]
struct NextModel {
    account_version: u8,
    bump: u8,
    mint: Pubkey,
    creator: Pubkey,
    parent: Pubkey,
    root: Pubkey,
    depth: u32,
    open_source: bool,
    content_hash: [u8; 32],
    model_version: u32,
    fork_royalty_bps: u16,
    creator_resale_royalty_bps: u16,
    parent_royalty_bps: u16,
    contributors: [Contributor; MAX_CONTRIBUTORS],
    contributor_count: u8,
    split_version: u32,
    vault_count: u16,
    sale_count: u32,
    children_count: u64,
    license_count: u64,
    gross_revenue: u64,
    rating_sum: u64,
    rating_count: u64,
    taken_down: bool,
    created_at: i64,
    updated_at: i64,
    owner: Pubkey,
    listed_for_sale: bool,
    adapter_rank: u32,
    reserved: [u8; 27],
}

#[test]
fn a_model_written_today_reads_back_under_a_layout_with_an_added_field() {
    let mut platform = Platform::new();
    let creator = platform.chain.funded_keypair(10 * SOL);
    let (base, result) = platform.register_model(&creator, default_model_args());
    result.unwrap();
    let (child, result) = platform.fork_model(&creator, &base.pubkey(), default_model_args());
    result.unwrap();

    let address = model_pda(&child.pubkey());
    let current: Model = platform.chain.account(&address);
    let data = platform.chain.svm.get_account(&address).unwrap().data;
    assert_eq!(&data[..8], Model::DISCRIMINATOR);
    let next =
        NextModel::deserialize(&mut &data[8..]).expect("the next layout reads today's bytes");

    assert_eq!(next.account_version, ACCOUNT_VERSION);
    assert_eq!(
        (next.bump, next.mint, next.creator, next.parent, next.root),
        (
            current.bump,
            current.mint,
            current.creator,
            current.parent,
            current.root
        )
    );
    assert_eq!(
        (
            next.depth,
            next.open_source,
            next.content_hash,
            next.model_version
        ),
        (
            current.depth,
            current.open_source,
            current.content_hash,
            current.model_version
        )
    );
    assert_eq!(
        (
            next.fork_royalty_bps,
            next.creator_resale_royalty_bps,
            next.parent_royalty_bps
        ),
        (
            current.fork_royalty_bps,
            current.creator_resale_royalty_bps,
            current.parent_royalty_bps
        )
    );
    assert_eq!(
        (
            next.contributors,
            next.contributor_count,
            next.split_version,
            next.vault_count
        ),
        (
            current.contributors,
            current.contributor_count,
            current.split_version,
            current.vault_count
        )
    );
    assert_eq!(
        (
            next.sale_count,
            next.children_count,
            next.license_count,
            next.gross_revenue
        ),
        (
            current.sale_count,
            current.children_count,
            current.license_count,
            current.gross_revenue
        )
    );
    assert_eq!(
        (
            next.rating_sum,
            next.rating_count,
            next.taken_down,
            next.created_at,
            next.updated_at
        ),
        (
            current.rating_sum,
            current.rating_count,
            current.taken_down,
            current.created_at,
            current.updated_at
        )
    );
    // The added field reads as zero ("not set") on every existing account,
    // and the account needs no reallocation.
    assert_eq!(
        (next.owner, next.listed_for_sale),
        (current.owner, current.listed_for_sale)
    );
    assert_eq!(next.adapter_rank, 0);
    assert_eq!(next.reserved, [0; 27]);
    assert_eq!(data.len(), 8 + <Model as anchor_lang::Space>::INIT_SPACE);
}

#[test]
fn the_config_carries_its_version_and_zeroed_reserved_space() {
    let platform = Platform::new();
    let data = platform.chain.svm.get_account(&config_pda()).unwrap().data;
    let config: Config = platform.chain.account(&config_pda());
    assert_eq!(config.account_version, ACCOUNT_VERSION);
    assert_eq!(config.reserved, [0; 12]);
    assert_eq!(&data[data.len() - 12..], &[0; 12]);
}
