use {
    anchor_lang::error::ErrorCode as AnchorError,
    hex_test_support::{registry::*, solana_signer::Signer, *},
    model_registry::{errors::RegistryError, state::Config},
};

#[test]
fn initializes_the_platform_with_its_fee_schedule() {
    let platform = Platform::new();
    let config: Config = platform.chain.account(&config_pda());
    let args = default_config_args(platform.treasury);
    assert_eq!(config.account_version, 1);
    assert_eq!(config.authority, platform.authority.pubkey());
    assert_eq!(config.treasury, platform.treasury);
    assert_eq!(config.fees, args.fees);
    assert_eq!(config.fee_caps, args.fee_caps);
    assert_eq!(config.creator_tiers, args.creator_tiers);
    assert_eq!(config.max_fork_royalty_bps, 3_000);
    assert_eq!(config.max_refund_window_secs, 7 * 24 * 60 * 60);
    assert!(!config.paused);
    assert_eq!(config.model_count, 0);
}

#[test]
fn rejects_a_second_initialisation() {
    let mut platform = Platform::new();
    let intruder = platform.chain.funded_keypair(SOL);
    let result = platform.chain.send(
        &[initialize_config_ix(
            &intruder.pubkey(),
            default_config_args(intruder.pubkey()),
        )],
        &[&intruder],
    );
    // The system program refuses to create an account that already exists.
    assert_rejected_by(&result, &anchor_lang::system_program::ID);
    let config: model_registry::state::Config = platform.chain.account(&config_pda());
    assert_eq!(config.authority, platform.authority.pubkey());
}

fn initialize_with(
    edit: impl FnOnce(&mut model_registry::instructions::InitializeConfigArgs),
) -> TxResult {
    let mut chain = TestChain::new();
    let authority = chain.funded_keypair(SOL);
    let mut args = default_config_args(Pubkey::new_unique());
    edit(&mut args);
    chain.send(
        &[initialize_config_ix(&authority.pubkey(), args)],
        &[&authority],
    )
}

#[test]
fn rejects_a_fee_above_its_cap() {
    let result =
        initialize_with(|args| args.fees.license_fee_bps = args.fee_caps.license_fee_bps + 1);
    assert_error(&result, RegistryError::FeeAboveCap);
}

#[test]
fn rejects_a_fee_cap_above_the_absolute_limit() {
    let result = initialize_with(|args| args.fee_caps.primary_sale_fee_bps = 3_001);
    assert_error(&result, RegistryError::FeeCapTooHigh);
}

#[test]
fn rejects_creator_tiers_that_raise_the_fee_or_do_not_increase() {
    let raising = initialize_with(|args| args.creator_tiers[1].license_fee_bps = 1_900);
    assert_error(&raising, RegistryError::InvalidCreatorTiers);
    let flat = initialize_with(|args| args.creator_tiers[2].min_lifetime_sales = 10_000);
    assert_error(&flat, RegistryError::InvalidCreatorTiers);
}

#[test]
fn rejects_limits_out_of_range() {
    let royalty = initialize_with(|args| args.max_fork_royalty_bps = 5_001);
    assert_error(&royalty, RegistryError::ForkRoyaltyAboveCap);
    let window = initialize_with(|args| args.max_refund_window_secs = -1);
    assert_error(&window, RegistryError::InvalidRefundWindow);
}

#[test]
fn rejects_initialisation_without_the_authority_signature() {
    let mut chain = TestChain::new();
    let payer = chain.funded_keypair(SOL);
    let authority = Pubkey::new_unique();
    let mut instruction = initialize_config_ix(&authority, default_config_args(authority));
    instruction.accounts[0].is_signer = false;
    let result = chain.send(&[instruction], &[&payer]);
    assert_error(&result, AnchorError::AccountNotSigner);
}

#[test]
fn only_the_authority_pauses_and_resumes_the_platform() {
    let mut platform = Platform::new();
    let stranger = platform.chain.funded_keypair(SOL);
    let result = platform
        .chain
        .send(&[set_paused_ix(&stranger.pubkey(), true)], &[&stranger]);
    assert_error(&result, RegistryError::Unauthorized);

    let authority = platform.authority.insecure_clone();
    platform
        .chain
        .send(&[set_paused_ix(&authority.pubkey(), true)], &[&authority])
        .unwrap();
    assert!(platform.chain.account::<Config>(&config_pda()).paused);
    platform
        .chain
        .send(&[set_paused_ix(&authority.pubkey(), false)], &[&authority])
        .unwrap();
    assert!(!platform.chain.account::<Config>(&config_pda()).paused);
}
