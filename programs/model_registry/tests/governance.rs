//! Governance of the platform: settings changed under the hard caps, for
//! later sales only, and the authority handed over in two steps, to a wallet
//! or to a program-derived address (a multisig's vault) signing by CPI.

use {
    anchor_lang::{
        prelude::{AccountInfo, AccountMeta},
        solana_program::{
            entrypoint::ProgramResult, instruction::Instruction, program::invoke_signed,
        },
    },
    hex_test_support::{
        hex_native_runtime::add_native_program,
        market::{listing_args, one_time, MarketFixture},
        registry::*,
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::SPL_TOKEN,
        *,
    },
    model_registry::{
        errors::RegistryError,
        instructions::ConfigUpdate,
        state::{Config, FeeSchedule},
    },
};

fn config_bytes(platform: &Platform) -> Vec<u8> {
    platform.chain.svm.get_account(&config_pda()).unwrap().data
}

fn raised_fees() -> FeeSchedule {
    FeeSchedule {
        license_fee_bps: 2_500,
        ..default_config_args(Pubkey::default()).fees
    }
}

#[test]
fn the_authority_changes_settings_under_the_caps_and_nobody_else_can() {
    let mut platform = Platform::new();
    let authority = platform.authority.insecure_clone();
    let treasury = Pubkey::new_unique();
    let update = ConfigUpdate {
        treasury: Some(treasury),
        fees: Some(raised_fees()),
        min_model_sale_price: Some(5_000),
        ..ConfigUpdate::default()
    };
    let stranger = platform.chain.funded_keypair(SOL);
    let before = config_bytes(&platform);
    assert_error(
        &platform.chain.send(
            &[update_config_ix(&stranger.pubkey(), update.clone())],
            &[&stranger],
        ),
        RegistryError::Unauthorized,
    );
    // Above the cap written at initialisation (2,500 bps), and a zero minimum.
    let above_cap = ConfigUpdate {
        fees: Some(FeeSchedule {
            license_fee_bps: 2_501,
            ..raised_fees()
        }),
        ..ConfigUpdate::default()
    };
    let zero_minimum = ConfigUpdate {
        min_model_sale_price: Some(0),
        ..ConfigUpdate::default()
    };
    for (bad, expected) in [
        (above_cap, RegistryError::FeeAboveCap),
        (zero_minimum, RegistryError::ZeroPrice),
    ] {
        let ix = update_config_ix(&authority.pubkey(), bad);
        assert_error(&platform.chain.send(&[ix], &[&authority]), expected);
    }
    let mut unsigned = update_config_ix(&authority.pubkey(), update.clone());
    hex_test_support::attacks::unsign(&mut unsigned, &authority.pubkey());
    assert_error(
        &platform.chain.send(&[unsigned], &[&stranger]),
        anchor_lang::error::ErrorCode::AccountNotSigner,
    );
    assert_eq!(config_bytes(&platform), before, "nothing changed");

    platform
        .chain
        .send(
            &[update_config_ix(&authority.pubkey(), update)],
            &[&authority],
        )
        .unwrap();
    let config: Config = platform.chain.account(&config_pda());
    assert_eq!(config.treasury, treasury);
    assert_eq!(config.fees, raised_fees());
    assert_eq!(config.min_model_sale_price, 5_000);
    let initial = default_config_args(Pubkey::default());
    assert_eq!(config.fee_caps, initial.fee_caps, "the caps never change");
    assert_eq!(
        config.max_refund_window_secs,
        initial.max_refund_window_secs
    );
}

#[test]
fn a_fee_change_applies_to_later_purchases_never_to_one_in_escrow() {
    const PRICE: u64 = 1_000_000;
    let mut market = MarketFixture::new(SPL_TOKEN);
    let mut args = listing_args(1, one_time(PRICE), Pubkey::new_unique());
    args.refund_window_secs = 3_600;
    market.create_listing(args).unwrap();
    let first = market.wallet(PRICE);
    let (first_license, result) = market.buy(&first, 1, PRICE);
    result.unwrap();

    let authority = market.platform.authority.insecure_clone();
    let update = ConfigUpdate {
        fees: Some(raised_fees()),
        ..ConfigUpdate::default()
    };
    market
        .send(&[update_config_ix(&authority.pubkey(), update)], &authority)
        .unwrap();
    market.advance_time(3_601);
    market.settle(1, &first_license).unwrap();
    let old_fee = PRICE * 2_000 / 10_000;
    assert_eq!(market.treasury_balance(), old_fee);
    assert_eq!(market.vault_balance(), PRICE - old_fee);

    let second = market.wallet(PRICE);
    let (second_license, result) = market.buy(&second, 1, PRICE);
    result.unwrap();
    market.advance_time(3_601);
    market.settle(1, &second_license).unwrap();
    let new_fee = PRICE * 2_500 / 10_000;
    assert_eq!(market.treasury_balance(), old_fee + new_fee);
    assert_eq!(market.vault_balance(), 2 * PRICE - old_fee - new_fee);
}

#[test]
fn the_authority_moves_only_when_the_proposed_key_accepts() {
    let mut platform = Platform::new();
    let authority = platform.authority.insecure_clone();
    let successor = platform.chain.funded_keypair(SOL);
    let stranger = platform.chain.funded_keypair(SOL);
    let send = |platform: &mut Platform, ix: Instruction, signer: &Keypair| {
        platform.chain.send(&[ix], &[signer])
    };

    assert_error(
        &send(
            &mut platform,
            propose_authority_ix(&stranger.pubkey(), &stranger.pubkey()),
            &stranger,
        ),
        RegistryError::Unauthorized,
    );
    // Nobody was proposed: nobody can accept, not even the default key's holder.
    assert_error(
        &send(
            &mut platform,
            accept_authority_ix(&successor.pubkey()),
            &successor,
        ),
        RegistryError::NotPendingAuthority,
    );
    send(
        &mut platform,
        propose_authority_ix(&authority.pubkey(), &successor.pubkey()),
        &authority,
    )
    .unwrap();
    let proposed: Config = platform.chain.account(&config_pda());
    assert_eq!(
        (proposed.authority, proposed.pending_authority),
        (authority.pubkey(), successor.pubkey())
    );
    // Proposed is not yet in charge, and a stranger cannot accept in its place.
    assert_error(
        &send(
            &mut platform,
            set_paused_ix(&successor.pubkey(), true),
            &successor,
        ),
        RegistryError::Unauthorized,
    );
    assert_error(
        &send(
            &mut platform,
            accept_authority_ix(&stranger.pubkey()),
            &stranger,
        ),
        RegistryError::NotPendingAuthority,
    );

    send(
        &mut platform,
        accept_authority_ix(&successor.pubkey()),
        &successor,
    )
    .unwrap();
    let config: Config = platform.chain.account(&config_pda());
    assert_eq!(
        (config.authority, config.pending_authority),
        (successor.pubkey(), Pubkey::default())
    );
    assert_error(
        &send(
            &mut platform,
            set_paused_ix(&authority.pubkey(), true),
            &authority,
        ),
        RegistryError::Unauthorized,
    );
    assert_error(
        &send(
            &mut platform,
            accept_authority_ix(&successor.pubkey()),
            &successor,
        ),
        RegistryError::NotPendingAuthority,
    );
    send(
        &mut platform,
        set_paused_ix(&successor.pubkey(), true),
        &successor,
    )
    .unwrap();
}

/// A stand-in for a multisig program: it forwards the registry instruction
/// in its data, signing for its vault PDA, as Squads does once its members
/// approved a transaction.
const MULTISIG: Pubkey = Pubkey::new_from_array([7; 32]);
const MULTISIG_VAULT_SEED: &[u8] = b"vault";

fn multisig_vault() -> (Pubkey, u8) {
    Pubkey::find_program_address(&[MULTISIG_VAULT_SEED], &MULTISIG)
}

fn multisig_forward(_program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let (vault, bump) = multisig_vault();
    let (registry, forwarded) = accounts.split_first().expect("the registry program first");
    let instruction = Instruction {
        program_id: *registry.key,
        accounts: forwarded
            .iter()
            .map(|account| AccountMeta {
                pubkey: *account.key,
                is_signer: account.is_signer || *account.key == vault,
                is_writable: account.is_writable,
            })
            .collect(),
        data: data.to_vec(),
    };
    invoke_signed(&instruction, accounts, &[&[MULTISIG_VAULT_SEED, &[bump]]])
}

/// `ix` sent through the multisig: its vault's signature comes from the PDA.
fn through_multisig(mut ix: Instruction) -> Instruction {
    let vault = multisig_vault().0;
    for meta in ix.accounts.iter_mut().filter(|meta| meta.pubkey == vault) {
        meta.is_signer = false;
    }
    let mut accounts = vec![AccountMeta::new_readonly(model_registry::ID, false)];
    accounts.extend(ix.accounts);
    Instruction {
        program_id: MULTISIG,
        accounts,
        data: ix.data,
    }
}

#[test]
fn a_multisig_vault_pda_takes_over_the_platform_and_governs_it_by_cpi() {
    let mut platform = Platform::new();
    add_native_program(&mut platform.chain.svm, MULTISIG, multisig_forward);
    let authority = platform.authority.insecure_clone();
    let vault = multisig_vault().0;
    let member = platform.chain.funded_keypair(SOL);
    platform
        .chain
        .send(
            &[propose_authority_ix(&authority.pubkey(), &vault)],
            &[&authority],
        )
        .unwrap();
    platform
        .chain
        .send(&[through_multisig(accept_authority_ix(&vault))], &[&member])
        .unwrap();
    assert_eq!(
        platform.chain.account::<Config>(&config_pda()).authority,
        vault
    );

    let update = ConfigUpdate {
        min_model_sale_price: Some(2_000_000),
        ..ConfigUpdate::default()
    };
    platform
        .chain
        .send(
            &[through_multisig(update_config_ix(&vault, update))],
            &[&member],
        )
        .unwrap();
    assert_eq!(
        platform
            .chain
            .account::<Config>(&config_pda())
            .min_model_sale_price,
        2_000_000
    );
    // Without the multisig, nobody holds the vault's key.
    assert_error(
        &platform
            .chain
            .send(&[set_paused_ix(&authority.pubkey(), true)], &[&authority]),
        RegistryError::Unauthorized,
    );
}
