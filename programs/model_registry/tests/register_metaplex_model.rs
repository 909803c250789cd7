use {
    anchor_lang::error::ErrorCode as AnchorError,
    hex_test_support::{
        registry::*,
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{self, SPL_TOKEN},
        *,
    },
    model_registry::{
        constants::MPL_TOKEN_METADATA_ID,
        errors::RegistryError,
        state::{Config, Model, ModelTerms},
    },
};

/// A Metaplex NFT: an SPL Token mint of supply 1 held by `holder`, with a
/// Token Metadata account whose update authority is `update_authority`.
struct MetaplexNft {
    platform: Platform,
    mint: Pubkey,
    update_authority: Keypair,
    holder: Keypair,
}

fn metaplex_nft() -> MetaplexNft {
    let mut platform = Platform::new();
    let update_authority = platform.chain.funded_keypair(10 * SOL);
    let holder = platform.chain.funded_keypair(10 * SOL);
    let mint = Pubkey::new_unique();
    tokens::write_mint(&mut platform.chain, &mint, SPL_TOKEN, 1, 0);
    tokens::write_token_account(&mut platform.chain, &holder.pubkey(), &mint, SPL_TOKEN, 1);
    let data = metaplex_metadata_bytes(
        &update_authority.pubkey(),
        &mint,
        "Stable Diffusion LoRA #1",
    );
    tokens::write_account(
        &mut platform.chain,
        &metaplex_metadata_pda(&mint),
        MPL_TOKEN_METADATA_ID,
        data,
    );
    MetaplexNft {
        platform,
        mint,
        update_authority,
        holder,
    }
}

fn args() -> ModelTerms {
    ModelTerms {
        content_hash: [3; 32],
        open_source: true,
        fork_royalty_bps: 500,
        creator_resale_royalty_bps: 600,
    }
}

impl MetaplexNft {
    fn register(&mut self, signer: &Keypair, holder_token: Option<Pubkey>) -> TxResult {
        let ix = register_metaplex_model_ix(&signer.pubkey(), &self.mint, holder_token, args());
        self.platform.chain.send(&[ix], &[signer])
    }

    fn holder_token(&self) -> Pubkey {
        tokens::token_address(&self.holder.pubkey(), &self.mint, &SPL_TOKEN)
    }
}

#[test]
fn the_update_authority_registers_a_metaplex_nft_as_a_base_model() {
    let mut nft = metaplex_nft();
    let authority = nft.update_authority.insecure_clone();
    nft.register(&authority, None).unwrap();
    let model: Model = nft.platform.chain.account(&model_pda(&nft.mint));
    assert_eq!(model.mint, nft.mint);
    assert_eq!(model.creator, authority.pubkey());
    assert_eq!(
        (model.parent, model.root, model.depth),
        (Pubkey::default(), nft.mint, 0)
    );
    assert_eq!(model.content_hash, [3; 32]);
    assert_eq!(
        (model.fork_royalty_bps, model.creator_resale_royalty_bps),
        (500, 600)
    );
    assert_eq!(
        nft.platform
            .chain
            .account::<Config>(&config_pda())
            .model_count,
        1
    );
}

#[test]
fn the_holder_registers_it_too() {
    let mut nft = metaplex_nft();
    let holder = nft.holder.insecure_clone();
    let holder_token = nft.holder_token();
    nft.register(&holder, Some(holder_token)).unwrap();
    assert_eq!(
        nft.platform
            .chain
            .account::<Model>(&model_pda(&nft.mint))
            .creator,
        holder.pubkey()
    );
}

#[test]
fn rejects_anyone_else() {
    let mut nft = metaplex_nft();
    let stranger = nft.platform.chain.funded_keypair(SOL);
    assert_error(
        &nft.register(&stranger, None),
        RegistryError::NotMetaplexAuthority,
    );
    // The holder's token account does not make the stranger its holder.
    let holder_token = nft.holder_token();
    assert_error(
        &nft.register(&stranger, Some(holder_token)),
        AnchorError::ConstraintTokenOwner,
    );
    assert!(!nft.platform.chain.exists(&model_pda(&nft.mint)));
}

#[test]
fn rejects_metadata_of_another_program_or_another_mint() {
    let mut nft = metaplex_nft();
    let authority = nft.update_authority.insecure_clone();
    let metadata = metaplex_metadata_pda(&nft.mint);
    let forged = metaplex_metadata_bytes(&authority.pubkey(), &nft.mint, "forged");
    tokens::write_account(
        &mut nft.platform.chain,
        &metadata,
        Pubkey::new_unique(),
        forged,
    );
    assert_error(
        &nft.register(&authority, None),
        RegistryError::InvalidMetaplexMetadata,
    );

    let other_mint = metaplex_metadata_bytes(&authority.pubkey(), &Pubkey::new_unique(), "other");
    tokens::write_account(
        &mut nft.platform.chain,
        &metadata,
        MPL_TOKEN_METADATA_ID,
        other_mint,
    );
    assert_error(
        &nft.register(&authority, None),
        RegistryError::InvalidMetaplexMetadata,
    );

    let mut ix = register_metaplex_model_ix(&authority.pubkey(), &nft.mint, None, args());
    ix.accounts[3].pubkey = metaplex_metadata_pda(&Pubkey::new_unique());
    assert_error(
        &nft.platform.chain.send(&[ix], &[&authority]),
        AnchorError::ConstraintSeeds,
    );
}

#[test]
fn rejects_a_mint_that_is_not_an_nft() {
    let mut nft = metaplex_nft();
    tokens::write_mint(&mut nft.platform.chain, &nft.mint.clone(), SPL_TOKEN, 2, 0);
    let authority = nft.update_authority.insecure_clone();
    assert_error(&nft.register(&authority, None), RegistryError::NotAnNft);
}
