//! The attacks of docs/SECURITY.md against the royalty escrow, one test per
//! class, each named after the attack and the rejection it must meet. Every
//! rejected attempt also checks that nothing moved. Classes already covered
//! by vault.rs or conservation.rs are not repeated here (see docs/SECURITY.md).

use {
    anchor_lang::{
        error::ErrorCode as AnchorError, solana_program::instruction::Instruction, Discriminator,
    },
    anchor_spl::token_2022::spl_token_2022::{
        extension::{
            default_account_state::instruction::initialize_default_account_state, transfer_hook,
            ExtensionType,
        },
        instruction::{initialize_non_transferable_mint, initialize_permanent_delegate},
        state::AccountState,
    },
    hex_test_support::{
        attacks::*,
        escrow::*,
        model_registry::state::Model,
        registry::{config_pda, default_config_args, initialize_config_ix, set_paused_ix},
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{self, balance, SPL_TOKEN, TOKEN_2022},
        *,
    },
    royalty_escrow::{
        constants::{OWNER_SLOT, VAULT_SEED, VAULT_TOKENS_SEED},
        errors::EscrowError,
        state::Vault,
    },
};

/// What a rejected attempt must leave untouched in a vault.
#[derive(Debug, PartialEq, Eq)]
struct VaultState {
    tokens: u64,
    total_income: u64,
    total_paid_out: u64,
    split_version: u32,
}

/// The instructions and readings the attacks below use.
trait AttackFlows {
    fn release_ix(&self, fixture: &ModelFixture, parent: &ModelFixture) -> Instruction;
    fn payment_account(&mut self, owner: &Pubkey) -> Pubkey;
    fn claim_contributor_ix(
        &mut self,
        fixture: &ModelFixture,
        contributor: &Pubkey,
        slot: u8,
    ) -> Instruction;
    fn claim_owner_ix(&mut self, fixture: &ModelFixture, owner: &Pubkey) -> Instruction;
    fn cranker(&mut self) -> Keypair;
    fn state(&self, fixture: &ModelFixture) -> VaultState;
    fn another_mint(&mut self) -> Pubkey;
    fn vault_count(&self, fixture: &ModelFixture) -> u16;
}

impl AttackFlows for Family {
    fn release_ix(&self, fixture: &ModelFixture, parent: &ModelFixture) -> Instruction {
        release_to_parent_ix(
            &fixture.mint,
            &parent.mint,
            &self.payment_mint,
            &self.token_program,
        )
    }

    fn payment_account(&mut self, owner: &Pubkey) -> Pubkey {
        let (payment_mint, token_program) = (self.payment_mint, self.token_program);
        tokens::token_account(&mut self.chain, owner, &payment_mint, &token_program)
    }

    fn claim_contributor_ix(
        &mut self,
        fixture: &ModelFixture,
        contributor: &Pubkey,
        slot: u8,
    ) -> Instruction {
        let destination = self.payment_account(contributor);
        claim_contributor_ix(&ContributorClaim {
            contributor: *contributor,
            vault: fixture.vault(&self.payment_mint),
            slot,
            destination,
            payment_mint: self.payment_mint,
            token_program: self.token_program,
        })
    }

    fn claim_owner_ix(&mut self, fixture: &ModelFixture, owner: &Pubkey) -> Instruction {
        let destination = self.payment_account(owner);
        claim_owner_ix(&OwnerClaim {
            owner: *owner,
            ownership_token: tokens::token_address(owner, &fixture.mint, &TOKEN_2022),
            model_mint: fixture.mint,
            destination,
            payment_mint: self.payment_mint,
            token_program: self.token_program,
        })
    }

    fn cranker(&mut self) -> Keypair {
        self.chain.funded_keypair(SOL)
    }

    fn state(&self, fixture: &ModelFixture) -> VaultState {
        let vault = self.vault(fixture);
        VaultState {
            tokens: balance(
                &self.chain,
                &vault_tokens_pda(&fixture.vault(&self.payment_mint)),
            ),
            total_income: vault.total_income,
            total_paid_out: vault.total_paid_out,
            split_version: vault.split_version,
        }
    }

    /// A fresh payment mint under the family's token program.
    fn another_mint(&mut self) -> Pubkey {
        let authority = self.chain.funded_keypair(SOL);
        tokens::create_mint(&mut self.chain, &authority, self.token_program, 6)
    }

    fn vault_count(&self, fixture: &ModelFixture) -> u16 {
        self.chain
            .account::<Model>(&fixture.model_address())
            .vault_count
    }
}

// ---------------------------------------------------------------- Accounts

#[test]
fn missing_signer_deposits_claims_and_owner_settlements_without_their_signature_are_rejected_as_account_not_signer(
) {
    let mut family = Family::new(SPL_TOKEN);
    let fork = family.fork.clone();
    family.deposit(&fork, 10_000).unwrap();
    let before = family.state(&fork);
    let cranker = family.cranker();

    let depositor = family.chain.funded_keypair(SOL);
    let source = family.fund(&depositor.pubkey(), 500);
    let mut deposit = deposit_ix(&VaultDeposit {
        depositor: depositor.pubkey(),
        source,
        model_mint: fork.mint,
        payment_mint: family.payment_mint,
        token_program: SPL_TOKEN,
        amount: 500,
    });
    unsign(&mut deposit, &depositor.pubkey());
    let contributor = family.fork_contributor.pubkey();
    let mut claim_contributor = family.claim_contributor_ix(&fork, &contributor, 1);
    unsign(&mut claim_contributor, &contributor);
    let owner = family.fork_owner.pubkey();
    let mut claim_owner = family.claim_owner_ix(&fork, &owner);
    unsign(&mut claim_owner, &owner);

    for ix in [deposit, claim_contributor, claim_owner] {
        assert_error(
            &family.chain.send(&[ix], &[&cranker]),
            AnchorError::AccountNotSigner,
        );
    }
    assert_eq!(family.state(&fork), before);
    assert_eq!(balance(&family.chain, &source), 500);
}

#[test]
fn wrong_authority_a_contributor_or_owner_of_one_model_cannot_claim_the_share_of_another_models_vault(
) {
    let mut family = Family::new(SPL_TOKEN);
    let (base, fork) = (family.base.clone(), family.fork.clone());
    family.deposit(&base, 10_000).unwrap();
    family.deposit(&fork, 10_000).unwrap();
    let (base_before, fork_before) = (family.state(&base), family.state(&fork));

    // The fork's contributor, in the base vault's contributor slot.
    let fork_contributor = family.fork_contributor.insecure_clone();
    let ix = family.claim_contributor_ix(&base, &fork_contributor.pubkey(), 1);
    assert_error(
        &family.chain.send(&[ix], &[&fork_contributor]),
        EscrowError::NotARecipient,
    );
    // The base's owner, with the base's ownership NFT, on the fork's vault.
    let base_owner = family.base_owner.insecure_clone();
    let mut ix = family.claim_owner_ix(&fork, &base_owner.pubkey());
    swap(
        &mut ix,
        &tokens::token_address(&base_owner.pubkey(), &fork.mint, &TOKEN_2022),
        tokens::token_address(&base_owner.pubkey(), &base.mint, &TOKEN_2022),
    );
    assert_error(
        &family.chain.send(&[ix], &[&base_owner]),
        EscrowError::NotModelOwner,
    );

    assert_eq!(
        (family.state(&base), family.state(&fork)),
        (base_before, fork_before)
    );
}

#[test]
fn owner_check_a_model_vault_or_ownership_token_with_the_right_layout_owned_by_another_program_is_rejected_as_owned_by_wrong_program(
) {
    let mut family = Family::new(SPL_TOKEN);
    let fork = family.fork.clone();
    family.deposit(&fork, 10_000).unwrap();
    let before = family.state(&fork);
    let fake_program = Pubkey::new_unique();

    // An ownership NFT "account" for a thief, written by another program.
    let thief = family.chain.funded_keypair(SOL);
    let forged_nft = tokens::write_token_account(
        &mut family.chain,
        &thief.pubkey(),
        &fork.mint,
        fake_program,
        1,
    );
    let mut steal = family.claim_owner_ix(&fork, &thief.pubkey());
    swap(
        &mut steal,
        &tokens::token_address(&thief.pubkey(), &fork.mint, &TOKEN_2022),
        forged_nft,
    );
    assert_error(
        &family.chain.send(&[steal], &[&thief]),
        AnchorError::AccountOwnedByWrongProgram,
    );

    // A model naming the thief as its only contributor, at the model's own
    // address, owned by another program: no vault opens under its split.
    let mut forged = fork.clone();
    forged.mint = ownership_nft(&mut family.chain, &thief.pubkey());
    forged.contributors = vec![(thief.pubkey(), 9_000)];
    write_model(&mut family.chain, &forged);
    let address = forged.model_address();
    forge(&mut family.chain, &address, &address, fake_program, |_| {});
    let payment_mint = family.payment_mint;
    let open = create_vault(
        &mut family.chain,
        &thief,
        &forged,
        &payment_mint,
        &SPL_TOKEN,
    );
    assert_error(&open, AnchorError::AccountOwnedByWrongProgram);
    assert!(!family.chain.exists(&forged.vault(&payment_mint)));

    // The vault's own bytes at its own address, owned by another program.
    let vault = fork.vault(&family.payment_mint);
    forge(&mut family.chain, &vault, &vault, fake_program, |_| {});
    let contributor = family.fork_contributor.insecure_clone();
    let claim = family.claim_contributor_ix(&fork, &contributor.pubkey(), 1);
    assert_error(
        &family.chain.send(&[claim], &[&contributor]),
        AnchorError::AccountOwnedByWrongProgram,
    );
    assert_eq!(
        balance(&family.chain, &vault_tokens_pda(&vault)),
        before.tokens
    );
}

#[test]
fn type_cosplay_the_registry_config_passed_as_a_model_is_rejected_by_discriminator() {
    let mut family = Family::new(SPL_TOKEN);
    let fork = family.fork.clone();
    let authority = family.chain.funded_keypair(SOL);
    family
        .chain
        .send(
            &[initialize_config_ix(
                &authority.pubkey(),
                default_config_args(Pubkey::new_unique()),
            )],
            &[&authority],
        )
        .unwrap();
    family.deposit(&fork, 10_000).unwrap();
    let before = family.state(&fork);
    let new_mint = family.another_mint();
    let depositor = family.chain.funded_keypair(SOL);
    let source = family.fund(&depositor.pubkey(), 500);

    let mut open = create_vault_ix(&depositor.pubkey(), &fork.mint, &new_mint, &SPL_TOKEN);
    swap(&mut open, &fork.model_address(), config_pda());
    let mut deposit = deposit_ix(&VaultDeposit {
        depositor: depositor.pubkey(),
        source,
        model_mint: fork.mint,
        payment_mint: family.payment_mint,
        token_program: SPL_TOKEN,
        amount: 500,
    });
    swap(&mut deposit, &fork.model_address(), config_pda());
    let mut sync = sync_split_ix(&fork.mint, &family.payment_mint, &SPL_TOKEN, &[]);
    swap(&mut sync, &fork.model_address(), config_pda());
    for ix in [open, deposit, sync] {
        assert_error(
            &family.chain.send(&[ix], &[&depositor]),
            AnchorError::AccountDiscriminatorMismatch,
        );
    }
    assert_eq!(family.state(&fork), before);
    assert!(!family.chain.exists(&fork.vault(&new_mint)));
    assert_eq!(balance(&family.chain, &source), 500);
}

#[test]
fn type_cosplay_a_forged_escrow_account_with_another_discriminator_is_rejected_by_discriminator() {
    let mut family = Family::new(SPL_TOKEN);
    let fork = family.fork.clone();
    family.deposit(&fork, 10_000).unwrap();
    let vault = fork.vault(&family.payment_mint);
    // The vault's bytes, owned by the escrow, under a Model's discriminator.
    forge(
        &mut family.chain,
        &vault,
        &vault,
        royalty_escrow::ID,
        |data| data[..8].copy_from_slice(Model::DISCRIMINATOR),
    );
    let contributor = family.fork_contributor.insecure_clone();
    let claim = family.claim_contributor_ix(&fork, &contributor.pubkey(), 1);
    assert_error(
        &family.chain.send(&[claim], &[&contributor]),
        AnchorError::AccountDiscriminatorMismatch,
    );
    let cranker = family.cranker();
    let base = family.base.clone();
    let release = family.release_ix(&fork, &base);
    assert_error(
        &family.chain.send(&[release], &[&cranker]),
        AnchorError::AccountDiscriminatorMismatch,
    );
    assert_eq!(balance(&family.chain, &vault_tokens_pda(&vault)), 10_000);
}

#[test]
fn wrong_pda_copies_of_a_vault_or_model_at_other_addresses_foreign_vault_tokens_and_non_canonical_bumps_are_rejected_by_seeds(
) {
    let mut family = Family::new(SPL_TOKEN);
    let (base, fork) = (family.base.clone(), family.fork.clone());
    family.deposit(&fork, 10_000).unwrap();
    let before = family.state(&fork);
    let contributor = family.fork_contributor.insecure_clone();
    let cranker = family.cranker();
    let vault = fork.vault(&family.payment_mint);

    // A byte-for-byte copy of the vault, owned by the escrow, elsewhere.
    let copy = Pubkey::new_unique();
    forge(&mut family.chain, &vault, &copy, royalty_escrow::ID, |_| {});
    let mut claim = family.claim_contributor_ix(&fork, &contributor.pubkey(), 1);
    swap(&mut claim, &vault, copy);
    assert_error(
        &family.chain.send(&[claim], &[&contributor]),
        AnchorError::ConstraintSeeds,
    );
    let mut release = family.release_ix(&fork, &base);
    swap(&mut release, &vault, copy);
    assert_error(
        &family.chain.send(&[release], &[&cranker]),
        AnchorError::ConstraintSeeds,
    );

    // A token account the vault owns, but not the vault's token account.
    let payment_mint = family.payment_mint;
    let vaults_other_account =
        tokens::token_account(&mut family.chain, &vault, &payment_mint, &SPL_TOKEN);
    let mut claim = family.claim_contributor_ix(&fork, &contributor.pubkey(), 1);
    swap(&mut claim, &vault_tokens_pda(&vault), vaults_other_account);
    assert_error(
        &family.chain.send(&[claim], &[&contributor]),
        AnchorError::ConstraintSeeds,
    );

    // A copy of the model, owned by the registry, elsewhere.
    let new_mint = family.another_mint();
    let model_copy = Pubkey::new_unique();
    forge(
        &mut family.chain,
        &fork.model_address(),
        &model_copy,
        model_registry::ID,
        |_| {},
    );
    let mut open = create_vault_ix(&cranker.pubkey(), &fork.mint, &new_mint, &SPL_TOKEN);
    swap(&mut open, &fork.model_address(), model_copy);
    assert_error(
        &family.chain.send(&[open], &[&cranker]),
        AnchorError::ConstraintSeeds,
    );
    // A new vault at a valid but non-canonical bump.
    let off_bump = non_canonical_pda(
        &[VAULT_SEED, fork.mint.as_ref(), new_mint.as_ref()],
        &royalty_escrow::ID,
    );
    let mut open = create_vault_ix(&cranker.pubkey(), &fork.mint, &new_mint, &SPL_TOKEN);
    swap(&mut open, &fork.vault(&new_mint), off_bump);
    assert_error(
        &family.chain.send(&[open], &[&cranker]),
        AnchorError::ConstraintSeeds,
    );

    assert_eq!(family.state(&fork), before);
    for address in [fork.vault(&new_mint), off_bump] {
        assert!(!family.chain.exists(&address));
    }
    assert_eq!(family.vault_count(&fork), 1);
}

#[test]
fn pda_sharing_one_models_vault_or_vault_tokens_used_with_another_model_or_vault_is_rejected_by_seeds(
) {
    let mut family = Family::new(SPL_TOKEN);
    let (mut base, fork) = (family.base.clone(), family.fork.clone());
    family.deposit(&base, 10_000).unwrap();
    family.deposit(&fork, 10_000).unwrap();
    let before = (family.state(&base), family.state(&fork));
    let (base_vault, fork_vault) = (
        base.vault(&family.payment_mint),
        fork.vault(&family.payment_mint),
    );

    // A deposit counted under the base model, into the fork's vault.
    let depositor = family.chain.funded_keypair(SOL);
    let source = family.fund(&depositor.pubkey(), 500);
    let mut deposit = deposit_ix(&VaultDeposit {
        depositor: depositor.pubkey(),
        source,
        model_mint: base.mint,
        payment_mint: family.payment_mint,
        token_program: SPL_TOKEN,
        amount: 500,
    });
    swap(&mut deposit, &base_vault, fork_vault);
    swap(
        &mut deposit,
        &vault_tokens_pda(&base_vault),
        vault_tokens_pda(&fork_vault),
    );
    assert_error(
        &family.chain.send(&[deposit], &[&depositor]),
        AnchorError::ConstraintSeeds,
    );
    // The fork's vault re-split under the base model's new split.
    base.contributors = vec![(depositor.pubkey(), 9_000)];
    base.split_version = 1;
    write_model(&mut family.chain, &base);
    let mut sync = sync_split_ix(&base.mint, &family.payment_mint, &SPL_TOKEN, &[]);
    swap(&mut sync, &base_vault, fork_vault);
    swap(
        &mut sync,
        &vault_tokens_pda(&base_vault),
        vault_tokens_pda(&fork_vault),
    );
    assert_error(
        &family.chain.send(&[sync], &[&depositor]),
        AnchorError::ConstraintSeeds,
    );
    // The fork's owner paid from the base vault's tokens.
    let owner = family.fork_owner.insecure_clone();
    let mut claim = family.claim_owner_ix(&fork, &owner.pubkey());
    swap(
        &mut claim,
        &vault_tokens_pda(&fork_vault),
        vault_tokens_pda(&base_vault),
    );
    assert_error(
        &family.chain.send(&[claim], &[&owner]),
        AnchorError::ConstraintSeeds,
    );

    assert_eq!((family.state(&base), family.state(&fork)), before);
    assert_eq!(balance(&family.chain, &source), 500);
}

#[test]
fn canonical_bumps_every_vault_and_vault_token_account_stores_its_canonical_bump() {
    for token_program in [SPL_TOKEN, TOKEN_2022] {
        let family = Family::new(token_program);
        for fixture in [&family.base, &family.fork] {
            let vault_address = fixture.vault(&family.payment_mint);
            let vault = family.vault(fixture);
            let (expected_vault, bump) = Pubkey::find_program_address(
                &[
                    VAULT_SEED,
                    fixture.mint.as_ref(),
                    family.payment_mint.as_ref(),
                ],
                &royalty_escrow::ID,
            );
            assert_eq!((vault_address, vault.bump), (expected_vault, bump));
            let (_, tokens_bump) = Pubkey::find_program_address(
                &[VAULT_TOKENS_SEED, vault_address.as_ref()],
                &royalty_escrow::ID,
            );
            assert_eq!(vault.tokens_bump, tokens_bump);
        }
    }
}

#[test]
fn duplicate_mutable_accounts_claiming_or_depositing_through_the_vaults_own_token_account_is_rejected(
) {
    let mut family = Family::new(SPL_TOKEN);
    let fork = family.fork.clone();
    family.deposit(&fork, 10_000).unwrap();
    let before = family.state(&fork);
    let vault_tokens = vault_tokens_pda(&fork.vault(&family.payment_mint));

    let contributor = family.fork_contributor.insecure_clone();
    let contributors_account = family.payment_account(&contributor.pubkey());
    let mut claim = family.claim_contributor_ix(&fork, &contributor.pubkey(), 1);
    swap(&mut claim, &contributors_account, vault_tokens);
    assert_error(
        &family.chain.send(&[claim], &[&contributor]),
        AnchorError::ConstraintDuplicateMutableAccount,
    );
    let owner = family.fork_owner.insecure_clone();
    let owners_account = family.payment_account(&owner.pubkey());
    let mut claim = family.claim_owner_ix(&fork, &owner.pubkey());
    swap(&mut claim, &owners_account, vault_tokens);
    assert_error(
        &family.chain.send(&[claim], &[&owner]),
        AnchorError::ConstraintDuplicateMutableAccount,
    );
    let deposit = deposit_ix(&VaultDeposit {
        depositor: owner.pubkey(),
        source: vault_tokens,
        model_mint: fork.mint,
        payment_mint: family.payment_mint,
        token_program: SPL_TOKEN,
        amount: 1_000,
    });
    assert_error(
        &family.chain.send(&[deposit], &[&owner]),
        AnchorError::ConstraintDuplicateMutableAccount,
    );

    assert_eq!(family.state(&fork), before);
    let vault = family.vault(&fork);
    assert_eq!(
        vault.recipients[1].taken + vault.recipients[OWNER_SLOT].taken,
        0
    );
}

#[test]
fn reinitialisation_opening_a_vault_twice_is_refused_by_the_system_program() {
    let mut family = Family::new(SPL_TOKEN);
    let fork = family.fork.clone();
    family.deposit(&fork, 10_000).unwrap();
    let before = family.state(&fork);
    let payer = family.cranker();
    let payment_mint = family.payment_mint;
    let again = create_vault(&mut family.chain, &payer, &fork, &payment_mint, &SPL_TOKEN);
    assert_rejected_by(&again, &anchor_lang::system_program::ID);
    assert_eq!(family.state(&fork), before);
    assert_eq!(family.vault_count(&fork), 1);
}

#[test]
fn arbitrary_cpi_a_fake_registry_or_token_program_is_rejected_by_program_id_and_address_constraints(
) {
    let mut family = Family::new(SPL_TOKEN);
    let (base, fork) = (family.base.clone(), family.fork.clone());
    family.deposit(&fork, 10_000).unwrap();
    let before = family.state(&fork);
    let fake_program = Pubkey::new_unique();
    let new_mint = family.another_mint();
    let payer = family.cranker();

    let mut fake_registry = create_vault_ix(&payer.pubkey(), &fork.mint, &new_mint, &SPL_TOKEN);
    swap(&mut fake_registry, &model_registry::ID, fake_program);
    let mut fake_token_program =
        create_vault_ix(&payer.pubkey(), &fork.mint, &new_mint, &SPL_TOKEN);
    swap(&mut fake_token_program, &SPL_TOKEN, fake_program);
    for ix in [fake_registry, fake_token_program] {
        assert_error(
            &family.chain.send(&[ix], &[&payer]),
            AnchorError::InvalidProgramId,
        );
    }
    assert!(!family.chain.exists(&fork.vault(&new_mint)));
    assert_eq!(family.vault_count(&fork), 1);

    let contributor = family.fork_contributor.insecure_clone();
    let mut claim = family.claim_contributor_ix(&fork, &contributor.pubkey(), 1);
    swap(&mut claim, &SPL_TOKEN, fake_program);
    assert_error(
        &family.chain.send(&[claim], &[&contributor]),
        AnchorError::InvalidProgramId,
    );
    // A real token program, but not the vault's.
    let mut release = family.release_ix(&fork, &base);
    swap(&mut release, &SPL_TOKEN, TOKEN_2022);
    assert_error(
        &family.chain.send(&[release], &[&payer]),
        AnchorError::ConstraintAddress,
    );
    assert_eq!(family.state(&fork), before);
}

#[test]
fn remaining_accounts_spoofing_a_replaced_contributors_payout_to_another_owner_mint_program_or_the_vault_itself_is_rejected(
) {
    let mut family = Family::new(SPL_TOKEN);
    let mut fork = family.fork.clone();
    family.deposit(&fork, 10_000).unwrap();
    let replacement = family.chain.funded_keypair(SOL);
    fork.contributors = vec![(replacement.pubkey(), 3_000)];
    fork.split_version = 1;
    write_model(&mut family.chain, &fork);
    let before = family.state(&fork);
    let old = family.fork_contributor.pubkey();
    let cranker = family.cranker();

    let strangers = family.payment_account(&cranker.pubkey());
    let other_mint = family.another_mint();
    let old_in_other_mint = tokens::token_account(&mut family.chain, &old, &other_mint, &SPL_TOKEN);
    let vault_itself = vault_tokens_pda(&fork.vault(&family.payment_mint));
    let payment_mint = family.payment_mint;
    let forged = tokens::write_token_account(
        &mut family.chain,
        &old,
        &payment_mint,
        Pubkey::new_unique(),
        0,
    );
    for payout in [strangers, old_in_other_mint, vault_itself] {
        let sync = sync_split_ix(&fork.mint, &family.payment_mint, &SPL_TOKEN, &[payout]);
        assert_error(
            &family.chain.send(&[sync], &[&cranker]),
            EscrowError::MissingPayoutAccount,
        );
    }
    let sync = sync_split_ix(&fork.mint, &family.payment_mint, &SPL_TOKEN, &[forged]);
    assert_error(
        &family.chain.send(&[sync], &[&cranker]),
        AnchorError::AccountOwnedByWrongProgram,
    );

    assert_eq!(family.state(&fork), before);
    assert_eq!(family.vault(&fork).recipients[1].wallet, old);
    assert_eq!(balance(&family.chain, &strangers), 0);
}

// ------------------------------------------------------------------ Tokens

#[test]
fn wrong_mint_claiming_into_an_account_of_another_mint_or_naming_another_mint_is_rejected() {
    let mut family = Family::new(SPL_TOKEN);
    let fork = family.fork.clone();
    family.deposit(&fork, 10_000).unwrap();
    let before = family.state(&fork);
    let contributor = family.fork_contributor.insecure_clone();
    let other_mint = family.another_mint();
    let other_account = tokens::token_account(
        &mut family.chain,
        &contributor.pubkey(),
        &other_mint,
        &SPL_TOKEN,
    );
    let own_account = family.payment_account(&contributor.pubkey());

    let mut into_other = family.claim_contributor_ix(&fork, &contributor.pubkey(), 1);
    swap(&mut into_other, &own_account, other_account);
    assert_error(
        &family.chain.send(&[into_other], &[&contributor]),
        AnchorError::ConstraintTokenMint,
    );
    let mut naming_other = family.claim_contributor_ix(&fork, &contributor.pubkey(), 1);
    swap(&mut naming_other, &family.payment_mint, other_mint);
    swap(&mut naming_other, &own_account, other_account);
    assert_error(
        &family.chain.send(&[naming_other], &[&contributor]),
        AnchorError::ConstraintAddress,
    );
    assert_eq!(family.state(&fork), before);
}

#[test]
fn wrong_token_program_a_vault_opened_under_the_other_token_program_is_refused() {
    for (mint_program, named) in [(SPL_TOKEN, TOKEN_2022), (TOKEN_2022, SPL_TOKEN)] {
        let mut family = Family::new(mint_program);
        let fork = family.fork.clone();
        let new_mint = family.another_mint();
        let payer = family.cranker();
        let result = create_vault(&mut family.chain, &payer, &fork, &new_mint, &named);
        // The vault's token account is initialised (by the named program)
        // before the mint's own constraint is read: that program refuses a
        // mint it does not own.
        assert_rejected_by(&result, &named);
        assert!(!family.chain.exists(&fork.vault(&new_mint)));
        assert_eq!(family.vault_count(&fork), 1);
    }
}

#[test]
fn token_account_not_owned_by_the_depositor_is_rejected_by_the_token_owner_constraint() {
    let mut family = Family::new(SPL_TOKEN);
    let fork = family.fork.clone();
    let victim = family.chain.funded_keypair(SOL);
    let victims = family.fund(&victim.pubkey(), 1_000);
    let depositor = family.cranker();
    let before = family.state(&fork);
    let ix = deposit_ix(&VaultDeposit {
        depositor: depositor.pubkey(),
        source: victims,
        model_mint: fork.mint,
        payment_mint: family.payment_mint,
        token_program: SPL_TOKEN,
        amount: 1_000,
    });
    assert_error(
        &family.chain.send(&[ix], &[&depositor]),
        AnchorError::ConstraintTokenOwner,
    );
    assert_eq!(family.state(&fork), before);
    assert_eq!(balance(&family.chain, &victims), 1_000);
}

#[test]
fn token_2022_payment_mints_with_a_transfer_hook_permanent_delegate_default_frozen_accounts_or_non_transferability_are_rejected_at_vault_creation(
) {
    let mut chain = TestChain::new();
    let owner = chain.funded_keypair(10 * SOL);
    let fixture = ModelFixture {
        mint: ownership_nft(&mut chain, &owner.pubkey()),
        owner: owner.pubkey(),
        parent: None,
        parent_royalty_bps: 0,
        contributors: vec![],
        split_version: 0,
    };
    write_model(&mut chain, &fixture);
    let delegate = Pubkey::new_unique();
    let hook_program = Pubkey::new_unique();
    let mints = [
        tokens::create_token_2022_mint_with_extensions(
            &mut chain,
            &owner,
            &[ExtensionType::TransferHook],
            |mint| {
                vec![transfer_hook::instruction::initialize(
                    &TOKEN_2022,
                    mint,
                    None,
                    Some(hook_program),
                )
                .unwrap()]
            },
        ),
        tokens::create_token_2022_mint_with_extensions(
            &mut chain,
            &owner,
            &[ExtensionType::PermanentDelegate],
            |mint| vec![initialize_permanent_delegate(&TOKEN_2022, mint, &delegate).unwrap()],
        ),
        tokens::create_token_2022_mint_with_extensions(
            &mut chain,
            &owner,
            &[ExtensionType::DefaultAccountState],
            |mint| {
                vec![
                    initialize_default_account_state(&TOKEN_2022, mint, &AccountState::Frozen)
                        .unwrap(),
                ]
            },
        ),
        tokens::create_token_2022_mint_with_extensions(
            &mut chain,
            &owner,
            &[ExtensionType::NonTransferable],
            |mint| vec![initialize_non_transferable_mint(&TOKEN_2022, mint).unwrap()],
        ),
    ];
    for mint in mints {
        let result = create_vault(&mut chain, &owner, &fixture, &mint, &TOKEN_2022);
        assert_error(&result, EscrowError::UnsupportedMintExtension);
        assert!(!chain.exists(&fixture.vault(&mint)));
    }
    assert_eq!(
        chain.account::<Model>(&fixture.model_address()).vault_count,
        0
    );
}

// ------------------------------------------------------------------- Money

#[test]
fn overflow_a_release_into_a_parent_vault_at_u64_max_income_is_rejected_and_moves_nothing() {
    let mut chain = TestChain::new();
    let owner = chain.funded_keypair(10 * SOL);
    let payment_mint = tokens::create_mint(&mut chain, &owner, SPL_TOKEN, 0);
    let base = ModelFixture {
        mint: ownership_nft(&mut chain, &owner.pubkey()),
        owner: owner.pubkey(),
        parent: None,
        parent_royalty_bps: 0,
        contributors: vec![],
        split_version: 0,
    };
    let fork = ModelFixture {
        mint: ownership_nft(&mut chain, &owner.pubkey()),
        owner: owner.pubkey(),
        parent: Some(base.mint),
        parent_royalty_bps: 1_000,
        contributors: vec![],
        split_version: 0,
    };
    for fixture in [&base, &fork] {
        write_model(&mut chain, fixture);
        create_vault(&mut chain, &owner, fixture, &payment_mint, &SPL_TOKEN).unwrap();
    }
    // The base vault takes in u64::MAX and pays it all out; its income stays.
    let wallet = tokens::mint_to(
        &mut chain,
        &owner,
        &payment_mint,
        &SPL_TOKEN,
        &owner.pubkey(),
        u64::MAX,
    );
    let deposit = |fixture: &ModelFixture, amount| {
        deposit_ix(&VaultDeposit {
            depositor: owner.pubkey(),
            source: wallet,
            model_mint: fixture.mint,
            payment_mint,
            token_program: SPL_TOKEN,
            amount,
        })
    };
    chain.send(&[deposit(&base, u64::MAX)], &[&owner]).unwrap();
    let claim = claim_owner_ix(&OwnerClaim {
        owner: owner.pubkey(),
        ownership_token: tokens::token_address(&owner.pubkey(), &base.mint, &TOKEN_2022),
        model_mint: base.mint,
        destination: wallet,
        payment_mint,
        token_program: SPL_TOKEN,
    });
    chain.send(&[claim], &[&owner]).unwrap();
    chain.send(&[deposit(&fork, 100)], &[&owner]).unwrap();

    let release = release_to_parent_ix(&fork.mint, &base.mint, &payment_mint, &SPL_TOKEN);
    assert_error(
        &chain.send(&[release], &[&owner]),
        EscrowError::MathOverflow,
    );
    let (fork_vault, base_vault): (Vault, Vault) = (
        chain.account(&fork.vault(&payment_mint)),
        chain.account(&base.vault(&payment_mint)),
    );
    assert_eq!(fork_vault.recipients[0].taken, 0);
    assert_eq!(fork_vault.total_paid_out, 0);
    assert_eq!(base_vault.total_income, u64::MAX);
    assert_eq!(
        balance(&chain, &vault_tokens_pda(&fork.vault(&payment_mint))),
        100
    );
    assert_eq!(
        balance(&chain, &vault_tokens_pda(&base.vault(&payment_mint))),
        0
    );
}

#[test]
fn claiming_twice_an_owner_is_paid_once_then_has_nothing_to_claim() {
    let mut family = Family::new(SPL_TOKEN);
    let fork = family.fork.clone();
    family.deposit(&fork, 10_000).unwrap();
    let owner = family.fork_owner.insecure_clone();
    let claim = family.claim_owner_ix(&fork, &owner.pubkey());
    family.chain.send(&[claim.clone()], &[&owner]).unwrap();
    let after_first = family.state(&fork);
    assert_error(
        &family.chain.send(&[claim], &[&owner]),
        EscrowError::NothingToClaim,
    );
    assert_eq!(family.state(&fork), after_first);
    let paid = family.payment_account(&owner.pubkey());
    assert_eq!(balance(&family.chain, &paid), 7_500);
}

#[test]
fn a_paused_platform_never_blocks_deposits_releases_claims_or_split_syncs() {
    let mut chain = TestChain::new();
    let authority = chain.funded_keypair(SOL);
    chain
        .send(
            &[initialize_config_ix(
                &authority.pubkey(),
                default_config_args(Pubkey::new_unique()),
            )],
            &[&authority],
        )
        .unwrap();
    chain
        .send(&[set_paused_ix(&authority.pubkey(), true)], &[&authority])
        .unwrap();
    assert!(
        chain
            .account::<hex_test_support::model_registry::state::Config>(&config_pda())
            .paused
    );
    let mut family = Family::on(chain, SPL_TOKEN);
    let (base, mut fork) = (family.base.clone(), family.fork.clone());

    family.deposit(&fork, 10_000).unwrap();
    let cranker = family.cranker();
    let release = family.release_ix(&fork, &base);
    family.chain.send(&[release], &[&cranker]).unwrap();
    let contributor = family.base_contributor.insecure_clone();
    let claim = family.claim_contributor_ix(&base, &contributor.pubkey(), 1);
    family.chain.send(&[claim], &[&contributor]).unwrap();
    let owner = family.fork_owner.insecure_clone();
    let claim = family.claim_owner_ix(&fork, &owner.pubkey());
    family.chain.send(&[claim], &[&owner]).unwrap();
    // A split change settles the replaced contributor, paused or not.
    let old = family.fork_contributor.pubkey();
    fork.contributors = vec![];
    fork.split_version = 1;
    write_model(&mut family.chain, &fork);
    let old_account = family.payment_account(&old);
    let sync = sync_split_ix(&fork.mint, &family.payment_mint, &SPL_TOKEN, &[old_account]);
    family.chain.send(&[sync], &[&cranker]).unwrap();

    assert_eq!(family.state(&base).tokens, 1_000 - 200);
    let contributors_account =
        tokens::token_address(&contributor.pubkey(), &family.payment_mint, &SPL_TOKEN);
    assert_eq!(balance(&family.chain, &contributors_account), 200);
    assert_eq!(balance(&family.chain, &old_account), 1_500);
    assert_eq!(family.state(&fork).tokens, 0);
    assert_eq!(family.state(&fork).split_version, 1);
}
