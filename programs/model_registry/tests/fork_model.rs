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

/// A License as the market writes it, every field its own value, granting
/// derivative rights on `model_mint` to `holder`.
fn market_license(
    model_mint: Pubkey,
    holder: Pubkey,
    expires_at: i64,
) -> license_market::state::License {
    use license_market::state::{License, LicenseStatus, LicenseTerms, PricingKind, VolumeTier};
    License {
        account_version: 1,
        bump: 255,
        mint: Pubkey::new_unique(),
        listing: Pubkey::new_unique(),
        model_mint,
        holder,
        kind: PricingKind::Subscription,
        status: LicenseStatus::Active,
        transferable: false,
        derivative_rights: true,
        serial: 7,
        created_at: 1,
        expires_at,
        locked_price: 9,
        revenue_share_bps: 10,
        usage_cap: 11,
        usage_period_secs: 12,
        usage_period_start: 13,
        used_in_period: 14,
        total_units: 15,
        last_usage_sequence: 16,
        credits: 17,
        revenue_reported: 18,
        total_paid: 19,
        pending_payment: 0,
        pending_fee: 0,
        refundable_until: 20,
        disputed: false,
        resale_price: 21,
        meter_authority: Pubkey::new_unique(),
        compute_node: Pubkey::new_unique(),
        volume_tiers: [VolumeTier {
            from_units: 23,
            unit_price: 24,
        }; 2],
        terms: LicenseTerms {
            seats: 25,
            ..LicenseTerms::STANDARD
        },
        derivative_approved: true,
        trial_credits: 26,
        period_price: 27,
        reserved: [22; 6],
    }
}

#[test]
fn the_registry_knows_the_market_and_the_escrow_by_their_own_definitions() {
    use {
        anchor_lang::{AccountDeserialize, AccountSerialize, Discriminator},
        model_registry::license_market as declared_market,
    };
    assert_eq!(declared_market::ID, license_market::ID);
    // The escrow's vaults and the market's authority, as the registry checks
    // them (hex_common), are the addresses those programs derive.
    let (model_mint, payment_mint) = (Pubkey::new_unique(), Pubkey::new_unique());
    assert_eq!(
        hex_common::pda::vault(&model_mint, &payment_mint),
        Pubkey::find_program_address(
            &[
                royalty_escrow::constants::VAULT_SEED,
                model_mint.as_ref(),
                payment_mint.as_ref()
            ],
            &royalty_escrow::ID
        )
        .0
    );
    assert_eq!(
        hex_common::pda::market_authority(),
        Pubkey::find_program_address(
            &[model_registry::constants::MARKET_AUTHORITY_SEED],
            &license_market::ID
        )
        .0
    );
    assert_eq!(
        declared_market::accounts::License::DISCRIMINATOR,
        license_market::state::License::DISCRIMINATOR
    );
    // A License the market wrote, read through the declaration and written
    // back, is the same account, field for field.
    let license = market_license(Pubkey::new_unique(), Pubkey::new_unique(), 1_700_000_000);
    let mut data = Vec::new();
    license.try_serialize(&mut data).unwrap();
    let read = declared_market::accounts::License::try_deserialize(&mut &data[..]).unwrap();
    assert_eq!(
        (
            read.model_mint,
            read.holder,
            read.expires_at,
            read.total_paid
        ),
        (license.model_mint, license.holder, 1_700_000_000, 19)
    );
    let mut written = Vec::new();
    read.try_serialize(&mut written).unwrap();
    assert_eq!(written, data);
    // Any other account is not a license.
    data[0] ^= 1;
    assert!(declared_market::accounts::License::try_deserialize(&mut &data[..]).is_err());
}

#[test]
fn a_closed_model_rejects_a_fork_presenting_a_license_the_market_did_not_write() {
    use anchor_lang::AccountSerialize;
    let mut platform = Platform::new();
    let creator = platform.chain.funded_keypair(10 * SOL);
    let mut closed = default_model_args();
    closed.open_source = false;
    let (base, result) = platform.register_model(&creator, closed);
    result.unwrap();
    // A perfect license of the base for the creator, but owned by the registry.
    let mut data = Vec::new();
    market_license(base.pubkey(), creator.pubkey(), 0)
        .try_serialize(&mut data)
        .unwrap();
    let forged = Pubkey::new_unique();
    tokens::write_account(&mut platform.chain, &forged, model_registry::ID, data);
    let child = Keypair::new();
    let result = platform.chain.send(
        &[licensed_fork_model_ix(
            &creator.pubkey(),
            &child.pubkey(),
            &base.pubkey(),
            Some(forged),
            default_model_args(),
        )],
        &[&creator, &child],
    );
    assert_error(&result, RegistryError::InvalidDerivativeLicense);
}
