use {
    hex_test_support::royalty_escrow::{self, errors::EscrowError},
    hex_test_support::{
        escrow::{create_vault_ix, deposit_ix, sync_split_ix, vault_pda, VaultDeposit},
        registry::*,
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{self, balance, SPL_TOKEN},
        *,
    },
    model_registry::{
        errors::RegistryError,
        state::{Contributor, Model},
    },
};

fn contributor(wallet: Pubkey, share_bps: u16) -> Contributor {
    Contributor { wallet, share_bps }
}

struct Owned {
    platform: Platform,
    owner: Keypair,
    mint: Pubkey,
}

fn owned_model() -> Owned {
    let mut platform = Platform::new();
    let owner = platform.chain.funded_keypair(10 * SOL);
    let (mint, result) = platform.register_model(&owner, default_model_args());
    result.unwrap();
    Owned {
        platform,
        owner,
        mint: mint.pubkey(),
    }
}

impl Owned {
    fn set(&mut self, contributors: Vec<Contributor>, co_signers: &[&Keypair]) -> TxResult {
        let keys: Vec<Pubkey> = co_signers.iter().map(|k| k.pubkey()).collect();
        let ix = set_contributors_ix(&self.owner.pubkey(), &self.mint, contributors, &keys);
        let mut signers = vec![&self.owner];
        signers.extend_from_slice(co_signers);
        self.platform.chain.send(&[ix], &signers)
    }

    fn model(&self) -> Model {
        self.platform.chain.account(&model_pda(&self.mint))
    }
}

#[test]
fn the_owner_names_contributors_and_the_split_version_moves_on() {
    let mut owned = owned_model();
    let (alice, bob) = (Pubkey::new_unique(), Pubkey::new_unique());
    owned
        .set(vec![contributor(alice, 2_000), contributor(bob, 500)], &[])
        .unwrap();
    let model = owned.model();
    assert_eq!(model.contributor_count, 2);
    assert_eq!(
        &model.contributors[..2],
        &[contributor(alice, 2_000), contributor(bob, 500)]
    );
    assert_eq!(model.split_version, 1);
}

#[test]
fn rejects_changes_by_anyone_but_the_owner() {
    let mut owned = owned_model();
    let stranger = owned.platform.chain.funded_keypair(SOL);
    let mut ix = set_contributors_ix(
        &stranger.pubkey(),
        &owned.mint,
        vec![contributor(stranger.pubkey(), 9_000)],
        &[],
    );
    // The stranger points at the real owner's ownership token account.
    ix.accounts[1].pubkey = ownership_token_address(&owned.owner.pubkey(), &owned.mint);
    assert_error(
        &owned.platform.chain.send(&[ix], &[&stranger]),
        RegistryError::NotModelOwner,
    );
    assert_eq!(owned.model().split_version, 0);
}

#[test]
fn rejects_invalid_contributor_lists() {
    let mut owned = owned_model();
    let too_many = (0..17)
        .map(|_| contributor(Pubkey::new_unique(), 100))
        .collect();
    assert_error(
        &owned.set(too_many, &[]),
        RegistryError::TooManyContributors,
    );
    assert_error(
        &owned.set(vec![contributor(Pubkey::new_unique(), 0)], &[]),
        RegistryError::InvalidContributor,
    );
    assert_error(
        &owned.set(vec![contributor(Pubkey::default(), 10)], &[]),
        RegistryError::InvalidContributor,
    );
    let twice = Pubkey::new_unique();
    assert_error(
        &owned.set(vec![contributor(twice, 10), contributor(twice, 20)], &[]),
        RegistryError::DuplicateContributor,
    );
    let over = vec![
        contributor(Pubkey::new_unique(), 6_000),
        contributor(Pubkey::new_unique(), 4_001),
    ];
    assert_error(&owned.set(over, &[]), RegistryError::SharesExceedTotal);
    owned
        .set(
            (0..16)
                .map(|_| contributor(Pubkey::new_unique(), 625))
                .collect(),
            &[],
        )
        .expect("16 contributors, owner remainder 0");
}

#[test]
fn a_contributor_whose_share_shrinks_must_co_sign() {
    let mut owned = owned_model();
    let alice = owned.platform.chain.funded_keypair(SOL);
    owned
        .set(vec![contributor(alice.pubkey(), 2_000)], &[])
        .unwrap();
    assert_error(
        &owned.set(vec![contributor(alice.pubkey(), 1_000)], &[]),
        RegistryError::ContributorConsentMissing,
    );
    assert_error(
        &owned.set(vec![], &[]),
        RegistryError::ContributorConsentMissing,
    );
    owned
        .set(vec![contributor(alice.pubkey(), 3_000)], &[])
        .expect("a raise needs no consent");
    owned.set(vec![], &[&alice]).expect("removal with consent");
    assert_eq!(owned.model().contributor_count, 0);
    assert_eq!(owned.model().split_version, 3);
}

#[test]
fn revenue_earned_before_a_change_stays_with_who_earned_it() {
    let mut owned = owned_model();
    let alice = owned.platform.chain.funded_keypair(SOL);
    owned
        .set(vec![contributor(alice.pubkey(), 2_000)], &[])
        .unwrap();
    let chain = &mut owned.platform.chain;
    let payer = chain.funded_keypair(10 * SOL);
    let payment_mint = tokens::create_mint(chain, &payer, SPL_TOKEN, 6);
    chain
        .send(
            &[create_vault_ix(
                &payer.pubkey(),
                &owned.mint,
                &payment_mint,
                &SPL_TOKEN,
            )],
            &[&payer],
        )
        .unwrap();
    let source = tokens::mint_to(
        chain,
        &payer,
        &payment_mint,
        &SPL_TOKEN,
        &payer.pubkey(),
        20_000,
    );
    let model_mint = owned.mint;
    let deposit = |amount| {
        deposit_ix(&VaultDeposit {
            depositor: payer.pubkey(),
            source,
            model_mint,
            payment_mint,
            token_program: SPL_TOKEN,
            amount,
        })
    };
    chain.send(&[deposit(10_000)], &[&payer]).unwrap();

    owned.set(vec![], &[&alice]).unwrap();
    let chain = &mut owned.platform.chain;
    assert_error(
        &chain.send(&[deposit(10_000)], &[&payer]),
        EscrowError::SplitOutdated,
    );
    let alice_tokens = tokens::token_account(chain, &alice.pubkey(), &payment_mint, &SPL_TOKEN);
    chain
        .send(
            &[sync_split_ix(
                &owned.mint,
                &payment_mint,
                &SPL_TOKEN,
                &[alice_tokens],
            )],
            &[&payer],
        )
        .unwrap();
    assert_eq!(
        balance(chain, &alice_tokens),
        2_000,
        "alice keeps her 20% of what was earned before"
    );
    chain.send(&[deposit(10_000)], &[&payer]).unwrap();
    let vault: royalty_escrow::state::Vault = chain.account(&vault_pda(&owned.mint, &payment_mint));
    assert_eq!(
        vault.owed(royalty_escrow::constants::OWNER_SLOT).unwrap(),
        8_000 + 10_000
    );
}
