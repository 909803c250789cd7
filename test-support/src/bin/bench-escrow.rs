//! Benchmark of the royalty escrow over lineages of growing depth: the size
//! of each escrow transaction at the deepest model, and how many transactions
//! a full release of the chain takes. Every figure should be the same at any
//! depth, since no instruction walks the lineage.
//!
//! A lineage of depth d is a chain of d + 1 models: model 0 is the root and
//! model i's parent is model i - 1, so the deepest model has d ancestors.
//!
//! Usage: bench-escrow [--depths 1,16,256,4096]

use {
    hex_test_support::{
        escrow::*,
        hex_native_runtime::redirect_program_stdout,
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{self, balance, SPL_TOKEN, TOKEN_2022},
        *,
    },
    royalty_escrow::{constants::PARENT_SLOT, state::Vault},
    solana_instruction::Instruction,
    solana_transaction::Transaction,
    std::{collections::BTreeSet, io::Write, process::exit, time::Instant},
};

const DEFAULT_DEPTHS: [usize; 4] = [1, 16, 256, 4096];
/// The largest transaction the network accepts (PACKET_DATA_SIZE).
const MAX_TX_BYTES: usize = 1232;
const PARENT_ROYALTY_BPS: u16 = 1_000;
const CONTRIBUTOR_BPS: u16 = 1_000;
const DEPOSIT: u64 = 1_000_000;
const ACTIONS: [&str; 4] = [
    "deposit",
    "release_to_parent",
    "claim_contributor",
    "claim_owner",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Measure {
    /// Accounts of the transaction's first instruction.
    accounts: usize,
    instructions: usize,
    signatures: usize,
    bytes: usize,
}

struct DepthReport {
    depth: usize,
    /// One per entry of ACTIONS.
    actions: Vec<Measure>,
    releases_per_tx: usize,
    release_txs: usize,
    setup_secs: f64,
}

/// A model of the chain with the keypairs that may claim from its vault.
struct Member {
    fixture: ModelFixture,
    owner: Keypair,
    contributors: [Keypair; 2],
}

struct Lineage {
    chain: TestChain,
    mint_authority: Keypair,
    payment_mint: Pubkey,
    payer: Keypair,
    models: Vec<Member>,
}

fn wire_size(transaction: &Transaction) -> usize {
    bincode::serialized_size(transaction).expect("transactions serialize") as usize
}

impl Lineage {
    /// Models are fixtures (written directly); vaults are created by the
    /// escrow itself, so that they are exactly what a real chain would hold.
    fn new(depth: usize) -> Self {
        let mut chain = TestChain::new();
        let mint_authority = chain.funded_keypair(SOL);
        let payment_mint = tokens::create_mint(&mut chain, &mint_authority, SPL_TOKEN, 6);
        // Each vault costs about 0.011 SOL of rent.
        let payer = chain.funded_keypair((depth as u64 + 1) * SOL);
        let mut models: Vec<Member> = Vec::with_capacity(depth + 1);
        for _ in 0..=depth {
            let owner = chain.funded_keypair(SOL);
            let contributors = [chain.funded_keypair(SOL), chain.funded_keypair(SOL)];
            let parent = models.last().map(|parent| parent.fixture.mint);
            let fixture = ModelFixture {
                mint: ownership_nft(&mut chain, &owner.pubkey()),
                owner: owner.pubkey(),
                parent,
                parent_royalty_bps: if parent.is_some() {
                    PARENT_ROYALTY_BPS
                } else {
                    0
                },
                contributors: contributors
                    .iter()
                    .map(|contributor| (contributor.pubkey(), CONTRIBUTOR_BPS))
                    .collect(),
                split_version: 0,
            };
            write_model(&mut chain, &fixture);
            create_vault(&mut chain, &payer, &fixture, &payment_mint, &SPL_TOKEN)
                .expect("create_vault");
            models.push(Member {
                fixture,
                owner,
                contributors,
            });
        }
        Self {
            chain,
            mint_authority,
            payment_mint,
            payer,
            models,
        }
    }

    fn vault(&self, index: usize) -> Pubkey {
        self.models[index].fixture.vault(&self.payment_mint)
    }

    /// Signs, measures and sends one transaction paid by the first signer;
    /// panics with the logs if it is too large or fails.
    fn send(&mut self, instructions: &[Instruction], signers: &[&Keypair]) -> Measure {
        let transaction = Transaction::new_signed_with_payer(
            instructions,
            Some(&signers[0].pubkey()),
            signers,
            self.chain.svm.latest_blockhash(),
        );
        let measure = Measure {
            accounts: instructions[0].accounts.len(),
            instructions: transaction.message.instructions.len(),
            signatures: transaction.signatures.len(),
            bytes: wire_size(&transaction),
        };
        assert!(
            measure.bytes <= MAX_TX_BYTES,
            "a transaction of {} bytes exceeds {MAX_TX_BYTES}",
            measure.bytes
        );
        if let Err(failed) = self.chain.svm.send_transaction(transaction) {
            panic!("{:?}; logs:\n{}", failed.err, failed.meta.logs.join("\n"));
        }
        // A fresh blockhash, so that the same instructions may be sent again.
        self.chain.svm.expire_blockhash();
        measure
    }

    fn release_ix(&self, index: usize) -> Instruction {
        release_to_parent_ix(
            &self.models[index].fixture.mint,
            &self.models[index - 1].fixture.mint,
            &self.payment_mint,
            &SPL_TOKEN,
        )
    }

    /// A payment-token account of `owner`, created outside the measured
    /// transactions.
    fn token_account(&mut self, owner: &Pubkey) -> Pubkey {
        tokens::token_account(&mut self.chain, owner, &self.payment_mint, &SPL_TOKEN)
    }

    fn deposit(&mut self, index: usize) -> Measure {
        let depositor = self.chain.funded_keypair(SOL);
        let authority = self.mint_authority.insecure_clone();
        let source = tokens::mint_to(
            &mut self.chain,
            &authority,
            &self.payment_mint,
            &SPL_TOKEN,
            &depositor.pubkey(),
            DEPOSIT,
        );
        let ix = deposit_ix(&VaultDeposit {
            depositor: depositor.pubkey(),
            source,
            model_mint: self.models[index].fixture.mint,
            payment_mint: self.payment_mint,
            token_program: SPL_TOKEN,
            amount: DEPOSIT,
        });
        self.send(&[ix], &[&depositor])
    }

    fn release(&mut self, index: usize) -> Measure {
        let payer = self.payer.insecure_clone();
        self.send(&[self.release_ix(index)], &[&payer])
    }

    /// Claims slot 1 (the first contributor); returns the measure and the
    /// destination.
    fn claim_contributor(&mut self, index: usize) -> (Measure, Pubkey) {
        let contributor = self.models[index].contributors[0].insecure_clone();
        let destination = self.token_account(&contributor.pubkey());
        let ix = claim_contributor_ix(&ContributorClaim {
            contributor: contributor.pubkey(),
            vault: self.vault(index),
            slot: 1,
            destination,
            payment_mint: self.payment_mint,
            token_program: SPL_TOKEN,
        });
        (self.send(&[ix], &[&contributor]), destination)
    }

    fn claim_owner(&mut self, index: usize) -> (Measure, Pubkey) {
        let owner = self.models[index].owner.insecure_clone();
        let destination = self.token_account(&owner.pubkey());
        let ownership_token = tokens::token_address(
            &owner.pubkey(),
            &self.models[index].fixture.mint,
            &TOKEN_2022,
        );
        let ix = claim_owner_ix(&OwnerClaim {
            owner: owner.pubkey(),
            ownership_token,
            model_mint: self.models[index].fixture.mint,
            destination,
            payment_mint: self.payment_mint,
            token_program: SPL_TOKEN,
        });
        (self.send(&[ix], &[&owner]), destination)
    }

    /// Every vault releases to its parent, deepest first so that each
    /// release also forwards what its child just released; as many releases
    /// per transaction as fit. Returns the largest batch and the batch count.
    fn release_chain(&mut self) -> (usize, usize) {
        let releases: Vec<Instruction> = (1..self.models.len())
            .rev()
            .map(|index| self.release_ix(index))
            .collect();
        let batches = pack(&self.payer.pubkey(), releases);
        let payer = self.payer.insecure_clone();
        for batch in &batches {
            self.send(batch, &[&payer]);
        }
        let largest = batches.iter().map(Vec::len).max().unwrap_or(0);
        (largest, batches.len())
    }

    fn vault_tokens_total(&self) -> u64 {
        (0..self.models.len())
            .map(|index| balance(&self.chain, &vault_tokens_pda(&self.vault(index))))
            .sum()
    }

    fn assert_released(&self) {
        for index in 0..self.models.len() {
            let vault: Vault = self.chain.account(&self.vault(index));
            assert_eq!(
                vault.owed(PARENT_SLOT).unwrap(),
                0,
                "model {index} still owes its parent"
            );
        }
    }
}

/// Greedy packing in order: a transaction takes instructions until the next
/// one would push it past MAX_TX_BYTES. An unsigned transaction has the same
/// size as the signed one (its signatures are zero-filled placeholders).
fn pack(payer: &Pubkey, instructions: Vec<Instruction>) -> Vec<Vec<Instruction>> {
    let mut batches = Vec::new();
    let mut batch: Vec<Instruction> = Vec::new();
    for instruction in instructions {
        batch.push(instruction);
        let transaction = Transaction::new_with_payer(&batch, Some(payer));
        if batch.len() > 1 && wire_size(&transaction) > MAX_TX_BYTES {
            let overflow = batch.pop().unwrap();
            batches.push(std::mem::replace(&mut batch, vec![overflow]));
        }
    }
    if !batch.is_empty() {
        batches.push(batch);
    }
    batches
}

fn bench(depth: usize) -> DepthReport {
    let start = Instant::now();
    let mut lineage = Lineage::new(depth);
    let setup_secs = start.elapsed().as_secs_f64();
    let deposit = lineage.deposit(depth);
    let release = lineage.release(depth);
    let (releases_per_tx, release_txs) = lineage.release_chain();
    lineage.assert_released();
    assert_eq!(
        lineage.vault_tokens_total(),
        DEPOSIT,
        "tokens not conserved"
    );
    // The claims come last so that conservation above is over vaults alone.
    let (claim_contributor, contributor_tokens) = lineage.claim_contributor(depth);
    let (claim_owner, owner_tokens) = lineage.claim_owner(depth);
    let claimed =
        balance(&lineage.chain, &contributor_tokens) + balance(&lineage.chain, &owner_tokens);
    assert_eq!(
        lineage.vault_tokens_total() + claimed,
        DEPOSIT,
        "tokens not conserved by the claims"
    );
    DepthReport {
        depth,
        actions: vec![deposit, release, claim_contributor, claim_owner],
        releases_per_tx,
        release_txs,
        setup_secs,
    }
}

fn depths() -> Vec<usize> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let depths: Option<Vec<usize>> = match args.as_slice() {
        [] => Some(DEFAULT_DEPTHS.to_vec()),
        [flag, list] if flag == "--depths" => list
            .split(',')
            .map(|depth| depth.trim().parse().ok().filter(|&depth| depth >= 1))
            .collect(),
        _ => None,
    };
    depths.unwrap_or_else(|| {
        eprintln!("usage: bench-escrow [--depths 1,16,256,4096] (depths >= 1)");
        exit(2)
    })
}

fn main() {
    // Programs print their msg! lines to stdout; this keeps them in the
    // transaction logs and gives the table the real stdout.
    let mut out = redirect_program_stdout();
    let reports: Vec<DepthReport> = depths().into_iter().map(bench).collect();

    writeln!(
        out,
        "{:>6}  {:<18} {:>8} {:>12} {:>10} {:>8}",
        "depth", "action", "accounts", "instructions", "signatures", "tx bytes"
    )
    .unwrap();
    for report in &reports {
        for (action, m) in ACTIONS.iter().zip(&report.actions) {
            writeln!(
                out,
                "{:>6}  {:<18} {:>8} {:>12} {:>10} {:>8}",
                report.depth, action, m.accounts, m.instructions, m.signatures, m.bytes
            )
            .unwrap();
        }
    }
    writeln!(out).unwrap();
    for report in &reports {
        writeln!(
            out,
            "depth {:>4}: {:>2} releases packed per transaction, {:>3} transactions for the full chain release (setup {:.1}s)",
            report.depth, report.releases_per_tx, report.release_txs, report.setup_secs
        )
        .unwrap();
    }
    let identical = (0..ACTIONS.len()).all(|action| {
        let distinct: BTreeSet<Measure> = reports.iter().map(|r| r.actions[action]).collect();
        distinct.len() <= 1
    });
    writeln!(
        out,
        "per-instruction accounts and bytes identical at every depth: {}",
        if identical { "yes" } else { "NO" }
    )
    .unwrap();
    if !identical {
        exit(1);
    }
}
