//! Property test of the license market together with the registry and the
//! escrow: random sequences of every market instruction (and the escrow's
//! deposits, releases and claims, the clock and the platform pause) on one
//! platform with a model, its fork, several wallets and a listing of each
//! pricing kind. Steps are signed by random parties and often carry a
//! deliberately wrong account (another wallet's token account, another
//! listing or license, the wrong mint, a stranger as signer). Failing
//! transactions are expected; after every step:
//!
//! - no token of either mint is created or lost, and no token leaves a
//!   wallet that did not sign;
//! - vaults, the market's escrow, listings, licenses, license NFTs and the
//!   model's counters agree with each other;
//! - a failed transaction changed nothing.
//!
//! Runs as its own harness so that it can print its counts;
//! `PROPTEST_CASES` sets the number of cases (200 by default, about 15 s in
//! a debug build). For a long run:
//! `PROPTEST_CASES=5000 cargo test -p license_market --test fuzz --release`.
//! `FUZZ_TRACE=1` prints every transaction and how it ended,
//! `FUZZ_TRACE=logs` the logs of the failed ones too.

use {
    anchor_lang::solana_program::instruction::Instruction,
    anchor_lang::{AccountDeserialize, Discriminator},
    anchor_spl::token_2022::spl_token_2022::state::AccountState,
    hex_test_support::{
        escrow::{
            claim_contributor_ix, claim_owner_ix, create_vault_ix, deposit_ix,
            release_to_parent_ix, sync_split_ix, vault_pda, vault_tokens_pda,
        },
        market::*,
        registry::{
            config_pda, default_model_args, model_pda, ownership_token_address,
            set_contributors_ix, set_paused_ix,
        },
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{self, balance, SPL_TOKEN, TOKEN_2022},
        *,
    },
    license_market::{
        instructions::{CreateListingArgs, UpdateListingArgs},
        state::{CreatorSales, License, LicenseStatus, Listing, Pricing, PricingKind, Review},
    },
    model_registry::{
        instructions::RegisterModelArgs,
        state::{Contributor, Model},
    },
    proptest::{
        prelude::*,
        test_runner::{Config, TestCaseError, TestRunner},
    },
    royalty_escrow::state::Vault,
    std::{
        collections::{BTreeMap, BTreeSet},
        io::Write,
        sync::{
            atomic::{AtomicU64, Ordering::Relaxed},
            Mutex,
        },
    },
};

const DAY: i64 = 24 * 60 * 60;
/// Payment tokens (of each mint) of every wallet and of the stranger.
const FUNDS: u64 = 1_000_000_000;

// Indexes into `World::people`.
const WALLETS: usize = 4;
const STRANGER: usize = 4;
const BASE_OWNER: usize = 5;
const FORK_OWNER: usize = 6;
const METER: usize = 7;
const ARBITER: usize = 8;
const BASE_CONTRIBUTOR: usize = 9;
const FORK_CONTRIBUTOR: usize = 10;
const NODE: usize = 11;
const PEOPLE: usize = 12;

static CASES: AtomicU64 = AtomicU64::new(0);
static STEPS: AtomicU64 = AtomicU64::new(0);
static SUCCEEDED: AtomicU64 = AtomicU64::new(0);
static FAILED: AtomicU64 = AtomicU64::new(0);
static TAMPERED: AtomicU64 = AtomicU64::new(0);
/// Tampered transactions that paid tokens into a vault's or the escrow's
/// token account beyond its books (e.g. a claim whose destination is one).
static STRANDED: AtomicU64 = AtomicU64::new(0);
/// Per action: transactions that succeeded and failed.
static OUTCOMES: Mutex<BTreeMap<String, (u64, u64)>> = Mutex::new(BTreeMap::new());

fn count_outcome(step: &Step, result: &TxResult) {
    let name = format!("{:?}", step.action);
    let name = name
        .split([' ', '{'])
        .next()
        .unwrap_or_default()
        .to_string();
    let mut outcomes = OUTCOMES.lock().unwrap();
    let entry = outcomes.entry(name).or_default();
    if result.is_ok() {
        entry.0 += 1;
    } else {
        entry.1 += 1;
    }
    if std::env::var_os("FUZZ_TRACE").is_some() {
        let error = result.as_ref().err().map(|failed| {
            let log = failed
                .meta
                .logs
                .iter()
                .rev()
                .find(|line| line.contains("Error") || line.contains("failed"))
                .cloned()
                .unwrap_or_default();
            format!("{:?} {log}", failed.err)
        });
        eprintln!("{step:?} -> {error:?}");
        if std::env::var_os("FUZZ_TRACE") == Some("logs".into()) {
            if let Err(failed) = result {
                eprintln!("{}", failed.meta.logs.join("\n"));
            }
        }
    }
}

/// Who signs a step: the party the instruction is meant for, or anyone.
#[derive(Clone, Copy, Debug)]
enum Who {
    Right,
    Person(u8),
}

/// Replaces one account of the instruction by another known account of the
/// same sort (a signer by another keypair we hold).
#[derive(Clone, Copy, Debug)]
struct Tamper {
    account: u8,
    pick: u16,
}

#[derive(Clone, Copy, Debug)]
enum Sequence {
    /// The license's last sequence number plus 1 to 3.
    Next(u64),
    /// The last sequence number again: a replay.
    Replay,
    Max,
}

#[derive(Clone, Debug)]
enum Action {
    CreateListing {
        slot: u8,
        kind: u8,
        price: u64,
        period_secs: i64,
        usage_cap: u64,
        refund_window_secs: i64,
        transferable: bool,
        share_bps: u16,
        supply_cap: u64,
        stranger_meter: bool,
    },
    UpdateListing {
        slot: u8,
        price: Option<u64>,
        supply_cap: Option<u64>,
        refund_window_secs: Option<i64>,
        active: Option<bool>,
    },
    CloseListing {
        slot: u8,
    },
    Buy {
        slot: u8,
        buyer: u8,
        price_delta: i8,
    },
    Renew {
        license: u8,
        price_delta: i8,
    },
    DepositCredits {
        license: u8,
        amount: u64,
    },
    RecordUsage {
        license: u8,
        units: u64,
        sequence: Sequence,
        node: bool,
    },
    WithdrawCredits {
        license: u8,
        amount: Option<u64>,
    },
    ReportRevenue {
        license: u8,
        revenue: u64,
    },
    Refund {
        license: u8,
    },
    Settle {
        license: u8,
    },
    OpenDispute {
        license: u8,
    },
    ResolveDispute {
        license: u8,
        refund_buyer: bool,
    },
    ListForResale {
        license: u8,
        price: u64,
    },
    BuyResold {
        license: u8,
        buyer: u8,
        price_delta: i8,
    },
    Review {
        license: u8,
        rating: u8,
    },
    EscrowDeposit {
        fork: bool,
        depositor: u8,
        amount: u64,
    },
    ReleaseToParent,
    ClaimContributor {
        fork: bool,
        elsewhere: Option<u8>,
    },
    ClaimOwner {
        fork: bool,
    },
    AdvanceClock {
        secs: i64,
    },
    SetPaused {
        paused: bool,
    },
}

#[derive(Clone, Debug)]
struct Step {
    action: Action,
    who: Who,
    tamper: Option<Tamper>,
}

#[derive(Clone, Debug)]
struct Case {
    token_2022: bool,
    steps: Vec<Step>,
}

// ---------------------------------------------------------------- strategies

fn price_delta() -> impl Strategy<Value = i8> {
    prop_oneof![14 => Just(0i8), 1 => Just(1i8), 1 => Just(-1i8)]
}

fn action() -> impl Strategy<Value = Action> {
    let slot = 0..SLOTS as u8;
    let license = any::<u8>();
    prop_oneof![
        2 => (
            prop_oneof![1 => slot.clone(), 3 => 5..SLOTS as u8],
            0..4u8,
            prop_oneof![1 => Just(0u64), 9 => 1..=2_000_000u64],
            prop_oneof![1 => Just(0i64), 4 => 1..=40 * DAY],
            prop_oneof![1 => Just(0u64), 1 => 1..=20u64],
            prop_oneof![3 => Just(0i64), 2 => Just(DAY), 1 => Just(8 * DAY)],
            any::<bool>(),
            prop_oneof![1 => Just(0u16), 6 => 1..=10_000u16],
            prop_oneof![Just(0u64), 1..=3u64],
            prop::bool::weighted(0.2),
        )
            .prop_map(
                |(
                    slot,
                    kind,
                    price,
                    period_secs,
                    usage_cap,
                    refund_window_secs,
                    transferable,
                    share_bps,
                    supply_cap,
                    stranger_meter,
                )| Action::CreateListing {
                    slot,
                    kind,
                    price,
                    period_secs,
                    usage_cap,
                    refund_window_secs,
                    transferable,
                    share_bps,
                    supply_cap,
                    stranger_meter,
                }
            ),
        2 => (
            slot.clone(),
            prop::option::weighted(0.5, prop_oneof![1 => Just(0u64), 9 => 1..=2_000_000u64]),
            prop::option::weighted(0.3, 0..=4u64),
            prop::option::weighted(0.3, prop_oneof![Just(0i64), Just(DAY), Just(8 * DAY)]),
            prop::option::weighted(0.4, any::<bool>()),
        )
            .prop_map(|(slot, price, supply_cap, refund_window_secs, active)| {
                Action::UpdateListing {
                    slot,
                    price,
                    supply_cap,
                    refund_window_secs,
                    active,
                }
            }),
        1 => slot.clone().prop_map(|slot| Action::CloseListing { slot }),
        10 => (slot, any::<u8>(), price_delta())
            .prop_map(|(slot, buyer, price_delta)| Action::Buy { slot, buyer, price_delta }),
        3 => (license.clone(), price_delta())
            .prop_map(|(license, price_delta)| Action::Renew { license, price_delta }),
        4 => (license.clone(), prop_oneof![1 => Just(0u64), 9 => 1..=50_000u64])
            .prop_map(|(license, amount)| Action::DepositCredits { license, amount }),
        5 => (
            license.clone(),
            prop_oneof![1 => Just(0u64), 12 => 1..=6u64, 2 => 7..=60u64, 1 => Just(u64::MAX)],
            prop_oneof![
                12 => (1..=3u64).prop_map(Sequence::Next),
                2 => Just(Sequence::Replay),
                1 => Just(Sequence::Max),
            ],
            prop::bool::weighted(0.8),
        )
            .prop_map(|(license, units, sequence, node)| Action::RecordUsage {
                license,
                units,
                sequence,
                node,
            }),
        2 => (license.clone(), prop::option::weighted(0.5, 0..=60_000u64))
            .prop_map(|(license, amount)| Action::WithdrawCredits { license, amount }),
        3 => (license.clone(), prop_oneof![1 => Just(0u64), 9 => 1..=100_000_000u64])
            .prop_map(|(license, revenue)| Action::ReportRevenue { license, revenue }),
        3 => license.clone().prop_map(|license| Action::Refund { license }),
        3 => license.clone().prop_map(|license| Action::Settle { license }),
        2 => license.clone().prop_map(|license| Action::OpenDispute { license }),
        2 => (license.clone(), any::<bool>())
            .prop_map(|(license, refund_buyer)| Action::ResolveDispute { license, refund_buyer }),
        4 => (license.clone(), prop_oneof![1 => Just(0u64), 4 => 1..=3_000_000u64])
            .prop_map(|(license, price)| Action::ListForResale { license, price }),
        4 => (license.clone(), any::<u8>(), price_delta()).prop_map(
            |(license, buyer, price_delta)| Action::BuyResold { license, buyer, price_delta }
        ),
        2 => (license, 0..=6u8).prop_map(|(license, rating)| Action::Review { license, rating }),
        2 => (any::<bool>(), any::<u8>(), prop_oneof![1 => Just(0u64), 9 => 1..=1_000_000u64]).prop_map(
            |(fork, depositor, amount)| Action::EscrowDeposit { fork, depositor, amount }
        ),
        2 => Just(Action::ReleaseToParent),
        2 => (any::<bool>(), prop::option::weighted(0.25, any::<u8>()))
            .prop_map(|(fork, elsewhere)| Action::ClaimContributor { fork, elsewhere }),
        2 => any::<bool>().prop_map(|fork| Action::ClaimOwner { fork }),
        4 => prop_oneof![
            Just(60i64),
            Just(DAY + 1),
            Just(3 * DAY + 1),
            Just(8 * DAY),
            Just(31 * DAY),
        ]
        .prop_map(|secs| Action::AdvanceClock { secs }),
        1 => prop::bool::weighted(0.3).prop_map(|paused| Action::SetPaused { paused }),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    (
        action(),
        prop_oneof![5 => Just(Who::Right), 1 => any::<u8>().prop_map(Who::Person)],
        prop::option::weighted(
            1.0 / 3.0,
            (any::<u8>(), any::<u16>()).prop_map(|(account, pick)| Tamper { account, pick }),
        ),
    )
        .prop_map(|(action, who, tamper)| Step {
            action,
            who,
            tamper,
        })
}

fn case() -> impl Strategy<Value = Case> {
    (any::<bool>(), prop::collection::vec(step(), 5..=25))
        .prop_map(|(token_2022, steps)| Case { token_2022, steps })
}

// --------------------------------------------------------------------- world

/// Listing slots: (on the fork?, listing id). The first five are opened at
/// setup; the others only by a CreateListing step.
const SLOT_IDS: [(bool, u64); 7] = [
    (true, 1),
    (true, 2),
    (true, 3),
    (true, 4),
    (false, 1),
    (true, 5),
    (false, 2),
];
const SLOTS: usize = SLOT_IDS.len();

/// A license ever bought, as far as the checks need to remember it.
struct Bought {
    mint: Pubkey,
    listing: Pubkey,
    model_mint: Pubkey,
    holder: Pubkey,
    last_sequence: u64,
    gone: bool,
}

struct World {
    market: MarketFixture,
    base: MarketKeys,
    fork: MarketKeys,
    /// The payment mint and a second mint of the same token program.
    mints: [Pubkey; 2],
    people: Vec<Keypair>,
    licenses: Vec<Bought>,
    /// Every token account of each mint that tokens can reach.
    token_accounts: [Vec<Pubkey>; 2],
    supply: [u64; 2],
    treasury_seen: [u64; 2],
    creator_sales_seen: BTreeMap<Pubkey, u64>,
    /// Tokens a vault's or the escrow's token account holds beyond its books:
    /// only a tampered transaction (a claim paid into such an account) may
    /// add to it, and nothing may take from it.
    surplus: BTreeMap<Pubkey, u64>,
}

type Snapshot = BTreeMap<Pubkey, Option<(Pubkey, u64, Vec<u8>)>>;

fn check(condition: bool, message: impl FnOnce() -> String) -> Result<(), TestCaseError> {
    if condition {
        Ok(())
    } else {
        Err(TestCaseError::fail(message()))
    }
}

fn read<T: AccountDeserialize + Discriminator>(chain: &TestChain, address: &Pubkey) -> Option<T> {
    let account = chain.svm.get_account(address)?;
    if account.lamports == 0 {
        return None;
    }
    T::try_deserialize(&mut account.data.as_slice()).ok()
}

impl World {
    fn new(token_2022: bool) -> Self {
        let token_program = if token_2022 { TOKEN_2022 } else { SPL_TOKEN };
        let mut market = MarketFixture::new(token_program);
        let base = market.keys;
        let authority = market.mint_authority.as_ref().unwrap().insecure_clone();
        let decoy = tokens::create_mint(market.chain(), &authority, token_program, 6);
        let mut people: Vec<Keypair> = (0..PEOPLE)
            .map(|_| market.chain().funded_keypair(100 * SOL))
            .collect();
        people[BASE_OWNER] = market.creator.insecure_clone();
        people[ARBITER] = market.platform.authority.insecure_clone();

        let fork_owner = people[FORK_OWNER].insecure_clone();
        let (fork_mint, result) = market.platform.fork_model(
            &fork_owner,
            &base.model_mint,
            RegisterModelArgs {
                name: "Med Tuned Fork".to_string(),
                ..default_model_args()
            },
        );
        result.expect("fork_model");
        let fork = MarketKeys {
            model_mint: fork_mint.pubkey(),
            creator: fork_owner.pubkey(),
            ..base
        };
        let mints = [base.payment_mint, decoy];
        let mut world = World {
            market,
            base,
            fork,
            mints,
            people,
            licenses: Vec::new(),
            token_accounts: [Vec::new(), Vec::new()],
            supply: [0; 2],
            treasury_seen: [0; 2],
            creator_sales_seen: BTreeMap::new(),
            surplus: BTreeMap::new(),
        };
        world.set_up(token_program);
        world
    }

    fn set_up(&mut self, token_program: Pubkey) {
        // Contributors on both models, then vaults in both mints.
        for (keys, owner, contributor, share_bps) in [
            (self.base, BASE_OWNER, BASE_CONTRIBUTOR, 2_000),
            (self.fork, FORK_OWNER, FORK_CONTRIBUTOR, 1_500),
        ] {
            let owner = self.people[owner].insecure_clone();
            let ix = set_contributors_ix(
                &owner.pubkey(),
                &keys.model_mint,
                vec![Contributor {
                    wallet: self.people[contributor].pubkey(),
                    share_bps,
                }],
                &[],
            );
            self.market.send(&[ix], &owner).expect("set_contributors");
        }
        let payer = self.people[STRANGER].insecure_clone();
        let ix = sync_split_ix(&self.base.model_mint, &self.mints[0], &token_program, &[]);
        self.market.send(&[ix], &payer).expect("sync_split");
        for (model, mint) in [
            (self.fork.model_mint, self.mints[0]),
            (self.base.model_mint, self.mints[1]),
            (self.fork.model_mint, self.mints[1]),
        ] {
            let ix = create_vault_ix(&payer.pubkey(), &model, &mint, &token_program);
            self.market.send(&[ix], &payer).expect("create_vault");
        }

        // Token accounts of everyone in both mints; wallets and the stranger funded.
        let authority = self
            .market
            .mint_authority
            .as_ref()
            .unwrap()
            .insecure_clone();
        let mut owners: Vec<Pubkey> = self.people.iter().map(Keypair::pubkey).collect();
        owners.push(self.base.treasury);
        for (index, mint) in self.mints.into_iter().enumerate() {
            for (person, owner) in owners.iter().enumerate() {
                let address = if person <= STRANGER {
                    tokens::mint_to(
                        self.market.chain(),
                        &authority,
                        &mint,
                        &token_program,
                        owner,
                        FUNDS,
                    )
                } else {
                    tokens::token_account(self.market.chain(), owner, &mint, &token_program)
                };
                self.token_accounts[index].push(address);
            }
            for model in [self.base.model_mint, self.fork.model_mint] {
                self.token_accounts[index].push(vault_tokens_pda(&vault_pda(&model, &mint)));
            }
            self.token_accounts[index].push(escrow_tokens_pda(&mint));
            self.supply[index] = mint_state(&self.market.platform.chain, &mint).supply;
        }

        // One listing of each kind on the fork, and a one-time listing of the base.
        let meter = self.people[METER].pubkey();
        let listings = [
            CreateListingArgs {
                supply_cap: 3,
                refund_window_secs: 3 * DAY,
                ..listing_args(1, one_time(1_000_003), meter)
            },
            CreateListingArgs {
                refund_window_secs: DAY,
                resale_royalty_bps: 500,
                ..listing_args(2, subscription(500_001, 30 * DAY, 10), meter)
            },
            CreateListingArgs {
                transferable: false,
                compute_node: self.person(NODE),
                ..listing_args(3, pay_per_use(1_007, 50, 7 * DAY, 1_000), meter)
            },
            listing_args(4, revenue_share(300_000, 30 * DAY, 500), meter),
            listing_args(1, one_time(2_000_000), meter),
        ];
        for (slot, args) in listings.into_iter().enumerate() {
            let (keys, owner) = self.slot(slot);
            let owner = self.people[owner].insecure_clone();
            let ix = create_listing_ix(
                &owner.pubkey(),
                &ownership_token_address(&owner.pubkey(), &keys.model_mint),
                &keys,
                args,
            );
            self.market.send(&[ix], &owner).expect("create_listing");
        }
        // A license of each listing, and credits on the pay-per-use one.
        for slot in 0..5 {
            let (keys, _) = self.slot(slot);
            let listing = self.slot_address(slot);
            let buyer = self.people[slot % WALLETS].insecure_clone();
            let license_mint = Keypair::new();
            let price = self.listing_price(&listing);
            let ix = buy_license_ix(
                &buyer.pubkey(),
                &keys,
                &listing,
                &license_mint.pubkey(),
                price,
            );
            self.market
                .chain()
                .send(&[ix], &[&buyer, &license_mint])
                .expect("buy_license");
            self.licenses.push(Bought {
                mint: license_mint.pubkey(),
                listing,
                model_mint: keys.model_mint,
                holder: buyer.pubkey(),
                last_sequence: 0,
                gone: false,
            });
        }
        let holder = self.people[2].insecure_clone();
        let ix = deposit_credits_ix(
            &holder.pubkey(),
            &self.fork,
            &self.slot_address(2),
            &self.licenses[2].mint,
            20_000,
        );
        self.market.send(&[ix], &holder).expect("deposit_credits");
        // The subscription's one-day refund window passes: it settles.
        self.market.advance_time(DAY);
        let ix = settle_purchase_ix(&self.fork, &self.slot_address(1), &self.licenses[1].mint);
        self.market.send(&[ix], &holder).expect("settle_purchase");
        for index in 0..2 {
            self.treasury_seen[index] = balance(&self.market.platform.chain, &self.treasury(index));
        }
    }

    fn chain(&self) -> &TestChain {
        &self.market.platform.chain
    }

    fn treasury(&self, mint: usize) -> Pubkey {
        tokens::token_address(
            &self.base.treasury,
            &self.mints[mint],
            &self.base.payment_token_program,
        )
    }

    /// The model keys and the owner (index into `people`) of a slot.
    fn slot(&self, slot: usize) -> (MarketKeys, usize) {
        if SLOT_IDS[slot].0 {
            (self.fork, FORK_OWNER)
        } else {
            (self.base, BASE_OWNER)
        }
    }

    fn slot_address(&self, slot: usize) -> Pubkey {
        self.slot(slot).0.listing(SLOT_IDS[slot].1)
    }

    fn keys_of_model(&self, model_mint: &Pubkey) -> MarketKeys {
        if *model_mint == self.base.model_mint {
            self.base
        } else {
            self.fork
        }
    }

    fn person(&self, index: usize) -> Pubkey {
        self.people[index].pubkey()
    }

    /// The signer of a step: `right` unless the step names someone else.
    fn signer(&self, who: Who, right: Pubkey) -> Pubkey {
        match who {
            Who::Right => right,
            Who::Person(index) => self.person(index as usize % PEOPLE),
        }
    }

    fn vaults(&self) -> Vec<(Pubkey, usize)> {
        let mut vaults = Vec::new();
        for (index, mint) in self.mints.iter().enumerate() {
            for model in [self.base.model_mint, self.fork.model_mint] {
                vaults.push((vault_pda(&model, mint), index));
            }
        }
        vaults
    }

    /// The license NFT token accounts that may exist: every person's.
    fn license_token_accounts(&self) -> Vec<Pubkey> {
        self.licenses
            .iter()
            .flat_map(|bought| {
                self.people
                    .iter()
                    .map(move |person| license_token_address(&person.pubkey(), &bought.mint))
            })
            .collect()
    }

    /// Accounts of each sort, for the tamperer: a replaced account is
    /// replaced by another of its sort.
    fn pools(&self) -> Vec<Vec<Pubkey>> {
        let mut token_accounts: Vec<Pubkey> =
            self.token_accounts.iter().flatten().copied().collect();
        token_accounts.extend(
            self.licenses
                .iter()
                .filter(|bought| !bought.gone)
                .map(|bought| license_token_address(&bought.holder, &bought.mint)),
        );
        token_accounts.push(ownership_token_address(
            &self.person(BASE_OWNER),
            &self.base.model_mint,
        ));
        token_accounts.push(ownership_token_address(
            &self.person(FORK_OWNER),
            &self.fork.model_mint,
        ));
        let mut mints = self.mints.to_vec();
        mints.extend([self.base.model_mint, self.fork.model_mint]);
        mints.extend(self.licenses.iter().map(|bought| bought.mint));
        let creator_sales = self
            .mints
            .iter()
            .flat_map(|mint| {
                [self.base.creator, self.fork.creator]
                    .map(|creator| creator_sales_pda(&creator, mint))
            })
            .collect();
        vec![
            token_accounts,
            (0..SLOTS).map(|slot| self.slot_address(slot)).collect(),
            self.licenses
                .iter()
                .map(|bought| license_pda(&bought.mint))
                .collect(),
            mints,
            self.vaults().into_iter().map(|(vault, _)| vault).collect(),
            vec![
                model_pda(&self.base.model_mint),
                model_pda(&self.fork.model_mint),
            ],
            creator_sales,
        ]
    }

    /// Every account whose state the checks cover.
    fn tracked(&self) -> Vec<Pubkey> {
        let mut tracked: Vec<Pubkey> = self.pools().into_iter().flatten().collect();
        tracked.extend(self.license_token_accounts());
        tracked.extend(
            self.licenses
                .iter()
                .map(|bought| review_pda(&license_pda(&bought.mint))),
        );
        tracked.push(config_pda());
        tracked
    }

    fn snapshot(&self) -> Snapshot {
        self.tracked()
            .into_iter()
            .map(|address| {
                let state = self
                    .chain()
                    .svm
                    .get_account(&address)
                    .filter(|account| account.lamports > 0)
                    .map(|account| (account.owner, account.lamports, account.data));
                (address, state)
            })
            .collect()
    }

    /// A license for a step: usually one the step suits (`suits`), one in
    /// five times any license ever bought (refunded ones included).
    fn pick_license(&self, index: u8, suits: impl Fn(&License) -> bool) -> Option<usize> {
        if self.licenses.is_empty() {
            return None;
        }
        let suited: Vec<usize> = (0..self.licenses.len())
            .filter(|i| self.license(*i).is_some_and(|license| suits(&license)))
            .collect();
        if index % 5 == 0 || suited.is_empty() {
            Some(index as usize / 5 % self.licenses.len())
        } else {
            Some(suited[index as usize % suited.len()])
        }
    }

    fn listing_price(&self, listing: &Pubkey) -> u64 {
        read::<Listing>(self.chain(), listing).map_or(1, |listing| listing.pricing.price)
    }

    fn license(&self, index: usize) -> Option<License> {
        read(self.chain(), &license_pda(&self.licenses[index].mint))
    }

    // ------------------------------------------------------------- actions

    /// The instructions of a step, who pays, extra keypairs that sign, and
    /// whether the step must fail (a wrong price, a replayed sequence
    /// number, an invalid rating). None: nothing to send.
    #[allow(clippy::type_complexity)]
    fn build(
        &mut self,
        action: &Action,
        who: Who,
    ) -> Option<(Vec<Instruction>, Pubkey, Vec<Keypair>, bool)> {
        let mut extra = Vec::new();
        let mut must_fail = false;
        let (ix, payer) = match *action {
            Action::CreateListing {
                slot,
                kind,
                price,
                period_secs,
                usage_cap,
                refund_window_secs,
                transferable,
                share_bps,
                supply_cap,
                stranger_meter,
            } => {
                let slot = slot as usize;
                let (keys, owner) = self.slot(slot);
                let owner = self.signer(who, self.person(owner));
                let kind = [
                    PricingKind::OneTime,
                    PricingKind::Subscription,
                    PricingKind::PayPerUse,
                    PricingKind::RevenueShare,
                ][kind as usize];
                let pricing = Pricing {
                    kind,
                    price,
                    period_secs,
                    usage_cap,
                    revenue_share_bps: if kind == PricingKind::RevenueShare {
                        share_bps
                    } else {
                        0
                    },
                    compute_share_bps: if kind == PricingKind::PayPerUse {
                        share_bps / 2
                    } else {
                        0
                    },
                };
                let meter = self.person(if stranger_meter { STRANGER } else { METER });
                let compute_node = if pricing.compute_share_bps > 0 {
                    self.person(NODE)
                } else {
                    Pubkey::default()
                };
                let args = CreateListingArgs {
                    supply_cap,
                    refund_window_secs,
                    transferable,
                    resale_royalty_bps: share_bps / 2,
                    compute_node,
                    ..listing_args(SLOT_IDS[slot].1, pricing, meter)
                };
                let ix = create_listing_ix(
                    &owner,
                    &ownership_token_address(&owner, &keys.model_mint),
                    &keys,
                    args,
                );
                (ix, owner)
            }
            Action::UpdateListing {
                slot,
                price,
                supply_cap,
                refund_window_secs,
                active,
            } => {
                let slot = slot as usize;
                let (keys, owner) = self.slot(slot);
                let owner = self.signer(who, self.person(owner));
                let args = UpdateListingArgs {
                    price,
                    supply_cap,
                    refund_window_secs,
                    active,
                    ..UpdateListingArgs::default()
                };
                let ix = update_listing_ix(
                    &owner,
                    &ownership_token_address(&owner, &keys.model_mint),
                    &keys.model_mint,
                    &self.slot_address(slot),
                    args,
                );
                (ix, owner)
            }
            Action::CloseListing { slot } => {
                let slot = slot as usize;
                let (keys, owner) = self.slot(slot);
                let owner = self.signer(who, self.person(owner));
                let ix = close_listing_ix(
                    &owner,
                    &ownership_token_address(&owner, &keys.model_mint),
                    &keys.model_mint,
                    &self.slot_address(slot),
                );
                (ix, owner)
            }
            Action::Buy {
                slot,
                buyer,
                price_delta,
            } => {
                let slot = slot as usize;
                let (keys, _) = self.slot(slot);
                let listing = self.slot_address(slot);
                let buyer = self.signer(who, self.person(buyer as usize % WALLETS));
                let price = self
                    .listing_price(&listing)
                    .wrapping_add_signed(price_delta as i64);
                must_fail = price_delta != 0;
                let license_mint = Keypair::new();
                let ix = buy_license_ix(&buyer, &keys, &listing, &license_mint.pubkey(), price);
                extra.push(license_mint);
                (ix, buyer)
            }
            Action::Renew {
                license,
                price_delta,
            } => {
                let index = self.pick_license(license, |l| {
                    l.kind == PricingKind::Subscription && l.pending_payment == 0
                })?;
                let bought = &self.licenses[index];
                let keys = self.keys_of_model(&bought.model_mint);
                let holder = self.signer(who, bought.holder);
                let price = self
                    .listing_price(&bought.listing)
                    .wrapping_add_signed(price_delta as i64);
                must_fail = price_delta != 0;
                let ix = renew_license_ix(&holder, &keys, &bought.listing, &bought.mint, price);
                (ix, holder)
            }
            Action::DepositCredits { license, amount } => {
                let index = self.pick_license(license, |l| l.kind == PricingKind::PayPerUse)?;
                let bought = &self.licenses[index];
                let keys = self.keys_of_model(&bought.model_mint);
                let holder = self.signer(who, bought.holder);
                let ix = deposit_credits_ix(&holder, &keys, &bought.listing, &bought.mint, amount);
                (ix, holder)
            }
            Action::RecordUsage {
                license,
                units,
                sequence,
                node,
            } => {
                let index = self.pick_license(license, |l| {
                    l.kind == PricingKind::PayPerUse || l.kind == PricingKind::Subscription
                })?;
                let last = self.license(index).map_or(0, |l| l.last_usage_sequence);
                let bought = &self.licenses[index];
                let keys = self.keys_of_model(&bought.model_mint);
                let meter = self.signer(who, self.person(METER));
                let sequence = match sequence {
                    Sequence::Next(step) => last.saturating_add(step),
                    Sequence::Replay => {
                        must_fail = true;
                        last
                    }
                    Sequence::Max => u64::MAX,
                };
                let node_payment = node.then(|| keys.payment_account(&self.person(NODE)));
                let ix = record_usage_ix(
                    &meter,
                    &keys,
                    &bought.listing,
                    &bought.mint,
                    node_payment,
                    units,
                    sequence,
                );
                (ix, meter)
            }
            Action::WithdrawCredits { license, amount } => {
                let index = self.pick_license(license, |l| l.credits > 0)?;
                let credits = self.license(index).map_or(1, |l| l.credits);
                let bought = &self.licenses[index];
                let keys = self.keys_of_model(&bought.model_mint);
                let holder = self.signer(who, bought.holder);
                let amount = amount.unwrap_or(credits);
                let ix = withdraw_credits_ix(&holder, &keys, &bought.listing, &bought.mint, amount);
                (ix, holder)
            }
            Action::ReportRevenue { license, revenue } => {
                let index = self.pick_license(license, |l| l.kind == PricingKind::RevenueShare)?;
                let bought = &self.licenses[index];
                let keys = self.keys_of_model(&bought.model_mint);
                let holder = self.signer(who, bought.holder);
                let ix = report_revenue_ix(&holder, &keys, &bought.listing, &bought.mint, revenue);
                (ix, holder)
            }
            Action::Refund { license } => {
                let index = self.pick_license(license, |l| l.pending_payment > 0)?;
                let bought = &self.licenses[index];
                let keys = self.keys_of_model(&bought.model_mint);
                let holder = self.signer(who, bought.holder);
                let ix = refund_license_ix(&holder, &keys, &bought.listing, &bought.mint);
                (ix, holder)
            }
            Action::Settle { license } => {
                let now = self.market.now();
                let index = self.pick_license(license, |l| {
                    l.pending_payment > 0 && !l.disputed && now >= l.refundable_until
                })?;
                let bought = &self.licenses[index];
                let keys = self.keys_of_model(&bought.model_mint);
                let payer = self.signer(who, self.person(STRANGER));
                (
                    settle_purchase_ix(&keys, &bought.listing, &bought.mint),
                    payer,
                )
            }
            Action::OpenDispute { license } => {
                let index = self.pick_license(license, |l| l.pending_payment > 0 && !l.disputed)?;
                let bought = &self.licenses[index];
                let holder = self.signer(who, bought.holder);
                (open_dispute_ix(&holder, &bought.mint), holder)
            }
            Action::ResolveDispute {
                license,
                refund_buyer,
            } => {
                let index = self.pick_license(license, |l| l.disputed)?;
                let bought = &self.licenses[index];
                let keys = self.keys_of_model(&bought.model_mint);
                let arbiter = self.signer(who, self.person(ARBITER));
                let ix = resolve_dispute_ix(
                    &arbiter,
                    &keys,
                    &bought.listing,
                    &bought.mint,
                    &bought.holder,
                    refund_buyer,
                );
                (ix, arbiter)
            }
            Action::ListForResale { license, price } => {
                let index = self.pick_license(license, |l| l.transferable)?;
                let bought = &self.licenses[index];
                let holder = self.signer(who, bought.holder);
                (
                    list_license_for_resale_ix(&holder, &bought.mint, price),
                    holder,
                )
            }
            Action::BuyResold {
                license,
                buyer,
                price_delta,
            } => {
                let index = self.pick_license(license, |l| l.resale_price > 0 && l.credits == 0)?;
                let asked = self.license(index).map_or(1, |l| l.resale_price);
                let bought = &self.licenses[index];
                let keys = self.keys_of_model(&bought.model_mint);
                // Another wallet than the seller.
                let seller = (0..WALLETS).find(|w| self.person(*w) == bought.holder);
                let buyer = match seller {
                    Some(seller) => (seller + 1 + buyer as usize % (WALLETS - 1)) % WALLETS,
                    None => buyer as usize % WALLETS,
                };
                let buyer = self.signer(who, self.person(buyer));
                must_fail = price_delta != 0;
                let ix = buy_resold_license_ix(
                    &buyer,
                    &bought.holder,
                    &keys,
                    &bought.listing,
                    &bought.mint,
                    asked.wrapping_add_signed(price_delta as i64),
                );
                (ix, buyer)
            }
            Action::Review { license, rating } => {
                let index = self.pick_license(license, |l| l.pending_payment == 0)?;
                let bought = &self.licenses[index];
                let reviewer = self.signer(who, bought.holder);
                must_fail = !(1..=5).contains(&rating);
                let ix = review_model_ix(
                    &reviewer,
                    &bought.model_mint,
                    &bought.mint,
                    rating,
                    "https://reviews.hex.example/fuzz.json",
                );
                (ix, reviewer)
            }
            Action::EscrowDeposit {
                fork,
                depositor,
                amount,
            } => {
                let keys = if fork { self.fork } else { self.base };
                let depositor = self.signer(who, self.person(depositor as usize % WALLETS));
                let ix = deposit_ix(
                    &depositor,
                    &keys.payment_account(&depositor),
                    &keys.model_mint,
                    &keys.payment_mint,
                    &keys.payment_token_program,
                    amount,
                );
                (ix, depositor)
            }
            Action::ReleaseToParent => {
                let payer = self.signer(who, self.person(STRANGER));
                let ix = release_to_parent_ix(
                    &self.fork.model_mint,
                    &self.base.model_mint,
                    &self.fork.payment_mint,
                    &self.fork.payment_token_program,
                );
                (ix, payer)
            }
            Action::ClaimContributor { fork, elsewhere } => {
                let (keys, contributor) = if fork {
                    (self.fork, FORK_CONTRIBUTOR)
                } else {
                    (self.base, BASE_CONTRIBUTOR)
                };
                let contributor = self.signer(who, self.person(contributor));
                let destination = match elsewhere {
                    Some(person) => keys.payment_account(&self.person(person as usize % PEOPLE)),
                    None => keys.payment_account(&contributor),
                };
                let ix = claim_contributor_ix(
                    &contributor,
                    &keys.vault(),
                    1,
                    &destination,
                    &keys.payment_mint,
                    &keys.payment_token_program,
                );
                (ix, contributor)
            }
            Action::ClaimOwner { fork } => {
                let (keys, owner) = if fork {
                    (self.fork, FORK_OWNER)
                } else {
                    (self.base, BASE_OWNER)
                };
                let owner = self.signer(who, self.person(owner));
                let ix = claim_owner_ix(
                    &owner,
                    &ownership_token_address(&owner, &keys.model_mint),
                    &keys.model_mint,
                    &keys.payment_account(&owner),
                    &keys.payment_mint,
                    &keys.payment_token_program,
                );
                (ix, owner)
            }
            Action::AdvanceClock { secs } => {
                self.market.advance_time(secs);
                return None;
            }
            Action::SetPaused { paused } => {
                let authority = self.signer(who, self.person(ARBITER));
                (set_paused_ix(&authority, paused), authority)
            }
        };
        Some((vec![ix], payer, extra, must_fail))
    }

    /// Replaces one account (not a program) by another of its sort.
    fn tamper(&self, ix: &mut Instruction, tamper: Tamper) -> bool {
        let pools = self.pools();
        let signers: Vec<Pubkey> = self.people.iter().map(Keypair::pubkey).collect();
        let candidates: Vec<(usize, Vec<Pubkey>)> = ix
            .accounts
            .iter()
            .enumerate()
            .filter_map(|(position, meta)| {
                let pool = if meta.is_signer {
                    signers.clone()
                } else {
                    pools
                        .iter()
                        .find(|pool| pool.contains(&meta.pubkey))?
                        .clone()
                };
                let pool: Vec<Pubkey> = pool.into_iter().filter(|k| *k != meta.pubkey).collect();
                (!pool.is_empty()).then_some((position, pool))
            })
            .collect();
        if candidates.is_empty() {
            return false;
        }
        let (position, pool) = &candidates[tamper.account as usize % candidates.len()];
        ix.accounts[*position].pubkey = pool[tamper.pick as usize % pool.len()];
        true
    }

    fn apply(&mut self, step: &Step) -> Result<(), TestCaseError> {
        STEPS.fetch_add(1, Relaxed);
        let Some((mut ixs, payer, extra, must_fail)) = self.build(&step.action, step.who) else {
            return Ok(());
        };
        let tampered = match step.tamper {
            Some(tamper) => self.tamper(&mut ixs[0], tamper),
            None => false,
        };
        if tampered {
            TAMPERED.fetch_add(1, Relaxed);
        }
        let signed_by: BTreeSet<Pubkey> = ixs
            .iter()
            .flat_map(|ix| ix.accounts.iter())
            .filter(|meta| meta.is_signer)
            .map(|meta| meta.pubkey)
            .chain([payer])
            .collect();
        let before = self.snapshot();
        let holders_before: Vec<Option<License>> =
            (0..self.licenses.len()).map(|i| self.license(i)).collect();
        let payer = self
            .people
            .iter()
            .find(|person| person.pubkey() == payer)
            .expect("payers are people")
            .insecure_clone();
        let keyring: Vec<&Keypair> = self.people.iter().chain(extra.iter()).collect();
        let result = send_with_keyring(self.market.chain(), &ixs, &payer, &keyring)
            .expect("every signer is in the keyring");
        count_outcome(step, &result);
        match &result {
            Err(_) => {
                FAILED.fetch_add(1, Relaxed);
                let after = self.snapshot();
                for (address, state) in &before {
                    check(after.get(address) == Some(state), || {
                        format!("failed transaction changed {address}: {step:?}")
                    })?;
                }
            }
            Ok(_) => {
                SUCCEEDED.fetch_add(1, Relaxed);
                check(!(must_fail && !tampered), || {
                    format!("{step:?} should have failed but succeeded")
                })?;
                self.check_success(&before, &holders_before, &signed_by, &extra, step)?;
            }
        }
        self.check_invariants(tampered)
    }

    /// Who may lose what in a successful transaction; learns new licenses.
    fn check_success(
        &mut self,
        before: &Snapshot,
        licenses_before: &[Option<License>],
        signed_by: &BTreeSet<Pubkey>,
        extra: &[Keypair],
        step: &Step,
    ) -> Result<(), TestCaseError> {
        // No payment tokens leave a person's account without its signature.
        for mint in 0..2 {
            for (person, account) in self.token_accounts[mint][..PEOPLE].iter().enumerate() {
                let was = before
                    .get(account)
                    .and_then(|state| state.as_ref())
                    .map_or(0, |(_, _, data)| {
                        u64::from_le_bytes(data[64..72].try_into().unwrap())
                    });
                let now = balance(self.chain(), account);
                check(
                    now >= was || signed_by.contains(&self.person(person)),
                    || format!("{} lost {} without signing: {step:?}", person, was - now),
                )?;
            }
        }
        // A license changes hands only through a resale the buyer signed.
        for (index, was) in licenses_before.iter().enumerate() {
            let (Some(was), Some(now)) = (was, self.license(index)) else {
                continue;
            };
            if was.holder != now.holder {
                check(
                    was.resale_price > 0 && signed_by.contains(&now.holder),
                    || format!("license {index} moved without a resale: {step:?}"),
                )?;
                self.licenses[index].holder = now.holder;
            }
        }
        // A purchase creates the license of the fresh mint.
        for mint in extra {
            if let Some(license) = read::<License>(self.chain(), &license_pda(&mint.pubkey())) {
                self.licenses.push(Bought {
                    mint: mint.pubkey(),
                    listing: license.listing,
                    model_mint: license.model_mint,
                    holder: license.holder,
                    last_sequence: 0,
                    gone: false,
                });
            }
        }
        Ok(())
    }

    // ---------------------------------------------------------- invariants

    /// A token account that holds `held` for books that say `booked`: no
    /// less, and any surplus only from a tampered transaction.
    fn check_books(
        &mut self,
        account: Pubkey,
        held: u128,
        booked: u128,
        tampered: bool,
    ) -> Result<(), TestCaseError> {
        check(held >= booked, || {
            format!("{account} holds {held}, its books say {booked}")
        })?;
        let surplus = (held - booked) as u64;
        let seen = self.surplus.entry(account).or_default();
        check(surplus == *seen || (tampered && surplus > *seen), || {
            format!("{account} holds {held}, its books say {booked}, surplus was {seen}")
        })?;
        if surplus > *seen {
            STRANDED.fetch_add(1, Relaxed);
            if std::env::var_os("FUZZ_TRACE").is_some() {
                eprintln!("{} tokens stranded in {account}", surplus - *seen);
            }
        }
        *seen = surplus;
        Ok(())
    }

    fn check_invariants(&mut self, tampered: bool) -> Result<(), TestCaseError> {
        let chain = &self.market.platform.chain;

        // 1. Conservation of both mints.
        for mint in 0..2 {
            let held: u128 = self.token_accounts[mint]
                .iter()
                .map(|account| balance(chain, account) as u128)
                .sum();
            let supply = mint_state(chain, &self.mints[mint]).supply;
            check(supply == self.supply[mint], || {
                format!(
                    "supply of mint {mint} moved: {} -> {supply}",
                    self.supply[mint]
                )
            })?;
            check(held == supply as u128, || {
                format!("mint {mint}: tracked accounts hold {held}, supply {supply}")
            })?;
            let treasury = balance(chain, &self.treasury(mint));
            check(treasury >= self.treasury_seen[mint], || {
                format!("the treasury lost tokens of mint {mint}")
            })?;
            self.treasury_seen[mint] = treasury;
        }

        // 2. Vaults: tokens match the books, nobody is owed more than exists.
        let mut books = Vec::new();
        for (vault_address, _) in self.vaults() {
            let vault: Vault = read(chain, &vault_address).expect("vault");
            let tokens = balance(chain, &vault_tokens_pda(&vault_address));
            check(vault.total_paid_out <= vault.total_income, || {
                format!("vault {vault_address}: paid out more than its income")
            })?;
            books.push((
                vault_tokens_pda(&vault_address),
                tokens as u128,
                (vault.total_income - vault.total_paid_out) as u128,
            ));
            let mut entitled = 0u128;
            for slot in 0..vault.recipients.len() {
                let owed = vault.owed(slot);
                check(owed.is_ok(), || {
                    format!("vault {vault_address}: slot {slot} took more than it earned")
                })?;
                entitled += owed.unwrap() as u128 + vault.recipients[slot].taken as u128;
            }
            check(entitled <= vault.total_income as u128, || {
                format!(
                    "vault {vault_address}: entitlements {entitled} exceed income {}",
                    vault.total_income
                )
            })?;
            let recipients = vault.recipients.iter().filter(|r| r.share_bps > 0).count() as u64;
            check(vault.unassigned() <= recipients, || {
                format!("vault {vault_address}: dust {}", vault.unassigned())
            })?;
        }

        // 3. Licenses.
        let mut escrowed = [0u128; 2];
        let mut per_listing: BTreeMap<Pubkey, (u64, u64)> = BTreeMap::new();
        let mut per_model: BTreeMap<Pubkey, (u64, u64, u64)> = BTreeMap::new();
        for bought in self.licenses.iter_mut() {
            let address = license_pda(&bought.mint);
            let issued = per_listing.entry(bought.listing).or_default();
            issued.0 += 1;
            let Some(license) = read::<License>(chain, &address) else {
                // Refunded or revoked: the license, its NFT and the holder's token account are gone.
                check(!chain.exists(&address), || {
                    format!("{address}: unreadable license")
                })?;
                check(!chain.exists(&bought.mint), || {
                    format!("refunded license {address} left its mint")
                })?;
                check(
                    !chain.exists(&license_token_address(&bought.holder, &bought.mint)),
                    || format!("refunded license {address} left its NFT account"),
                )?;
                bought.gone = true;
                continue;
            };
            check(!bought.gone, || format!("license {address} came back"))?;
            check(license.holder == bought.holder, || {
                format!("license {address} changed holder unseen")
            })?;
            check(license.pending_fee <= license.pending_payment, || {
                format!(
                    "{address}: fee {} > pending {}",
                    license.pending_fee, license.pending_payment
                )
            })?;
            check(
                license.usage_cap == 0 || license.used_in_period <= license.usage_cap,
                || {
                    format!(
                        "{address}: used {} > cap {}",
                        license.used_in_period, license.usage_cap
                    )
                },
            )?;
            check(license.total_units >= license.used_in_period, || {
                format!("{address}: period usage above total usage")
            })?;
            check(license.last_usage_sequence >= bought.last_sequence, || {
                format!(
                    "{address}: sequence went back {} -> {}",
                    bought.last_sequence, license.last_usage_sequence
                )
            })?;
            bought.last_sequence = license.last_usage_sequence;
            check(
                license.credits == 0 || license.kind == PricingKind::PayPerUse,
                || format!("{address}: credits on a {:?} license", license.kind),
            )?;
            check(!license.disputed || license.pending_payment > 0, || {
                format!("{address}: dispute without a pending payment")
            })?;
            // A revocation closes the license like a refund does.
            check(license.status == LicenseStatus::Active, || {
                format!("{address}: a revoked license left open")
            })?;
            check(license.resale_price == 0 || license.transferable, || {
                format!("{address}: non-transferable license for resale")
            })?;
            check(
                license.mint == bought.mint
                    && license.listing == bought.listing
                    && license.model_mint == bought.model_mint,
                || format!("{address}: identity changed"),
            )?;
            let listing: Listing = read(chain, &license.listing).expect("listing of a license");
            let mint_index = self
                .mints
                .iter()
                .position(|mint| *mint == listing.payment_mint)
                .expect("a known payment mint");
            escrowed[mint_index] += license.pending_payment as u128 + license.credits as u128;
            // The NFT: one token, frozen in the holder's account, nowhere else.
            let nft_mint = mint_state(chain, &bought.mint);
            check(
                nft_mint.supply == 1 && nft_mint.mint_authority.is_none(),
                || format!("{address}: NFT supply {}", nft_mint.supply),
            )?;
            let holder_account = license_token_address(&license.holder, &bought.mint);
            check(chain.exists(&holder_account), || {
                format!("{address}: the holder has no NFT account")
            })?;
            let nft = token_account_state(chain, &holder_account);
            check(nft.amount == 1 && nft.state == AccountState::Frozen, || {
                format!("{address}: NFT amount {} state {:?}", nft.amount, nft.state)
            })?;
            let close_authority: Option<Pubkey> = nft.close_authority.into();
            check(close_authority == Some(address), || {
                format!("{address}: the holder's NFT account closes without the license")
            })?;
            let delegate: Option<Pubkey> = nft.delegate.into();
            check(
                license.resale_price == 0
                    || (delegate == Some(address) && nft.delegated_amount == 1),
                || format!("{address}: for resale without the license as delegate"),
            )?;
            for person in &self.people {
                let account = license_token_address(&person.pubkey(), &bought.mint);
                check(
                    person.pubkey() == license.holder || balance(chain, &account) == 0,
                    || format!("{address}: a second NFT holder"),
                )?;
            }
            let model = per_model.entry(bought.model_mint).or_default();
            // A pay-per-use license costs nothing to mint: not a sale.
            if license.kind != PricingKind::PayPerUse {
                issued.1 += 1;
                model.0 += 1;
            }
            if let Some(review) = read::<Review>(chain, &review_pda(&address)) {
                check(review.rating > 0 && review.rating <= 5, || {
                    format!("{address}: review rated {}", review.rating)
                })?;
                check(license.total_paid > 0, || {
                    format!("{address}: reviewed without paying the model")
                })?;
                model.1 += 1;
                model.2 += review.rating as u64;
            }
        }

        // 4. The market's escrow holds exactly the pending purchases and credits.
        for mint in 0..2 {
            let escrow = escrow_tokens_pda(&self.mints[mint]);
            books.push((escrow, balance(chain, &escrow) as u128, escrowed[mint]));
        }

        // 5. Listings count their licenses.
        for slot in 0..SLOTS {
            let address = self.slot_address(slot);
            let Some(listing) = read::<Listing>(chain, &address) else {
                check(!per_listing.contains_key(&address), || {
                    format!("licenses of a missing listing {address}")
                })?;
                continue;
            };
            let (issued, live) = per_listing.get(&address).copied().unwrap_or_default();
            check(listing.sold <= listing.issued, || {
                format!(
                    "listing {slot}: sold {} > issued {}",
                    listing.sold, listing.issued
                )
            })?;
            check(
                listing.supply_cap == 0 || listing.sold <= listing.supply_cap,
                || {
                    format!(
                        "listing {slot}: sold {} > cap {}",
                        listing.sold, listing.supply_cap
                    )
                },
            )?;
            check(listing.issued == issued && listing.sold == live, || {
                format!(
                    "listing {slot}: issued {} sold {}, licenses say {issued} / {live}",
                    listing.issued, listing.sold
                )
            })?;
            check(!listing.closed || !listing.active, || {
                format!("listing {slot}: closed yet active")
            })?;
        }

        // 6. The registry's counters of each model.
        let chain = &self.market.platform.chain;
        for keys in [self.base, self.fork] {
            let model: Model = read(chain, &model_pda(&keys.model_mint)).expect("model");
            let (live, reviews, rating_sum) =
                per_model.get(&keys.model_mint).copied().unwrap_or_default();
            check(model.license_count == live, || {
                format!(
                    "model license_count {} but {live} live licenses",
                    model.license_count
                )
            })?;
            check(
                model.rating_count == reviews && model.rating_sum == rating_sum,
                || {
                    format!(
                        "model ratings {} / {} but reviews {reviews} / {rating_sum}",
                        model.rating_count, model.rating_sum
                    )
                },
            )?;
            for mint in self.mints {
                let address = creator_sales_pda(&keys.creator, &mint);
                if let Some(sales) = read::<CreatorSales>(chain, &address) {
                    let seen = self.creator_sales_seen.entry(address).or_default();
                    check(sales.total_sales >= *seen, || {
                        format!("creator sales {address} went down")
                    })?;
                    *seen = sales.total_sales;
                }
            }
        }
        for (account, held, booked) in books {
            self.check_books(account, held, booked, tampered)?;
        }
        Ok(())
    }
}

fn run_case(case: Case) -> Result<(), TestCaseError> {
    CASES.fetch_add(1, Relaxed);
    let mut world = World::new(case.token_2022);
    world.check_invariants(false)?;
    for step in &case.steps {
        world.apply(step)?;
    }
    Ok(())
}

fn main() {
    let mut out = hex_native_runtime::redirect_program_stdout();
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let started = std::time::Instant::now();
    let result = runner.run(&case(), run_case);
    let counts = format!(
        "{} cases run, {} steps, {} transactions succeeded, {} failed, {} with a tampered account, \
         {} of which stranded tokens in a vault's or the escrow's account ({:.1}s)",
        CASES.load(Relaxed),
        STEPS.load(Relaxed),
        SUCCEEDED.load(Relaxed),
        FAILED.load(Relaxed),
        TAMPERED.load(Relaxed),
        STRANDED.load(Relaxed),
        started.elapsed().as_secs_f64()
    );
    let outcomes: Vec<String> = OUTCOMES
        .lock()
        .unwrap()
        .iter()
        .map(|(action, (ok, failed))| format!("{action} {ok}/{failed}"))
        .collect();
    let counts = format!(
        "{counts}\nsucceeded/failed per action: {}",
        outcomes.join(", ")
    );
    match result {
        Ok(()) => {
            writeln!(
                out,
                "test result: ok. 1 passed; 0 failed; market invariants held over {cases} cases: {counts}"
            )
            .unwrap();
        }
        Err(error) => {
            writeln!(
                out,
                "test result: FAILED. 0 passed; 1 failed; market invariants: {error}\n{counts}"
            )
            .unwrap();
            std::process::exit(1);
        }
    }
}
