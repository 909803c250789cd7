//! Property test of the royalty split: random lineage trees (up to 64 deep,
//! up to 16 contributors per model) under random interleavings of deposits,
//! releases, claims, sales of a model and split changes (new shares,
//! reorders, removals). After every step: no token is created or lost, per
//! vault and overall; no vault holds more unassigned dust than it has
//! recipients; and every party's balance and every vault's balance equal
//! what an independent reference of the money rules (DESIGN.md: floor of
//! each share of an epoch's income, dust carried, the parent's share into
//! the parent's vault, a seller keeping what its owner share earned) says,
//! to the unit. The reference never calls the program's own math.
//!
//! Runs as its own harness so that it can print its case count;
//! `PROPTEST_CASES` sets the number of cases (1,000 by default).

use {
    hex_test_support::{
        escrow::*,
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{self, balance, SPL_TOKEN, TOKEN_2022},
        *,
    },
    proptest::{
        prelude::*,
        test_runner::{Config, TestCaseError, TestRunner},
    },
    royalty_escrow::{
        constants::{OWNER_SLOT, PARENT_SLOT, RECIPIENT_SLOTS},
        state::Vault,
    },
    std::{
        collections::{BTreeMap, BTreeSet},
        io::Write,
    },
};

const BPS: u128 = 10_000;

/// One recipient of a vault in the reference: who, at which share, what it
/// earned in closed epochs and what it took.
#[derive(Clone, Default)]
struct ReferenceSlot {
    wallet: Pubkey,
    share_bps: u128,
    earned_in_closed_epochs: u128,
    taken: u128,
}

/// The money rules of one vault, written from the design: each recipient
/// earns the floor of its share of the epoch's income; a split change
/// closes the epoch and carries its dust into the next.
#[derive(Clone, Default)]
struct ReferenceVault {
    epoch_income: u128,
    slots: Vec<ReferenceSlot>,
    balance: u128,
}

impl ReferenceVault {
    fn due(&self, slot: usize) -> u128 {
        let recipient = &self.slots[slot];
        recipient.earned_in_closed_epochs + self.epoch_income * recipient.share_bps / BPS
            - recipient.taken
    }

    fn take(&mut self, slot: usize) -> u128 {
        let amount = self.due(slot);
        self.slots[slot].taken += amount;
        self.balance -= amount;
        amount
    }

    fn receive(&mut self, amount: u128) {
        self.epoch_income += amount;
        self.balance += amount;
    }

    fn close_epoch(&mut self) {
        let income = self.epoch_income;
        for recipient in &mut self.slots {
            let earned = income * recipient.share_bps / BPS;
            recipient.earned_in_closed_epochs += earned;
            self.epoch_income -= earned;
        }
    }
}

/// The shares a model names: parent royalty, contributors, owner's remainder.
fn reference_slots(fixture: &ModelFixture) -> Vec<ReferenceSlot> {
    let mut slots = vec![ReferenceSlot::default(); RECIPIENT_SLOTS];
    slots[PARENT_SLOT].share_bps = fixture.parent_royalty_bps as u128;
    for (index, (wallet, share)) in fixture.contributors.iter().enumerate() {
        slots[index + 1].wallet = *wallet;
        slots[index + 1].share_bps = *share as u128;
    }
    let named: u128 = slots.iter().map(|slot| slot.share_bps).sum();
    slots[OWNER_SLOT].share_bps = BPS - named;
    slots
}

#[derive(Clone, Debug)]
struct ModelSpec {
    parent: Option<usize>,
    parent_royalty_bps: u16,
    contributor_shares: Vec<u16>,
}

#[derive(Clone, Debug)]
enum Step {
    Deposit {
        model: usize,
        amount: u64,
    },
    Release {
        model: usize,
    },
    ClaimContributor {
        model: usize,
        slot: usize,
    },
    ClaimOwner {
        model: usize,
    },
    ChangeOwner {
        model: usize,
    },
    ChangeSplit {
        model: usize,
        shares: Vec<u16>,
        keep: Vec<bool>,
        rotate: usize,
    },
}

#[derive(Clone, Debug)]
struct Case {
    token_2022: bool,
    models: Vec<ModelSpec>,
    steps: Vec<Step>,
}

/// Up to 16 contributor shares over the whole range: together anywhere from
/// nothing to everything the parent's royalty leaves (the owner's remainder
/// may be 0), split unevenly.
fn contributor_shares(parent_royalty_bps: u16) -> impl Strategy<Value = Vec<u16>> {
    let budget = 10_000 - parent_royalty_bps as u32;
    (prop::collection::vec(1..=1_000u32, 0..=16), 0..=budget).prop_map(|(weights, total)| {
        let sum: u32 = weights.iter().sum();
        weights
            .iter()
            .map(|weight| (total * weight / sum.max(1)) as u16)
            .collect()
    })
}

fn model_spec(parent: Option<usize>) -> impl Strategy<Value = ModelSpec> {
    let royalty = if parent.is_some() {
        0..=3_000u16
    } else {
        0..=0u16
    };
    royalty.prop_flat_map(move |parent_royalty_bps| {
        contributor_shares(parent_royalty_bps).prop_map(move |contributor_shares| ModelSpec {
            parent,
            parent_royalty_bps,
            contributor_shares,
        })
    })
}

/// Either a bushy tree of up to 12 models or a chain up to 64 deep.
fn lineage() -> impl Strategy<Value = Vec<ModelSpec>> {
    let tree = (1..=12usize).prop_flat_map(|count| {
        (0..count)
            .map(|index| {
                let parent = if index == 0 {
                    Just(None).boxed()
                } else {
                    prop::option::weighted(0.8, 0..index).boxed()
                };
                parent.prop_flat_map(model_spec).boxed()
            })
            .collect::<Vec<_>>()
    });
    let chain = (2..=64usize).prop_flat_map(|depth| {
        (0..depth)
            .map(|index| model_spec(index.checked_sub(1)).boxed())
            .collect::<Vec<_>>()
    });
    prop_oneof![3 => tree, 1 => chain]
}

fn step(models: usize) -> impl Strategy<Value = Step> {
    let model = 0..models;
    prop_oneof![
        4 => (model.clone(), prop_oneof![1..=100u64, 1..=1_000_000_000u64]).prop_map(|(model, amount)| Step::Deposit { model, amount }),
        3 => model.clone().prop_map(|model| Step::Release { model }),
        2 => (model.clone(), 0..16usize).prop_map(|(model, slot)| Step::ClaimContributor { model, slot }),
        2 => model.clone().prop_map(|model| Step::ClaimOwner { model }),
        1 => model.clone().prop_map(|model| Step::ChangeOwner { model }),
        1 => (model, contributor_shares(3_000), prop::collection::vec(any::<bool>(), 16), 0..16usize)
            .prop_map(|(model, shares, keep, rotate)| Step::ChangeSplit { model, shares, keep, rotate }),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    (any::<bool>(), lineage()).prop_flat_map(|(token_2022, models)| {
        let count = models.len();
        prop::collection::vec(step(count), 1..=40).prop_map(move |steps| Case {
            token_2022,
            models: models.clone(),
            steps,
        })
    })
}

/// One model of the world: its fixture and the keys that act for it.
struct Member {
    fixture: ModelFixture,
    owner: Keypair,
    contributors: Vec<Keypair>,
}

struct World {
    chain: TestChain,
    token_program: Pubkey,
    payment_mint: Pubkey,
    depositor: Keypair,
    depositor_tokens: Pubkey,
    members: Vec<Member>,
    deposited: u128,
    /// Token accounts that received claims or settlements.
    payees: BTreeSet<Pubkey>,
    /// The reference: each vault, and what each wallet should have received.
    reference: Vec<ReferenceVault>,
    received: BTreeMap<Pubkey, u128>,
}

fn check(condition: bool, message: impl FnOnce() -> String) -> Result<(), TestCaseError> {
    if condition {
        Ok(())
    } else {
        Err(TestCaseError::fail(message()))
    }
}

impl World {
    fn new(case: &Case) -> Self {
        let mut chain = TestChain::new();
        let token_program = if case.token_2022 {
            TOKEN_2022
        } else {
            SPL_TOKEN
        };
        let mint_authority = chain.funded_keypair(100 * SOL);
        let payment_mint = tokens::create_mint(&mut chain, &mint_authority, token_program, 6);
        let depositor = chain.funded_keypair(100 * SOL);
        let depositor_tokens = tokens::mint_to(
            &mut chain,
            &mint_authority,
            &payment_mint,
            &token_program,
            &depositor.pubkey(),
            u64::MAX / 2,
        );
        let mut world = World {
            chain,
            token_program,
            payment_mint,
            depositor,
            depositor_tokens,
            members: Vec::new(),
            deposited: 0,
            payees: BTreeSet::new(),
            reference: Vec::new(),
            received: BTreeMap::new(),
        };
        for spec in &case.models {
            world.add_member(spec);
        }
        world
    }

    /// A new keypair with SOL for fees.
    fn signer(&mut self) -> Keypair {
        self.chain.funded_keypair(SOL)
    }

    fn add_member(&mut self, spec: &ModelSpec) {
        let owner = self.signer();
        let contributors: Vec<Keypair> = spec
            .contributor_shares
            .iter()
            .map(|_| self.signer())
            .collect();
        let fixture = ModelFixture {
            mint: ownership_nft(&mut self.chain, &owner.pubkey()),
            owner: owner.pubkey(),
            parent: spec.parent.map(|parent| self.members[parent].fixture.mint),
            parent_royalty_bps: spec.parent_royalty_bps,
            contributors: contributors
                .iter()
                .map(Keypair::pubkey)
                .zip(spec.contributor_shares.iter().copied())
                .collect(),
            split_version: 0,
        };
        write_model(&mut self.chain, &fixture);
        create_vault(
            &mut self.chain,
            &self.depositor,
            &fixture,
            &self.payment_mint,
            &self.token_program,
        )
        .expect("create_vault");
        self.reference.push(ReferenceVault {
            slots: reference_slots(&fixture),
            ..ReferenceVault::default()
        });
        self.members.push(Member {
            fixture,
            owner,
            contributors,
        });
    }

    fn expect_received(&mut self, wallet: Pubkey, amount: u128) {
        *self.received.entry(wallet).or_default() += amount;
    }

    fn vault_address(&self, model: usize) -> Pubkey {
        self.members[model].fixture.vault(&self.payment_mint)
    }

    fn vault(&self, model: usize) -> Vault {
        self.chain.account(&self.vault_address(model))
    }

    fn payee(&mut self, owner: &Pubkey) -> Pubkey {
        let address = tokens::token_address(owner, &self.payment_mint, &self.token_program);
        if !self.chain.exists(&address) {
            tokens::write_token_account(
                &mut self.chain,
                owner,
                &self.payment_mint,
                self.token_program,
                0,
            );
        }
        self.payees.insert(address);
        address
    }

    fn apply(&mut self, step: &Step) -> Result<(), TestCaseError> {
        match step {
            Step::Deposit { model, amount } => {
                let mint = self.members[*model].fixture.mint;
                let ix = deposit_ix(&VaultDeposit {
                    depositor: self.depositor.pubkey(),
                    source: self.depositor_tokens,
                    model_mint: mint,
                    payment_mint: self.payment_mint,
                    token_program: self.token_program,
                    amount: *amount,
                });
                let depositor = self.depositor.insecure_clone();
                self.chain
                    .send(&[ix], &[&depositor])
                    .map_err(|e| TestCaseError::fail(format!("deposit: {:?}", e.err)))?;
                self.deposited += *amount as u128;
                self.reference[*model].receive(*amount as u128);
            }
            Step::Release { model } => {
                let Some(parent) = self.members[*model].fixture.parent else {
                    return Ok(());
                };
                let ix = release_to_parent_ix(
                    &self.members[*model].fixture.mint,
                    &parent,
                    &self.payment_mint,
                    &self.token_program,
                );
                let payer = self.depositor.insecure_clone();
                self.chain
                    .send(&[ix], &[&payer])
                    .map_err(|e| TestCaseError::fail(format!("release: {:?}", e.err)))?;
                let parent_index = self
                    .members
                    .iter()
                    .position(|member| member.fixture.mint == parent)
                    .unwrap();
                let released = self.reference[*model].take(PARENT_SLOT);
                self.reference[parent_index].receive(released);
            }
            Step::ClaimContributor { model, slot } => {
                let count = self.members[*model].contributors.len();
                if count == 0 {
                    return Ok(());
                }
                let slot = slot % count + 1;
                let contributor = self.members[*model].contributors[slot - 1].insecure_clone();
                let owed = self.reference[*model].due(slot) as u64;
                let destination = self.payee(&contributor.pubkey());
                let before = balance(&self.chain, &destination);
                let ix = claim_contributor_ix(&ContributorClaim {
                    contributor: contributor.pubkey(),
                    vault: self.vault_address(*model),
                    slot: slot as u8,
                    destination,
                    payment_mint: self.payment_mint,
                    token_program: self.token_program,
                });
                let result = self.chain.send(&[ix], &[&contributor]);
                check(result.is_ok() == (owed > 0), || {
                    format!(
                        "claim of {owed} returned {:?}",
                        result.as_ref().err().map(|e| &e.err)
                    )
                })?;
                check(balance(&self.chain, &destination) - before == owed, || {
                    "claimed amount differs from owed".into()
                })?;
                let taken = self.reference[*model].take(slot);
                self.expect_received(contributor.pubkey(), taken);
            }
            Step::ClaimOwner { model } => {
                let owner = self.members[*model].owner.insecure_clone();
                let owed = self.reference[*model].due(OWNER_SLOT);
                let destination = self.payee(&owner.pubkey());
                let nft = tokens::token_address(
                    &owner.pubkey(),
                    &self.members[*model].fixture.mint,
                    &TOKEN_2022,
                );
                let ix = claim_owner_ix(&OwnerClaim {
                    owner: owner.pubkey(),
                    ownership_token: nft,
                    model_mint: self.members[*model].fixture.mint,
                    destination,
                    payment_mint: self.payment_mint,
                    token_program: self.token_program,
                });
                let result = self.chain.send(&[ix], &[&owner]);
                check(result.is_ok() == (owed > 0), || {
                    format!(
                        "owner claim of {owed} returned {:?}",
                        result.as_ref().err().map(|e| &e.err)
                    )
                })?;
                let taken = self.reference[*model].take(OWNER_SLOT);
                self.expect_received(owner.pubkey(), taken);
            }
            Step::ChangeOwner { model } => self.sell(*model)?,
            Step::ChangeSplit {
                model,
                shares,
                keep,
                rotate,
            } => self.change_split(*model, shares, keep, *rotate)?,
        }
        Ok(())
    }

    /// A sale of the model as the registry records it; a keeper then settles
    /// the vault's owner period and pays the seller what its share earned.
    fn sell(&mut self, model: usize) -> Result<(), TestCaseError> {
        let seller = self.members[model].owner.insecure_clone();
        let buyer = self.signer();
        let fixture = self.members[model].fixture.clone();
        record_sale(&mut self.chain, &fixture, &buyer.pubkey());
        let keeper = self.depositor.insecure_clone();
        let destination = self.payee(&seller.pubkey());
        let settle = settle_owner_period_ix(
            &keeper.pubkey(),
            &fixture.mint,
            &self.payment_mint,
            &seller.pubkey(),
        );
        let pay = pay_previous_owner_ix(&PreviousOwnerPayment {
            sender: keeper.pubkey(),
            model_mint: fixture.mint,
            payment_mint: self.payment_mint,
            token_program: self.token_program,
            previous_owner: seller.pubkey(),
            rent_payer: keeper.pubkey(),
            destination,
        });
        self.chain
            .send(&[settle, pay], &[&keeper])
            .map_err(|e| TestCaseError::fail(format!("sale settlement: {:?}", e.err)))?;
        let earned = self.reference[model].take(OWNER_SLOT);
        self.expect_received(seller.pubkey(), earned);
        self.members[model].owner = buyer;
        Ok(())
    }

    /// Rewrites the model's contributors (as the registry would, bumping its
    /// split version), then settles the vault into the new split. Slot `i`
    /// keeps the contributor that held slot `i + rotate` (a reorder) when
    /// `keep[i]`, else gets a new one; the rest are removed.
    fn change_split(
        &mut self,
        model: usize,
        shares: &[u16],
        keep: &[bool],
        rotate: usize,
    ) -> Result<(), TestCaseError> {
        let old: Vec<Keypair> = self.members[model]
            .contributors
            .iter()
            .map(Keypair::insecure_clone)
            .collect();
        let new: Vec<Keypair> = (0..shares.len())
            .map(|slot| {
                if slot < old.len() && keep[slot] {
                    old[(slot + rotate) % old.len()].insecure_clone()
                } else {
                    self.signer()
                }
            })
            .collect();
        self.reference[model].close_epoch();
        let mut payouts = Vec::new();
        for (slot, old_contributor) in old.iter().enumerate() {
            let replaced = new
                .get(slot)
                .is_none_or(|next| next.pubkey() != old_contributor.pubkey());
            if replaced {
                let recipient = &mut self.reference[model].slots[slot + 1];
                let due = recipient.earned_in_closed_epochs - recipient.taken;
                *recipient = ReferenceSlot::default();
                self.reference[model].balance -= due;
                if due > 0 {
                    payouts.push(self.payee(&old_contributor.pubkey()));
                    self.expect_received(old_contributor.pubkey(), due);
                }
            }
        }
        let member = &mut self.members[model];
        member.fixture.contributors = new
            .iter()
            .map(Keypair::pubkey)
            .zip(shares.iter().copied())
            .collect();
        member.fixture.split_version += 1;
        member.contributors = new;
        let fixture = member.fixture.clone();
        // The new shares, each slot keeping its history if its wallet stays.
        let new_slots = reference_slots(&fixture);
        for (slot, next) in self.reference[model].slots.iter_mut().zip(new_slots) {
            slot.wallet = next.wallet;
            slot.share_bps = next.share_bps;
        }
        write_model(&mut self.chain, &fixture);
        let ix = sync_split_ix(
            &fixture.mint,
            &self.payment_mint,
            &self.token_program,
            &payouts,
        );
        let payer = self.depositor.insecure_clone();
        self.chain
            .send(&[ix], &[&payer])
            .map_err(|e| TestCaseError::fail(format!("sync_split: {:?}", e.err)))?;
        Ok(())
    }

    /// Conservation per vault and overall, and the dust bound.
    fn check_invariants(&self) -> Result<(), TestCaseError> {
        let mut held = 0u128;
        for model in 0..self.members.len() {
            let vault = self.vault(model);
            let tokens = balance(&self.chain, &vault_tokens_pda(&self.vault_address(model)));
            check(tokens == vault.total_income - vault.total_paid_out, || {
                format!(
                    "vault {model}: {tokens} tokens, income {} paid out {}",
                    vault.total_income, vault.total_paid_out
                )
            })?;
            let recipients = vault.recipients.iter().filter(|r| r.share_bps > 0).count() as u64;
            check(vault.unassigned() <= recipients, || {
                format!("vault {model}: dust {} > {recipients}", vault.unassigned())
            })?;
            held += tokens as u128;
        }
        let paid: u128 = self
            .payees
            .iter()
            .map(|payee| balance(&self.chain, payee) as u128)
            .sum();
        check(held + paid == self.deposited, || {
            format!("held {held} + paid {paid} != deposited {}", self.deposited)
        })?;
        self.check_against_reference()
    }

    /// Every vault holds, and every party received, what the reference says.
    fn check_against_reference(&self) -> Result<(), TestCaseError> {
        for (model, expected) in self.reference.iter().enumerate() {
            let tokens = balance(&self.chain, &vault_tokens_pda(&self.vault_address(model)));
            check(tokens as u128 == expected.balance, || {
                format!(
                    "vault {model} holds {tokens}, the rules say {}",
                    expected.balance
                )
            })?;
        }
        for (wallet, expected) in &self.received {
            let account = tokens::token_address(wallet, &self.payment_mint, &self.token_program);
            let actual = balance(&self.chain, &account) as u128;
            check(actual == *expected, || {
                format!("{wallet} received {actual}, the rules say {expected}")
            })?;
        }
        Ok(())
    }

    /// Releases every vault up its lineage (children before parents) and
    /// claims every share, then checks that only dust is left.
    fn drain(&mut self) -> Result<(), TestCaseError> {
        for model in (0..self.members.len()).rev() {
            self.apply(&Step::Release { model })?;
        }
        for model in 0..self.members.len() {
            for slot in 0..self.members[model].contributors.len() {
                self.apply(&Step::ClaimContributor { model, slot })?;
            }
            self.apply(&Step::ClaimOwner { model })?;
        }
        self.check_invariants()?;
        for model in 0..self.members.len() {
            let vault = self.vault(model);
            check(
                (0..vault.recipients.len()).all(|slot| vault.owed(slot).unwrap() == 0),
                || format!("vault {model} still owes"),
            )?;
        }
        Ok(())
    }
}

fn run_case(case: Case) -> Result<(), TestCaseError> {
    let mut world = World::new(&case);
    world.check_invariants()?;
    for step in &case.steps {
        world.apply(step)?;
        world.check_invariants()?;
    }
    world.drain()
}

fn main() {
    let mut out = hex_native_runtime::redirect_program_stdout();
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let started = std::time::Instant::now();
    match runner.run(&case(), run_case) {
        Ok(()) => {
            writeln!(out, "test result: ok. 1 passed; 0 failed; conservation property held over {cases} cases ({:.1}s)", started.elapsed().as_secs_f64()).unwrap();
        }
        Err(error) => {
            writeln!(
                out,
                "test result: FAILED. 0 passed; 1 failed; conservation property: {error}"
            )
            .unwrap();
            std::process::exit(1);
        }
    }
}
