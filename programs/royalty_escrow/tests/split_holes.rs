//! The split holes of the security review, performed through the programs.
//! Expected amounts come from the rules (floor of each share of an epoch's
//! income, the epoch's dust carried into the next), computed here.

use {
    hex_test_support::{
        escrow::*,
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{self, balance, SPL_TOKEN},
        *,
    },
    royalty_escrow::errors::EscrowError,
};

const BPS: u64 = 10_000;

/// A base model whose three contributors take everything (5000/3333/1667).
struct ThreeWaySplit {
    family: Family,
    contributors: Vec<Keypair>,
}

impl ThreeWaySplit {
    fn new() -> Self {
        let mut family = Family::new(SPL_TOKEN);
        let contributors: Vec<Keypair> = (0..3).map(|_| family.chain.funded_keypair(SOL)).collect();
        let shares = [5_000, 3_333, 1_667];
        family.base.contributors = contributors
            .iter()
            .zip(shares)
            .map(|(keypair, share)| (keypair.pubkey(), share))
            .collect();
        family.base.split_version += 1;
        write_model(&mut family.chain, &family.base.clone());
        let sync = sync_split_ix(&family.base.mint, &family.payment_mint, &SPL_TOKEN, &[]);
        let cranker = family.chain.funded_keypair(SOL);
        family.chain.send(&[sync], &[&cranker]).unwrap();
        Self {
            family,
            contributors,
        }
    }

    fn token_account(&mut self, owner: &Pubkey) -> Pubkey {
        let (mint, program) = (self.family.payment_mint, self.family.token_program);
        tokens::token_account(&mut self.family.chain, owner, &mint, &program)
    }

    /// Rotates the contributors one slot (a reorder: every slot changes
    /// wallet), then syncs the split, paying each replaced contributor into
    /// its own account.
    fn rotate(&mut self) {
        let family = &mut self.family;
        family.base.contributors.rotate_left(1);
        family.base.split_version += 1;
        write_model(&mut family.chain, &family.base.clone());
        let vault = family.vault(&family.base.clone());
        let replaced: Vec<Pubkey> = vault.recipients[1..4].iter().map(|r| r.wallet).collect();
        let payouts: Vec<Pubkey> = replaced
            .iter()
            .map(|wallet| self.token_account(wallet))
            .collect();
        let family = &mut self.family;
        let sync = sync_split_ix(
            &family.base.mint,
            &family.payment_mint,
            &SPL_TOKEN,
            &payouts,
        );
        let cranker = family.chain.funded_keypair(SOL);
        family.chain.send(&[sync], &[&cranker]).unwrap();
    }

    fn vault_balance(&self) -> u64 {
        let vault = self.family.base.vault(&self.family.payment_mint);
        balance(&self.family.chain, &vault_tokens_pda(&vault))
    }
}

#[test]
fn hole_4_sync_split_never_pays_an_epochs_dust_twice() {
    let mut split = ThreeWaySplit::new();
    // The reference: each contributor's earnings, epoch by epoch.
    let mut shares: Vec<(Pubkey, u64)> = split
        .family
        .base
        .contributors
        .iter()
        .map(|(wallet, share)| (*wallet, *share as u64))
        .collect();
    let mut earned = std::collections::HashMap::<Pubkey, u64>::new();
    let mut carried = 0u64;
    for round in 0..12u64 {
        let deposit = 7 + round * 13;
        let base = split.family.base.clone();
        split.family.deposit(&base, deposit).unwrap();
        let epoch_income = carried + deposit;
        let mut assigned = 0;
        for (wallet, share) in &shares {
            let amount = epoch_income * share / BPS;
            *earned.entry(*wallet).or_default() += amount;
            assigned += amount;
        }
        carried = epoch_income - assigned;
        split.rotate();
        shares.rotate_left(1);

        let vault = split.family.vault(&base);
        assert!(
            vault.total_owed().unwrap() <= split.vault_balance(),
            "round {round}: the vault owes more than it holds"
        );
    }
    // Each rotation replaced every slot, so sync_split already paid every
    // contributor all it earned in closed epochs.
    let wallets: Vec<Pubkey> = split.contributors.iter().map(|c| c.pubkey()).collect();
    for wallet in wallets {
        let account = split.token_account(&wallet);
        assert_eq!(
            balance(&split.family.chain, &account),
            earned[&wallet],
            "contributor {wallet} received exactly its floor shares"
        );
    }
    assert_eq!(
        split.vault_balance(),
        carried,
        "only the current dust stays"
    );
}

#[test]
fn hole_5_release_to_parent_waits_for_the_parents_current_split() {
    let mut family = Family::new(SPL_TOKEN);
    let fork = family.fork.clone();
    family.deposit(&fork, 10_000).unwrap();

    // The base model names a new contributor; its vault has not synced yet.
    let newcomer = family.chain.funded_keypair(SOL);
    family.base.contributors.push((newcomer.pubkey(), 3_000));
    family.base.split_version += 1;
    let base = {
        write_model(&mut family.chain, &family.base.clone());
        family.base.clone()
    };
    let vaults = [
        fork.vault(&family.payment_mint),
        base.vault(&family.payment_mint),
    ];
    let snapshot = |family: &Family| {
        vaults.map(|vault| {
            (
                family.chain.svm.get_account(&vault).unwrap().data,
                balance(&family.chain, &vault_tokens_pda(&vault)),
            )
        })
    };
    let before = snapshot(&family);
    let release = release_to_parent_ix(&fork.mint, &base.mint, &family.payment_mint, &SPL_TOKEN);
    let cranker = family.chain.funded_keypair(SOL);
    assert_error(
        &family.chain.send(&[release.clone()], &[&cranker]),
        EscrowError::SplitOutdated,
    );
    assert_eq!(snapshot(&family), before, "nothing moved");

    // Synced, the release is booked under the new split.
    let sync = sync_split_ix(&base.mint, &family.payment_mint, &SPL_TOKEN, &[]);
    family.chain.send(&[sync, release], &[&cranker]).unwrap();
    let released = 10_000 * 1_000 / BPS;
    let vault = family.vault(&base);
    assert_eq!(vault.total_income, released);
    assert_eq!(
        vault.owed(2).unwrap(),
        released * 3_000 / BPS,
        "the newcomer's share"
    );
    assert_eq!(vault.owed(1).unwrap(), released * 2_000 / BPS);
}
