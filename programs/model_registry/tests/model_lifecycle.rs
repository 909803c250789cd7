use {
    anchor_spl::{
        token_2022::spl_token_2022::{
            extension::{BaseStateWithExtensions, StateWithExtensions},
            state::Mint as MintState,
        },
        token_interface::spl_token_metadata_interface::state::TokenMetadata,
    },
    hex_test_support::{registry::*, solana_keypair::Keypair, solana_signer::Signer, *},
    model_registry::{errors::RegistryError, state::Model},
};

struct Registered {
    platform: Platform,
    owner: Keypair,
    mint: Pubkey,
}

fn registered() -> Registered {
    let mut platform = Platform::new();
    let owner = platform.chain.funded_keypair(10 * SOL);
    let (mint, result) = platform.register_model(&owner, default_model_args());
    result.unwrap();
    Registered {
        platform,
        owner,
        mint: mint.pubkey(),
    }
}

impl Registered {
    fn model(&self) -> Model {
        self.platform.chain.account(&model_pda(&self.mint))
    }

    fn metadata(&self) -> TokenMetadata {
        let account = self.platform.chain.svm.get_account(&self.mint).unwrap();
        let state = StateWithExtensions::<MintState>::unpack(&account.data).unwrap();
        state.get_variable_len_extension::<TokenMetadata>().unwrap()
    }
}

#[test]
fn publishing_a_version_updates_the_model_and_its_nft_metadata() {
    let mut model = registered();
    let uri = "https://models.hex.example/llama3-med-v2-with-a-longer-uri.json";
    let ix = publish_version_ix(&model.owner.pubkey(), &model.mint, [9; 32], uri);
    let owner = model.owner.insecure_clone();
    model.platform.chain.send(&[ix], &[&owner]).unwrap();
    let state = model.model();
    assert_eq!(state.model_version, 2);
    assert_eq!(state.content_hash, [9; 32]);
    let metadata = model.metadata();
    assert_eq!(metadata.uri, uri);
    assert_eq!(
        metadata.additional_metadata,
        vec![
            ("content_hash".to_string(), "09".repeat(32)),
            ("version".to_string(), "2".to_string())
        ]
    );
    let mint = model.platform.chain.svm.get_account(&model.mint).unwrap();
    assert_eq!(
        mint.lamports,
        model
            .platform
            .chain
            .svm
            .minimum_balance_for_rent_exemption(mint.data.len())
    );
}

#[test]
fn only_the_owner_publishes_versions_and_sets_visibility() {
    let mut model = registered();
    let stranger = model.platform.chain.funded_keypair(SOL);
    let owners_token = ownership_token_address(&model.owner.pubkey(), &model.mint);
    let mut publish = publish_version_ix(&stranger.pubkey(), &model.mint, [9; 32], "https://x");
    publish.accounts[1].pubkey = owners_token;
    assert_error(
        &model.platform.chain.send(&[publish], &[&stranger]),
        RegistryError::NotModelOwner,
    );
    let mut visibility = set_visibility_ix(&stranger.pubkey(), &model.mint, false);
    visibility.accounts[1].pubkey = owners_token;
    assert_error(
        &model.platform.chain.send(&[visibility], &[&stranger]),
        RegistryError::NotModelOwner,
    );
    assert_eq!(model.model().model_version, 1);
    assert!(model.model().open_source);
}

#[test]
fn rejects_a_version_without_a_valid_uri() {
    let mut model = registered();
    let owner = model.owner.insecure_clone();
    let too_long = publish_version_ix(&owner.pubkey(), &model.mint, [9; 32], &"u".repeat(201));
    assert_error(
        &model.platform.chain.send(&[too_long], &[&owner]),
        RegistryError::InvalidUri,
    );
    let empty = publish_version_ix(&owner.pubkey(), &model.mint, [9; 32], "");
    assert_error(
        &model.platform.chain.send(&[empty], &[&owner]),
        RegistryError::InvalidUri,
    );
}

#[test]
fn closing_a_model_stops_forks_and_opening_it_allows_them_again() {
    let mut model = registered();
    let owner = model.owner.insecure_clone();
    model
        .platform
        .chain
        .send(
            &[set_visibility_ix(&owner.pubkey(), &model.mint, false)],
            &[&owner],
        )
        .unwrap();
    assert!(!model.model().open_source);
    let forker = model.platform.chain.funded_keypair(10 * SOL);
    let mint = model.mint;
    assert_error(
        &model
            .platform
            .fork_model(&forker, &mint, default_model_args())
            .1,
        RegistryError::ParentNotOpenSource,
    );
    model
        .platform
        .chain
        .send(
            &[set_visibility_ix(&owner.pubkey(), &model.mint, true)],
            &[&owner],
        )
        .unwrap();
    model
        .platform
        .fork_model(&forker, &mint, default_model_args())
        .1
        .unwrap();
}

#[test]
fn only_the_platform_takes_models_down_and_taken_down_models_cannot_be_forked() {
    let mut model = registered();
    let owner = model.owner.insecure_clone();
    let by_owner = set_taken_down_ix(&owner.pubkey(), &model.mint, true);
    assert_error(
        &model.platform.chain.send(&[by_owner], &[&owner]),
        RegistryError::Unauthorized,
    );
    let authority = model.platform.authority.insecure_clone();
    model
        .platform
        .chain
        .send(
            &[set_taken_down_ix(&authority.pubkey(), &model.mint, true)],
            &[&authority],
        )
        .unwrap();
    assert!(model.model().taken_down);
    let mint = model.mint;
    assert_error(
        &model
            .platform
            .fork_model(&owner, &mint, default_model_args())
            .1,
        RegistryError::ModelTakenDown,
    );
    model
        .platform
        .chain
        .send(
            &[set_taken_down_ix(&authority.pubkey(), &model.mint, false)],
            &[&authority],
        )
        .unwrap();
    assert!(!model.model().taken_down);
}
