use {
    anchor_lang::error::ErrorCode as AnchorError,
    hex_test_support::{
        escrow::*,
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{self, balance, SPL_TOKEN, TOKEN_2022},
        *,
    },
    royalty_escrow::{constants::OWNER_SLOT, errors::EscrowError, state::Vault},
};

/// The flows these tests drive on a family.
trait VaultFlows {
    fn release(&mut self, fixture: &ModelFixture, parent: &ModelFixture) -> TxResult;
    fn claim_contributor(
        &mut self,
        fixture: &ModelFixture,
        contributor: &Keypair,
        slot: u8,
    ) -> (TxResult, Pubkey);
    fn claim_owner(&mut self, fixture: &ModelFixture, owner: &Keypair) -> (TxResult, Pubkey);
    fn vault_balance(&self, fixture: &ModelFixture) -> u64;
    fn assert_vault_conserves(&self, fixture: &ModelFixture);
}

impl VaultFlows for Family {
    fn release(&mut self, fixture: &ModelFixture, parent: &ModelFixture) -> TxResult {
        let ix = release_to_parent_ix(
            &fixture.mint,
            &parent.mint,
            &self.payment_mint,
            &self.token_program,
        );
        let cranker = self.chain.funded_keypair(SOL);
        self.chain.send(&[ix], &[&cranker])
    }

    fn claim_contributor(
        &mut self,
        fixture: &ModelFixture,
        contributor: &Keypair,
        slot: u8,
    ) -> (TxResult, Pubkey) {
        let destination = tokens::token_account(
            &mut self.chain,
            &contributor.pubkey(),
            &self.payment_mint,
            &self.token_program,
        );
        let ix = claim_contributor_ix(&ContributorClaim {
            contributor: contributor.pubkey(),
            vault: fixture.vault(&self.payment_mint),
            slot,
            destination,
            payment_mint: self.payment_mint,
            token_program: self.token_program,
        });
        (self.chain.send(&[ix], &[contributor]), destination)
    }

    fn claim_owner(&mut self, fixture: &ModelFixture, owner: &Keypair) -> (TxResult, Pubkey) {
        let destination = tokens::token_account(
            &mut self.chain,
            &owner.pubkey(),
            &self.payment_mint,
            &self.token_program,
        );
        let ownership_token = tokens::token_address(&owner.pubkey(), &fixture.mint, &TOKEN_2022);
        let ix = claim_owner_ix(&OwnerClaim {
            owner: owner.pubkey(),
            ownership_token,
            model_mint: fixture.mint,
            destination,
            payment_mint: self.payment_mint,
            token_program: self.token_program,
        });
        (self.chain.send(&[ix], &[owner]), destination)
    }

    fn vault_balance(&self, fixture: &ModelFixture) -> u64 {
        balance(
            &self.chain,
            &vault_tokens_pda(&fixture.vault(&self.payment_mint)),
        )
    }

    fn assert_vault_conserves(&self, fixture: &ModelFixture) {
        let vault = self.vault(fixture);
        assert_eq!(
            self.vault_balance(fixture),
            vault.total_income - vault.total_paid_out
        );
    }
}

fn splits_a_sale_down_the_chain(token_program: Pubkey) {
    let mut family = Family::new(token_program);
    let (base, fork) = (family.base.clone(), family.fork.clone());
    family.deposit(&fork, 1_000_000).unwrap();
    assert_eq!(family.vault_balance(&fork), 1_000_000);

    family.release(&fork, &base).unwrap();
    assert_eq!(family.vault_balance(&fork), 900_000);
    assert_eq!(family.vault_balance(&base), 100_000);
    assert_eq!(family.vault(&base).total_income, 100_000);

    let fork_contributor = family.fork_contributor.insecure_clone();
    let (result, fork_contributor_tokens) = family.claim_contributor(&fork, &fork_contributor, 1);
    result.unwrap();
    let fork_owner = family.fork_owner.insecure_clone();
    let (result, fork_owner_tokens) = family.claim_owner(&fork, &fork_owner);
    result.unwrap();
    let base_contributor = family.base_contributor.insecure_clone();
    let (result, base_contributor_tokens) = family.claim_contributor(&base, &base_contributor, 1);
    result.unwrap();
    let base_owner = family.base_owner.insecure_clone();
    let (result, base_owner_tokens) = family.claim_owner(&base, &base_owner);
    result.unwrap();

    assert_eq!(balance(&family.chain, &fork_contributor_tokens), 150_000);
    assert_eq!(balance(&family.chain, &fork_owner_tokens), 750_000);
    assert_eq!(balance(&family.chain, &base_contributor_tokens), 20_000);
    assert_eq!(balance(&family.chain, &base_owner_tokens), 80_000);
    assert_eq!(family.vault_balance(&fork) + family.vault_balance(&base), 0);
    family.assert_vault_conserves(&fork);
    family.assert_vault_conserves(&base);
}

#[test]
fn splits_a_sale_down_the_chain_in_spl_token() {
    splits_a_sale_down_the_chain(SPL_TOKEN);
}

#[test]
fn splits_a_sale_down_the_chain_in_token_2022() {
    splits_a_sale_down_the_chain(TOKEN_2022);
}

#[test]
fn a_vault_records_its_model_split() {
    let family = Family::new(SPL_TOKEN);
    let vault = family.vault(&family.fork);
    assert_eq!(vault.model_mint, family.fork.mint);
    assert_eq!(vault.payment_mint, family.payment_mint);
    assert_eq!(vault.token_program, SPL_TOKEN);
    assert_eq!(vault.parent_vault, family.base.vault(&family.payment_mint));
    let shares: Vec<(Pubkey, u16)> = vault
        .recipients
        .iter()
        .map(|r| (r.wallet, r.share_bps))
        .filter(|r| r.1 > 0)
        .collect();
    assert_eq!(
        shares,
        vec![
            (family.base.vault(&family.payment_mint), 1_000),
            (family.fork_contributor.pubkey(), 1_500),
            (Pubkey::default(), 7_500),
        ]
    );
    assert_eq!(family.vault(&family.base).parent_vault, Pubkey::default());
}

#[test]
fn rejects_claims_by_strangers_and_second_claims() {
    let mut family = Family::new(SPL_TOKEN);
    let fork = family.fork.clone();
    family.deposit(&fork, 10_000).unwrap();
    let stranger = family.chain.funded_keypair(SOL);
    assert_error(
        &family.claim_contributor(&fork, &stranger, 1).0,
        EscrowError::NotARecipient,
    );
    // With the owner's ownership token account, the stranger is still not its owner.
    let destination = tokens::token_account(
        &mut family.chain,
        &stranger.pubkey(),
        &family.payment_mint,
        &SPL_TOKEN,
    );
    let owners_token = tokens::token_address(&family.fork_owner.pubkey(), &fork.mint, &TOKEN_2022);
    let steal = claim_owner_ix(&OwnerClaim {
        owner: stranger.pubkey(),
        ownership_token: owners_token,
        model_mint: fork.mint,
        destination,
        payment_mint: family.payment_mint,
        token_program: SPL_TOKEN,
    });
    assert_error(
        &family.chain.send(&[steal], &[&stranger]),
        EscrowError::NotModelOwner,
    );
    // With an account of its own, it holds no ownership NFT at all.
    assert_error(
        &family.claim_owner(&fork, &stranger).0,
        AnchorError::AccountNotInitialized,
    );
    let contributor = family.fork_contributor.insecure_clone();
    assert_error(
        &family.claim_contributor(&fork, &contributor, 0).0,
        EscrowError::InvalidRecipientSlot,
    );
    assert_error(
        &family.claim_contributor(&fork, &contributor, 17).0,
        EscrowError::InvalidRecipientSlot,
    );
    let (first, destination) = family.claim_contributor(&fork, &contributor, 1);
    first.unwrap();
    assert_error(
        &family.claim_contributor(&fork, &contributor, 1).0,
        EscrowError::NothingToClaim,
    );
    assert_eq!(balance(&family.chain, &destination), 1_500);
    family.assert_vault_conserves(&fork);
}

#[test]
fn the_owner_share_follows_the_ownership_nft() {
    let mut family = Family::new(TOKEN_2022);
    let fork = family.fork.clone();
    family.deposit(&fork, 10_000).unwrap();
    let new_owner = family.chain.funded_keypair(SOL);
    let destination = tokens::token_account(
        &mut family.chain,
        &new_owner.pubkey(),
        &fork.mint,
        &TOKEN_2022,
    );
    let previous_owner = family.fork_owner.insecure_clone();
    let transfer = anchor_spl::token_2022::spl_token_2022::instruction::transfer_checked(
        &TOKEN_2022,
        &tokens::token_address(&previous_owner.pubkey(), &fork.mint, &TOKEN_2022),
        &fork.mint,
        &destination,
        &previous_owner.pubkey(),
        &[],
        1,
        0,
    )
    .unwrap();
    family.chain.send(&[transfer], &[&previous_owner]).unwrap();
    assert_error(
        &family.claim_owner(&fork, &previous_owner).0,
        EscrowError::NotModelOwner,
    );
    let (result, paid) = family.claim_owner(&fork, &new_owner);
    result.unwrap();
    assert_eq!(balance(&family.chain, &paid), 7_500);
}

#[test]
fn rejects_a_release_into_a_vault_that_is_not_the_parent() {
    let mut family = Family::new(SPL_TOKEN);
    let fork = family.fork.clone();
    let stranger_owner = family.chain.funded_keypair(SOL);
    let unrelated = ModelFixture {
        mint: ownership_nft(&mut family.chain, &stranger_owner.pubkey()),
        owner: stranger_owner.pubkey(),
        parent: None,
        parent_royalty_bps: 0,
        contributors: vec![],
        split_version: 0,
    };
    write_model(&mut family.chain, &unrelated);
    let payment_mint = family.payment_mint;
    create_vault(
        &mut family.chain,
        &stranger_owner,
        &unrelated,
        &payment_mint,
        &SPL_TOKEN,
    )
    .unwrap();
    family.deposit(&fork, 10_000).unwrap();
    assert_error(
        &family.release(&fork, &unrelated),
        EscrowError::WrongParentVault,
    );
    assert_error(
        &family.release(&fork, &fork),
        AnchorError::ConstraintDuplicateMutableAccount,
    );
    assert_eq!(family.vault_balance(&fork), 10_000);
    assert_eq!(family.vault(&unrelated).total_income, 0);
}

#[test]
fn a_release_with_nothing_owed_moves_nothing() {
    let mut family = Family::new(SPL_TOKEN);
    let (base, fork) = (family.base.clone(), family.fork.clone());
    family.release(&fork, &base).unwrap();
    assert_eq!(family.vault(&base).total_income, 0);
    family.deposit(&fork, 10_000).unwrap();
    family.release(&fork, &base).unwrap();
    family.release(&fork, &base).unwrap();
    assert_eq!(family.vault(&base).total_income, 1_000);
}

#[test]
fn rejects_deposits_of_another_mint_or_through_another_token_program() {
    let mut family = Family::new(SPL_TOKEN);
    let fork = family.fork.clone();
    let depositor = family.chain.funded_keypair(SOL);
    let other_authority = family.chain.funded_keypair(SOL);
    let other_mint = tokens::create_mint(&mut family.chain, &other_authority, SPL_TOKEN, 6);
    let other_source = tokens::mint_to(
        &mut family.chain,
        &other_authority,
        &other_mint,
        &SPL_TOKEN,
        &depositor.pubkey(),
        500,
    );
    let ix = deposit_ix(&VaultDeposit {
        depositor: depositor.pubkey(),
        source: other_source,
        model_mint: fork.mint,
        payment_mint: family.payment_mint,
        token_program: SPL_TOKEN,
        amount: 500,
    });
    assert_error(
        &family.chain.send(&[ix], &[&depositor]),
        AnchorError::ConstraintTokenMint,
    );

    let source = family.fund(&depositor.pubkey(), 500);
    let ix = deposit_ix(&VaultDeposit {
        depositor: depositor.pubkey(),
        source,
        model_mint: fork.mint,
        payment_mint: family.payment_mint,
        token_program: TOKEN_2022,
        amount: 500,
    });
    // The vault's accounts check the token program against the vault's own.
    assert_error(
        &family.chain.send(&[ix], &[&depositor]),
        AnchorError::ConstraintAddress,
    );

    let zero = deposit_ix(&VaultDeposit {
        depositor: depositor.pubkey(),
        source,
        model_mint: fork.mint,
        payment_mint: family.payment_mint,
        token_program: SPL_TOKEN,
        amount: 0,
    });
    assert_error(
        &family.chain.send(&[zero], &[&depositor]),
        EscrowError::ZeroAmount,
    );
    assert_eq!(family.vault(&fork).total_income, 0);
    assert_eq!(balance(&family.chain, &source), 500);
}

#[test]
fn rejects_a_split_that_does_not_sum_to_10000_bps() {
    let mut chain = TestChain::new();
    let owner = chain.funded_keypair(10 * SOL);
    let payment_mint = tokens::create_mint(&mut chain, &owner, SPL_TOKEN, 6);
    let fixture = ModelFixture {
        mint: ownership_nft(&mut chain, &owner.pubkey()),
        owner: owner.pubkey(),
        parent: Some(Pubkey::new_unique()),
        parent_royalty_bps: 6_000,
        contributors: vec![(Pubkey::new_unique(), 4_001)],
        split_version: 0,
    };
    write_model(&mut chain, &fixture);
    let result = create_vault(&mut chain, &owner, &fixture, &payment_mint, &SPL_TOKEN);
    assert_error(&result, EscrowError::InvalidShares);
}

#[test]
fn rejects_income_beyond_u64_max_and_moves_nothing() {
    let mut chain = TestChain::new();
    let owner = chain.funded_keypair(10 * SOL);
    let payment_mint = tokens::create_mint(&mut chain, &owner, SPL_TOKEN, 0);
    let fixture = ModelFixture {
        mint: ownership_nft(&mut chain, &owner.pubkey()),
        owner: owner.pubkey(),
        parent: None,
        parent_royalty_bps: 0,
        contributors: vec![],
        split_version: 0,
    };
    write_model(&mut chain, &fixture);
    create_vault(&mut chain, &owner, &fixture, &payment_mint, &SPL_TOKEN).unwrap();
    let source = tokens::mint_to(
        &mut chain,
        &owner,
        &payment_mint,
        &SPL_TOKEN,
        &owner.pubkey(),
        u64::MAX,
    );
    let deposit_all = deposit_ix(&VaultDeposit {
        depositor: owner.pubkey(),
        source,
        model_mint: fixture.mint,
        payment_mint,
        token_program: SPL_TOKEN,
        amount: u64::MAX,
    });
    chain.send(&[deposit_all.clone()], &[&owner]).unwrap();
    let vault = fixture.vault(&payment_mint);
    let ownership_token = tokens::token_address(&owner.pubkey(), &fixture.mint, &TOKEN_2022);
    let claim = claim_owner_ix(&OwnerClaim {
        owner: owner.pubkey(),
        ownership_token,
        model_mint: fixture.mint,
        destination: source,
        payment_mint,
        token_program: SPL_TOKEN,
    });
    chain.send(&[claim], &[&owner]).unwrap();
    assert_eq!(balance(&chain, &source), u64::MAX);
    let deposit_one = deposit_ix(&VaultDeposit {
        depositor: owner.pubkey(),
        source,
        model_mint: fixture.mint,
        payment_mint,
        token_program: SPL_TOKEN,
        amount: 1,
    });
    assert_error(
        &chain.send(&[deposit_one], &[&owner]),
        EscrowError::MathOverflow,
    );
    assert_eq!(balance(&chain, &source), u64::MAX);
    assert_eq!(chain.account::<Vault>(&vault).total_income, u64::MAX);
}

#[test]
fn rejects_token_2022_mints_with_a_transfer_fee() {
    use anchor_spl::token_2022::spl_token_2022::{
        extension::{transfer_fee::instruction::initialize_transfer_fee_config, ExtensionType},
        state::Mint,
    };
    let mut chain = TestChain::new();
    let owner = chain.funded_keypair(10 * SOL);
    let mint = Keypair::new();
    let space =
        ExtensionType::try_calculate_account_len::<Mint>(&[ExtensionType::TransferFeeConfig])
            .unwrap();
    let create = anchor_lang::solana_program::system_instruction::create_account(
        &owner.pubkey(),
        &mint.pubkey(),
        chain.svm.minimum_balance_for_rent_exemption(space),
        space as u64,
        &TOKEN_2022,
    );
    let fee = initialize_transfer_fee_config(&TOKEN_2022, &mint.pubkey(), None, None, 100, 1_000)
        .unwrap();
    let init = anchor_spl::token_2022::spl_token_2022::instruction::initialize_mint2(
        &TOKEN_2022,
        &mint.pubkey(),
        &owner.pubkey(),
        None,
        6,
    )
    .unwrap();
    chain.send(&[create, fee, init], &[&owner, &mint]).unwrap();
    let fixture = ModelFixture {
        mint: ownership_nft(&mut chain, &owner.pubkey()),
        owner: owner.pubkey(),
        parent: None,
        parent_royalty_bps: 0,
        contributors: vec![],
        split_version: 0,
    };
    write_model(&mut chain, &fixture);
    let result = create_vault(&mut chain, &owner, &fixture, &mint.pubkey(), &TOKEN_2022);
    assert_error(&result, EscrowError::UnsupportedMintExtension);
}

#[test]
fn a_split_change_settles_replaced_contributors_first() {
    let mut family = Family::new(SPL_TOKEN);
    let mut fork = family.fork.clone();
    family.deposit(&fork, 10_000).unwrap();
    let replacement = family.chain.funded_keypair(SOL);
    fork.contributors = vec![(replacement.pubkey(), 3_000)];
    fork.split_version = 1;
    write_model(&mut family.chain, &fork);

    assert_error(&family.deposit(&fork, 1_000), EscrowError::SplitOutdated);
    let old = family.fork_contributor.insecure_clone();
    let old_tokens = tokens::token_account(
        &mut family.chain,
        &old.pubkey(),
        &family.payment_mint,
        &SPL_TOKEN,
    );
    let missing = sync_split_ix(&fork.mint, &family.payment_mint, &SPL_TOKEN, &[]);
    assert_error(
        &family.chain.send(&[missing], &[&old]),
        EscrowError::MissingPayoutAccount,
    );
    let sync = sync_split_ix(&fork.mint, &family.payment_mint, &SPL_TOKEN, &[old_tokens]);
    family.chain.send(&[sync.clone()], &[&old]).unwrap();
    assert_eq!(balance(&family.chain, &old_tokens), 1_500);
    assert_error(
        &family.chain.send(&[sync], &[&old]),
        EscrowError::SplitAlreadyCurrent,
    );

    family.deposit(&fork, 10_000).unwrap();
    let (result, paid) = family.claim_contributor(&fork, &replacement, 1);
    result.unwrap();
    assert_eq!(balance(&family.chain, &paid), 3_000);
    assert_error(
        &family.claim_contributor(&fork, &old, 1).0,
        EscrowError::NotARecipient,
    );
    let owner = family.fork_owner.insecure_clone();
    let (result, owner_paid) = family.claim_owner(&fork, &owner);
    result.unwrap();
    assert_eq!(balance(&family.chain, &owner_paid), 7_500 + 6_000);
    family.assert_vault_conserves(&fork);
}

#[test]
fn a_sale_closes_the_owner_period_and_the_previous_owner_keeps_its_share() {
    let mut family = Family::new(SPL_TOKEN);
    let fork = family.fork.clone();
    let (seller, buyer) = (
        family.fork_owner.insecure_clone(),
        family.chain.funded_keypair(SOL),
    );
    let keeper = family.chain.funded_keypair(SOL);
    let settle = settle_owner_period_ix(
        &keeper.pubkey(),
        &fork.mint,
        &family.payment_mint,
        &seller.pubkey(),
    );
    assert_error(
        &family.chain.send(&[settle.clone()], &[&keeper]),
        EscrowError::OwnerPeriodAlreadyCurrent,
    );
    family.deposit(&fork, 10_000).unwrap();
    record_sale(&mut family.chain, &fork, &buyer.pubkey());

    // Until the period is settled, no income enters and no owner is paid.
    assert_error(
        &family.deposit(&fork, 1_000),
        EscrowError::OwnerPeriodNotSettled,
    );
    assert_error(
        &family.claim_owner(&fork, &buyer).0,
        EscrowError::OwnerPeriodNotSettled,
    );
    family.chain.send(&[settle], &[&keeper]).unwrap();
    let settle_again = settle_owner_period_ix(
        &keeper.pubkey(),
        &fork.mint,
        &family.payment_mint,
        &buyer.pubkey(),
    );
    assert_error(
        &family.chain.send(&[settle_again], &[&keeper]),
        EscrowError::OwnerPeriodAlreadyCurrent,
    );
    // Fork: 10% parent, 15% contributor, 75% owner.
    let vault = family.vault(&fork);
    assert_eq!(
        (vault.owner_of_record, vault.owed_to_previous_owners),
        (buyer.pubkey(), 7_500)
    );
    assert_eq!(vault.owed(OWNER_SLOT).unwrap(), 0);
    family.deposit(&fork, 1_000).unwrap();
    let (result, buyer_paid) = family.claim_owner(&fork, &buyer);
    result.unwrap();
    assert_eq!(balance(&family.chain, &buyer_paid), 750);

    // A stranger may pay the seller only into the seller's associated account.
    let stranger = family.chain.funded_keypair(SOL);
    let side_account = Keypair::new();
    tokens::write_token_account_at(
        &mut family.chain,
        &side_account.pubkey(),
        &seller.pubkey(),
        &family.payment_mint,
        SPL_TOKEN,
        0,
    );
    let payment = |sender: Pubkey, destination: Pubkey| {
        pay_previous_owner_ix(&PreviousOwnerPayment {
            sender,
            model_mint: fork.mint,
            payment_mint: family.payment_mint,
            token_program: SPL_TOKEN,
            previous_owner: seller.pubkey(),
            rent_payer: keeper.pubkey(),
            destination,
        })
    };
    assert_error(
        &family.chain.send(
            &[payment(stranger.pubkey(), side_account.pubkey())],
            &[&stranger],
        ),
        EscrowError::NotPreviousOwnerAccount,
    );
    let strangers_own = tokens::token_account(
        &mut family.chain,
        &stranger.pubkey(),
        &family.payment_mint,
        &SPL_TOKEN,
    );
    assert_error(
        &family
            .chain
            .send(&[payment(stranger.pubkey(), strangers_own)], &[&stranger]),
        EscrowError::NotPreviousOwnerAccount,
    );
    // The earnings account's rent goes back only to whoever paid it.
    let mut wrong_rent_payer = payment(seller.pubkey(), side_account.pubkey());
    hex_test_support::attacks::swap(&mut wrong_rent_payer, &keeper.pubkey(), stranger.pubkey());
    assert_error(
        &family.chain.send(&[wrong_rent_payer], &[&seller]),
        AnchorError::ConstraintHasOne,
    );
    assert_eq!(family.vault(&fork).owed_to_previous_owners, 7_500);
    // The seller itself picks any account of its own.
    let keeper_lamports = family.chain.lamports(&keeper.pubkey());
    family
        .chain
        .send(
            &[payment(seller.pubkey(), side_account.pubkey())],
            &[&seller],
        )
        .unwrap();
    assert_eq!(balance(&family.chain, &side_account.pubkey()), 7_500);
    assert!(
        family.chain.lamports(&keeper.pubkey()) > keeper_lamports,
        "rent back to the settler"
    );
    assert_eq!(family.vault(&fork).owed_to_previous_owners, 0);
    family.assert_vault_conserves(&fork);
}
