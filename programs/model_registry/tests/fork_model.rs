use {
    anchor_lang::error::ErrorCode as AnchorError,
    anchor_spl::{
        token_2022::spl_token_2022::{extension::StateWithExtensions, state::Mint as MintState},
        token_interface::spl_token_metadata_interface::state::TokenMetadata,
    },
    hex_test_support::{registry::*, solana_keypair::Keypair, solana_signer::Signer, *},
    model_registry::{errors::RegistryError, state::Model},
};

fn metadata_of(chain: &TestChain, mint: &Pubkey) -> TokenMetadata {
    use anchor_spl::token_2022::spl_token_2022::extension::BaseStateWithExtensions;
    let account = chain.svm.get_account(mint).unwrap();
    let state = StateWithExtensions::<MintState>::unpack(&account.data).unwrap();
    state.get_variable_len_extension::<TokenMetadata>().unwrap()
}

#[test]
fn forks_record_parent_root_depth_and_the_parent_royalty() {
    let mut platform = Platform::new();
    let creator = platform.chain.funded_keypair(10 * SOL);
    let (base, result) = platform.register_model(&creator, default_model_args());
    result.unwrap();
    let forker = platform.chain.funded_keypair(10 * SOL);
    let mut args = default_model_args();
    args.fork_royalty_bps = 500;
    let (child, result) = platform.fork_model(&forker, &base.pubkey(), args.clone());
    result.unwrap();
    let (grandchild, result) = platform.fork_model(&creator, &child.pubkey(), default_model_args());
    result.unwrap();

    let child_model: Model = platform.chain.account(&model_pda(&child.pubkey()));
    assert_eq!(child_model.parent, base.pubkey());
    assert_eq!(child_model.root, base.pubkey());
    assert_eq!(child_model.depth, 1);
    assert_eq!(
        child_model.parent_royalty_bps, 1_000,
        "the parent's fork royalty"
    );
    assert_eq!(child_model.fork_royalty_bps, 500);
    assert_eq!(child_model.creator, forker.pubkey());
    let grandchild_model: Model = platform.chain.account(&model_pda(&grandchild.pubkey()));
    assert_eq!(grandchild_model.parent, child.pubkey());
    assert_eq!(grandchild_model.root, base.pubkey());
    assert_eq!(grandchild_model.depth, 2);
    assert_eq!(grandchild_model.parent_royalty_bps, 500);

    let base_model: Model = platform.chain.account(&model_pda(&base.pubkey()));
    assert_eq!(base_model.children_count, 1);
    assert_eq!(
        platform
            .chain
            .account::<Model>(&model_pda(&child.pubkey()))
            .children_count,
        1
    );
    let metadata = metadata_of(&platform.chain, &child.pubkey());
    assert_eq!(
        metadata.additional_metadata.last().unwrap(),
        &("parent".to_string(), base.pubkey().to_string())
    );
}

#[test]
fn rejects_forking_a_closed_model() {
    let mut platform = Platform::new();
    let creator = platform.chain.funded_keypair(10 * SOL);
    let mut closed = default_model_args();
    closed.open_source = false;
    let (base, result) = platform.register_model(&creator, closed);
    result.unwrap();
    let (child, result) = platform.fork_model(&creator, &base.pubkey(), default_model_args());
    assert_error(&result, RegistryError::ParentNotOpenSource);
    assert!(!platform.chain.exists(&child.pubkey()));
}

#[test]
fn a_model_cannot_be_its_own_parent() {
    let mut platform = Platform::new();
    let creator = platform.chain.funded_keypair(10 * SOL);
    let mint = Keypair::new();
    let ix = fork_model_ix(
        &creator.pubkey(),
        &mint.pubkey(),
        &mint.pubkey(),
        default_model_args(),
    );
    let result = platform.chain.send(&[ix], &[&creator, &mint]);
    // The parent must be a registered model; at that address there is only
    // the child's Model account, created empty moments before.
    assert_error(&result, AnchorError::AccountDiscriminatorMismatch);
    assert!(!platform.chain.exists(&mint.pubkey()));
}

#[test]
fn rejects_forks_while_paused_and_child_royalties_above_the_cap() {
    let mut platform = Platform::new();
    let creator = platform.chain.funded_keypair(10 * SOL);
    let (base, result) = platform.register_model(&creator, default_model_args());
    result.unwrap();
    let mut greedy = default_model_args();
    greedy.fork_royalty_bps = 3_001;
    assert_error(
        &platform.fork_model(&creator, &base.pubkey(), greedy).1,
        RegistryError::ForkRoyaltyAboveCap,
    );
    let authority = platform.authority.insecure_clone();
    platform
        .chain
        .send(&[set_paused_ix(&authority.pubkey(), true)], &[&authority])
        .unwrap();
    assert_error(
        &platform
            .fork_model(&creator, &base.pubkey(), default_model_args())
            .1,
        RegistryError::PlatformPaused,
    );
    assert_eq!(
        platform
            .chain
            .account::<Model>(&model_pda(&base.pubkey()))
            .children_count,
        0
    );
}
