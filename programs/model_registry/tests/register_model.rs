use {
    anchor_lang::error::ErrorCode as AnchorError,
    anchor_spl::{
        token::spl_token,
        token_2022::spl_token_2022::{
            extension::{
                metadata_pointer::MetadataPointer, BaseStateWithExtensions, StateWithExtensions,
            },
            instruction::transfer_checked,
            state::{Account as TokenAccountState, AccountState, Mint as MintState},
        },
        token_interface::spl_token_metadata_interface::state::TokenMetadata,
    },
    hex_test_support::{registry::*, solana_keypair::Keypair, solana_signer::Signer, *},
    model_registry::{
        errors::RegistryError,
        state::{Config, Model},
    },
};

fn read_mint(
    chain: &TestChain,
    mint: &Pubkey,
) -> (MintState, Option<MetadataPointer>, TokenMetadata) {
    let account = chain.svm.get_account(mint).expect("mint exists");
    assert_eq!(account.owner, anchor_spl::token_2022::ID);
    let state = StateWithExtensions::<MintState>::unpack(&account.data).expect("a Token-2022 mint");
    let pointer = state.get_extension::<MetadataPointer>().ok().copied();
    let metadata = state
        .get_variable_len_extension::<TokenMetadata>()
        .expect("token metadata");
    (state.base, pointer, metadata)
}

fn read_token_account(chain: &TestChain, address: &Pubkey) -> TokenAccountState {
    let account = chain
        .svm
        .get_account(address)
        .expect("token account exists");
    StateWithExtensions::<TokenAccountState>::unpack(&account.data)
        .unwrap()
        .base
}

#[test]
fn registers_a_model_and_mints_its_frozen_ownership_nft() {
    let mut platform = Platform::new();
    let creator = platform.chain.funded_keypair(10 * SOL);
    let args = default_model_args();
    let (mint, result) = platform.register_model(&creator, args.clone());
    result.expect("register_model");
    let mint = mint.pubkey();
    let model_address = model_pda(&mint);

    let model: Model = platform.chain.account(&model_address);
    assert_eq!(model.account_version, 1);
    assert_eq!(model.mint, mint);
    assert_eq!(model.creator, creator.pubkey());
    assert_eq!(model.parent, Pubkey::default());
    assert_eq!(model.root, mint);
    assert_eq!(model.depth, 0);
    assert!(model.open_source);
    assert_eq!(model.content_hash, args.content_hash);
    assert_eq!(model.model_version, 1);
    assert_eq!(model.fork_royalty_bps, 1_000);
    assert_eq!(model.creator_resale_royalty_bps, 750);
    assert_eq!(
        (
            model.children_count,
            model.license_count,
            model.gross_revenue
        ),
        (0, 0, 0)
    );
    assert!(!model.taken_down);

    let (mint_state, pointer, metadata) = read_mint(&platform.chain, &mint);
    assert_eq!(mint_state.supply, 1);
    assert_eq!(mint_state.decimals, 0);
    assert!(
        mint_state.mint_authority.is_none(),
        "no second token can ever be minted"
    );
    assert_eq!(mint_state.freeze_authority, Some(model_address).into());
    let pointer = pointer.expect("metadata pointer extension");
    assert_eq!(Option::<Pubkey>::from(pointer.metadata_address), Some(mint));
    assert_eq!(
        Option::<Pubkey>::from(pointer.authority),
        Some(model_address)
    );
    assert_eq!(metadata.name, args.name);
    assert_eq!(metadata.symbol, args.symbol);
    assert_eq!(metadata.uri, args.uri);
    assert_eq!(
        Option::<Pubkey>::from(metadata.update_authority),
        Some(model_address)
    );
    assert_eq!(
        metadata.additional_metadata,
        vec![
            ("content_hash".to_string(), "07".repeat(32)),
            ("version".to_string(), "1".to_string()),
        ]
    );

    let token = read_token_account(
        &platform.chain,
        &ownership_token_address(&creator.pubkey(), &mint),
    );
    assert_eq!(token.amount, 1);
    assert_eq!(token.owner, creator.pubkey());
    assert_eq!(token.state, AccountState::Frozen);

    let config: Config = platform.chain.account(&config_pda());
    assert_eq!(config.model_count, 1);
}

#[test]
fn the_mint_is_rent_exempt_at_its_final_size() {
    let mut platform = Platform::new();
    let creator = platform.chain.funded_keypair(10 * SOL);
    let (mint, result) = platform.register_model(&creator, default_model_args());
    result.unwrap();
    let account = platform.chain.svm.get_account(&mint.pubkey()).unwrap();
    assert_eq!(
        account.lamports,
        platform
            .chain
            .svm
            .minimum_balance_for_rent_exemption(account.data.len())
    );
}

#[test]
fn a_plain_token_transfer_cannot_move_the_ownership_nft() {
    let mut platform = Platform::new();
    let creator = platform.chain.funded_keypair(10 * SOL);
    let (mint, result) = platform.register_model(&creator, default_model_args());
    result.unwrap();
    let mint = mint.pubkey();
    let buyer = Pubkey::new_unique();
    let create_destination = anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account(
        &creator.pubkey(), &buyer, &mint, &anchor_spl::token_2022::ID,
    );
    platform
        .chain
        .send(&[create_destination], &[&creator])
        .unwrap();
    let transfer = transfer_checked(
        &anchor_spl::token_2022::ID,
        &ownership_token_address(&creator.pubkey(), &mint),
        &mint,
        &ownership_token_address(&buyer, &mint),
        &creator.pubkey(),
        &[],
        1,
        0,
    )
    .unwrap();
    let result = platform.chain.send(&[transfer], &[&creator]);
    // spl_token_2022::error::TokenError::AccountFrozen
    assert_error(&result, 17u32);
    let token = read_token_account(
        &platform.chain,
        &ownership_token_address(&creator.pubkey(), &mint),
    );
    assert_eq!(token.amount, 1);
}

#[test]
fn rejects_registration_without_the_creator_signature() {
    let mut platform = Platform::new();
    let payer = platform.chain.funded_keypair(10 * SOL);
    let creator = Pubkey::new_unique();
    let mint = Keypair::new();
    let mut instruction = register_model_ix(&creator, &mint.pubkey(), default_model_args());
    instruction.accounts[0].is_signer = false;
    let result = platform.chain.send(&[instruction], &[&payer, &mint]);
    assert_error(&result, AnchorError::AccountNotSigner);
}

#[test]
fn rejects_registering_the_same_mint_twice() {
    let mut platform = Platform::new();
    let creator = platform.chain.funded_keypair(10 * SOL);
    let (mint, result) = platform.register_model(&creator, default_model_args());
    result.unwrap();
    let again = platform.chain.send(
        &[register_model_ix(
            &creator.pubkey(),
            &mint.pubkey(),
            default_model_args(),
        )],
        &[&creator, &mint],
    );
    // The model PDA already exists: the system program refuses to create it.
    assert_rejected_by(&again, &anchor_lang::system_program::ID);
    assert_eq!(
        platform.chain.account::<Config>(&config_pda()).model_count,
        1
    );
}

fn register_with(
    edit: impl FnOnce(&mut model_registry::instructions::RegisterModelArgs),
) -> TxResult {
    let mut platform = Platform::new();
    let creator = platform.chain.funded_keypair(10 * SOL);
    let mut args = default_model_args();
    edit(&mut args);
    platform.register_model(&creator, args).1
}

#[test]
fn rejects_names_symbols_and_uris_out_of_bounds() {
    assert_error(
        &register_with(|args| args.name = "n".repeat(33)),
        RegistryError::InvalidName,
    );
    assert_error(
        &register_with(|args| args.name.clear()),
        RegistryError::InvalidName,
    );
    assert_error(
        &register_with(|args| args.symbol = "S".repeat(11)),
        RegistryError::SymbolTooLong,
    );
    assert_error(
        &register_with(|args| args.uri = "u".repeat(201)),
        RegistryError::InvalidUri,
    );
    register_with(|args| {
        args.name = "n".repeat(32);
        args.symbol = "S".repeat(10);
        args.uri = "u".repeat(200);
    })
    .expect("the longest allowed values register");
}

#[test]
fn rejects_royalties_out_of_bounds() {
    assert_error(
        &register_with(|args| args.fork_royalty_bps = 3_001),
        RegistryError::ForkRoyaltyAboveCap,
    );
    assert_error(
        &register_with(|args| args.creator_resale_royalty_bps = 499),
        RegistryError::InvalidResaleRoyalty,
    );
    assert_error(
        &register_with(|args| args.creator_resale_royalty_bps = 1_001),
        RegistryError::InvalidResaleRoyalty,
    );
}

#[test]
fn rejects_the_spl_token_program_in_place_of_token_2022() {
    let mut platform = Platform::new();
    let creator = platform.chain.funded_keypair(10 * SOL);
    let mint = Keypair::new();
    let mut instruction =
        register_model_ix(&creator.pubkey(), &mint.pubkey(), default_model_args());
    let token_program_index = instruction
        .accounts
        .iter()
        .position(|meta| meta.pubkey == anchor_spl::token_2022::ID)
        .unwrap();
    instruction.accounts[token_program_index].pubkey = spl_token::ID;
    let result = platform.chain.send(&[instruction], &[&creator, &mint]);
    assert_error(&result, AnchorError::InvalidProgramId);
}

#[test]
fn rejects_registration_while_the_platform_is_paused() {
    let mut platform = Platform::new();
    let authority = platform.authority.insecure_clone();
    platform
        .chain
        .send(&[set_paused_ix(&authority.pubkey(), true)], &[&authority])
        .unwrap();
    let creator = platform.chain.funded_keypair(10 * SOL);
    let (mint, result) = platform.register_model(&creator, default_model_args());
    assert_error(&result, RegistryError::PlatformPaused);
    assert!(!platform.chain.exists(&mint.pubkey()));
}
