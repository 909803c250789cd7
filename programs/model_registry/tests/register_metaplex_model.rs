use {
    anchor_lang::error::ErrorCode as AnchorError,
    anchor_spl::token_2022::spl_token_2022::state::Mint as MintState,
    hex_common::ids::MPL_TOKEN_METADATA,
    hex_test_support::{
        attacks::swap,
        registry::*,
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{self, SPL_TOKEN, TOKEN_2022},
        *,
    },
    model_registry::{
        errors::RegistryError,
        state::{Config, Model, ModelTerms},
    },
};

/// A Metaplex NFT as Token Metadata leaves it, held by `holder`; its
/// metadata names `update_authority`.
struct MetaplexNft {
    platform: Platform,
    mint: Pubkey,
    token_program: Pubkey,
    update_authority: Keypair,
    holder: Keypair,
}

fn metaplex_nft(token_program: Pubkey) -> MetaplexNft {
    let mut platform = Platform::new();
    let update_authority = platform.chain.funded_keypair(10 * SOL);
    let holder = platform.chain.funded_keypair(10 * SOL);
    let mint = write_metaplex_nft(
        &mut platform.chain,
        token_program,
        &holder.pubkey(),
        &update_authority.pubkey(),
    );
    MetaplexNft {
        platform,
        mint,
        token_program,
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

/// `MasterEditionV2` accounts as Metaplex serializes them (key, supply,
/// max supply), from mpl-token-metadata 3.4.0's
/// `getMasterEditionAccountDataSerializer`: max supply 0, none (unlimited
/// prints) and 5. Token Metadata pads them with zeros to 282 bytes.
const METAPLEX_MASTER_EDITION_MAX_0: &str = "060000000000000000010000000000000000";
const METAPLEX_MASTER_EDITION_UNLIMITED: &str = "06000000000000000000";
const METAPLEX_MASTER_EDITION_MAX_5: &str = "060000000000000000010500000000000000";

/// A print's `EditionV1` account (key 1, parent master edition, edition
/// number 2) from mpl-token-metadata 3.4.0's `getEditionAccountDataSerializer`,
/// at the same PDA as a master edition.
fn metaplex_print_edition(parent: &Pubkey) -> Vec<u8> {
    let mut data = vec![1u8];
    data.extend_from_slice(parent.as_ref());
    data.extend_from_slice(&2u64.to_le_bytes());
    data.resize(241, 0);
    data
}

/// A master edition serialized by Metaplex (`hex`), zero-padded to the size
/// Token Metadata allocates.
fn metaplex_master_edition(hex: &str) -> Vec<u8> {
    let mut data: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&hex[at..at + 2], 16).unwrap())
        .collect();
    data.resize(282, 0);
    data
}

impl MetaplexNft {
    fn register(&mut self, signer: &Keypair, holder_token: Pubkey) -> TxResult {
        let ix = register_metaplex_model_ix(&signer.pubkey(), &self.mint, holder_token, args());
        self.platform.chain.send(&[ix], &[signer])
    }

    fn register_as_holder(&mut self) -> TxResult {
        let (holder, holder_token) = (self.holder.insecure_clone(), self.holder_token());
        self.register(&holder, holder_token)
    }

    fn holder_token(&self) -> Pubkey {
        tokens::token_address(&self.holder.pubkey(), &self.mint, &self.token_program)
    }

    /// Rewrites the mint as `state`, with a permanent delegate if given.
    fn rewrite_mint(&mut self, state: MintState, permanent_delegate: Option<Pubkey>) {
        let (mint, token_program) = (self.mint, self.token_program);
        tokens::write_mint_state(
            &mut self.platform.chain,
            &mint,
            token_program,
            state,
            permanent_delegate,
        );
    }

    /// Rewrites the account at the master edition's PDA.
    fn rewrite_edition(&mut self, owner: Pubkey, data: Vec<u8>) {
        let edition = metaplex_master_edition_pda(&self.mint);
        tokens::write_account(&mut self.platform.chain, &edition, owner, data);
    }

    /// A refused registration created no model and left the NFT with its
    /// holder.
    fn assert_nothing_registered(&self) {
        let chain = &self.platform.chain;
        assert!(!chain.exists(&model_pda(&self.mint)));
        assert_eq!(chain.account::<Config>(&config_pda()).model_count, 0);
        assert_eq!(tokens::balance(chain, &self.holder_token()), 1);
    }

    fn assert_refused(&self, result: TxResult, expected: RegistryError) {
        assert_error(&result, expected);
        self.assert_nothing_registered();
    }

    /// With the mint rewritten as `state` (and `permanent_delegate`), the
    /// holder's registration is refused with `expected`.
    fn assert_mint_refused(
        &mut self,
        state: MintState,
        permanent_delegate: Option<Pubkey>,
        expected: RegistryError,
    ) {
        self.rewrite_mint(state, permanent_delegate);
        let result = self.register_as_holder();
        self.assert_refused(result, expected);
    }

    /// With `data` owned by `owner` at the master edition's PDA, the holder's
    /// registration is refused with `expected`.
    fn assert_edition_refused(&mut self, owner: Pubkey, data: Vec<u8>, expected: RegistryError) {
        self.rewrite_edition(owner, data);
        let result = self.register_as_holder();
        self.assert_refused(result, expected);
    }
}

#[test]
fn the_holder_registers_a_metaplex_nft_with_a_master_edition_as_a_base_model() {
    let mut nft = metaplex_nft(SPL_TOKEN);
    nft.register_as_holder().unwrap();
    let model: Model = nft.platform.chain.account(&model_pda(&nft.mint));
    assert_eq!(model.mint, nft.mint);
    assert_eq!(model.creator, nft.holder.pubkey());
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
    assert_eq!(tokens::balance(&nft.platform.chain, &nft.holder_token()), 1);
}

#[test]
fn a_token_2022_metaplex_nft_registers_too_and_so_does_a_mint_without_freeze_authority() {
    let mut nft = metaplex_nft(TOKEN_2022);
    let state = MintState {
        freeze_authority: None.into(),
        ..metaplex_mint_state(&nft.mint)
    };
    nft.rewrite_mint(state, None);
    nft.register_as_holder().unwrap();
    let model: Model = nft.platform.chain.account(&model_pda(&nft.mint));
    assert_eq!(model.creator, nft.holder.pubkey());
}

#[test]
fn the_master_edition_is_read_with_the_layout_metaplex_serializes() {
    // The fixture the other tests register is Metaplex's serialization.
    assert_eq!(
        metaplex_master_edition_bytes(Some(0)),
        metaplex_master_edition(METAPLEX_MASTER_EDITION_MAX_0)
    );
    for serialized in [
        METAPLEX_MASTER_EDITION_UNLIMITED,
        METAPLEX_MASTER_EDITION_MAX_5,
    ] {
        metaplex_nft(SPL_TOKEN).assert_edition_refused(
            MPL_TOKEN_METADATA,
            metaplex_master_edition(serialized),
            RegistryError::MasterEditionAllowsPrints,
        );
    }
}

#[test]
fn an_nft_without_a_master_edition_is_refused() {
    let mut nft = metaplex_nft(SPL_TOKEN);
    let edition = metaplex_master_edition_pda(&nft.mint);
    nft.platform
        .chain
        .svm
        .set_account(edition, Default::default())
        .unwrap();
    let result = nft.register_as_holder();
    nft.assert_refused(result, RegistryError::InvalidMasterEdition);
}

#[test]
fn a_master_edition_forged_by_another_program_or_at_another_address_is_refused() {
    let data = metaplex_master_edition_bytes(Some(0));
    metaplex_nft(SPL_TOKEN).assert_edition_refused(
        Pubkey::new_unique(),
        data,
        RegistryError::InvalidMasterEdition,
    );

    // A forged edition elsewhere that the mint names as its authorities.
    let mut nft = metaplex_nft(SPL_TOKEN);
    let elsewhere = Pubkey::new_unique();
    let data = metaplex_master_edition_bytes(Some(0));
    tokens::write_account(
        &mut nft.platform.chain,
        &elsewhere,
        MPL_TOKEN_METADATA,
        data,
    );
    let state = MintState {
        mint_authority: Some(elsewhere).into(),
        freeze_authority: Some(elsewhere).into(),
        ..metaplex_mint_state(&nft.mint)
    };
    nft.rewrite_mint(state, None);
    let holder = nft.holder.insecure_clone();
    let mut ix =
        register_metaplex_model_ix(&holder.pubkey(), &nft.mint, nft.holder_token(), args());
    swap(&mut ix, &metaplex_master_edition_pda(&nft.mint), elsewhere);
    let result = nft.platform.chain.send(&[ix], &[&holder]);
    assert_error(&result, AnchorError::ConstraintSeeds);
    nft.assert_nothing_registered();
}

#[test]
fn a_print_edition_is_refused_as_not_a_master_edition() {
    let parent = metaplex_master_edition_pda(&Pubkey::new_unique());
    metaplex_nft(SPL_TOKEN).assert_edition_refused(
        MPL_TOKEN_METADATA,
        metaplex_print_edition(&parent),
        RegistryError::InvalidMasterEdition,
    );
}

#[test]
fn a_master_edition_that_allows_prints_is_refused() {
    for max_supply in [None, Some(1), Some(u64::MAX)] {
        metaplex_nft(SPL_TOKEN).assert_edition_refused(
            MPL_TOKEN_METADATA,
            metaplex_master_edition_bytes(max_supply),
            RegistryError::MasterEditionAllowsPrints,
        );
    }
}

#[test]
fn a_mint_with_a_live_or_absent_mint_authority_is_refused_under_either_token_program() {
    for token_program in [SPL_TOKEN, TOKEN_2022] {
        let mut nft = metaplex_nft(token_program);
        let live = Some(nft.update_authority.pubkey());
        for mint_authority in [live, None] {
            let state = MintState {
                mint_authority: mint_authority.into(),
                ..metaplex_mint_state(&nft.mint)
            };
            nft.assert_mint_refused(state, None, RegistryError::MintAuthorityNotMasterEdition);
        }
    }
}

#[test]
fn a_mint_whose_freeze_authority_is_a_live_key_is_refused() {
    let mut nft = metaplex_nft(SPL_TOKEN);
    let state = MintState {
        freeze_authority: Some(nft.update_authority.pubkey()).into(),
        ..metaplex_mint_state(&nft.mint)
    };
    nft.assert_mint_refused(state, None, RegistryError::FreezeAuthorityNotMasterEdition);
}

#[test]
fn a_token_2022_mint_with_a_permanent_delegate_is_refused() {
    let mut nft = metaplex_nft(TOKEN_2022);
    let (state, delegate) = (
        metaplex_mint_state(&nft.mint),
        nft.update_authority.pubkey(),
    );
    nft.assert_mint_refused(
        state,
        Some(delegate),
        RegistryError::MintHasPermanentDelegate,
    );
}

#[test]
fn only_the_holder_registers_not_the_update_authority_a_stranger_or_a_former_holder() {
    let mut nft = metaplex_nft(SPL_TOKEN);
    let holder_token = nft.holder_token();
    let update_authority = nft.update_authority.insecure_clone();
    let stranger = nft.platform.chain.funded_keypair(SOL);
    // The holder's token account does not make another signer its holder.
    for signer in [&update_authority, &stranger] {
        let result = nft.register(signer, holder_token);
        assert_error(&result, AnchorError::ConstraintTokenOwner);
        nft.assert_nothing_registered();
    }
    // An emptied token account of the mint (a former holder's) holds nothing.
    let (mint, token_program) = (nft.mint, nft.token_program);
    let former_holder_token = tokens::write_token_account(
        &mut nft.platform.chain,
        &update_authority.pubkey(),
        &mint,
        token_program,
        0,
    );
    let result = nft.register(&update_authority, former_holder_token);
    nft.assert_refused(result, RegistryError::NotMetaplexHolder);
}

#[test]
fn rejects_metadata_of_another_program_or_another_mint() {
    let mut nft = metaplex_nft(SPL_TOKEN);
    let authority = nft.update_authority.pubkey();
    let metadata = metaplex_metadata_pda(&nft.mint);
    let forged = metaplex_metadata_bytes(&authority, &nft.mint, "forged");
    tokens::write_account(
        &mut nft.platform.chain,
        &metadata,
        Pubkey::new_unique(),
        forged,
    );
    let result = nft.register_as_holder();
    nft.assert_refused(result, RegistryError::InvalidMetaplexMetadata);

    let other_mint = metaplex_metadata_bytes(&authority, &Pubkey::new_unique(), "other");
    tokens::write_account(
        &mut nft.platform.chain,
        &metadata,
        MPL_TOKEN_METADATA,
        other_mint,
    );
    let result = nft.register_as_holder();
    nft.assert_refused(result, RegistryError::InvalidMetaplexMetadata);

    let holder = nft.holder.insecure_clone();
    let mut ix =
        register_metaplex_model_ix(&holder.pubkey(), &nft.mint, nft.holder_token(), args());
    swap(
        &mut ix,
        &metadata,
        metaplex_metadata_pda(&Pubkey::new_unique()),
    );
    let result = nft.platform.chain.send(&[ix], &[&holder]);
    assert_error(&result, AnchorError::ConstraintSeeds);
    nft.assert_nothing_registered();
}

#[test]
fn rejects_a_mint_that_is_not_an_nft() {
    let mut nft = metaplex_nft(SPL_TOKEN);
    let state = MintState {
        supply: 2,
        ..metaplex_mint_state(&nft.mint)
    };
    nft.assert_mint_refused(state, None, RegistryError::NotAnNft);
}
