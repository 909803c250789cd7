//! The holes an outside security review found in the market, each attacked
//! through the programs: the attack now fails with the error it names and
//! moves nothing (every token balance and every lamport of the parties is
//! compared before and after), and the honest path still works.
//!
//! - Hole 3: a pay-per-use license costs nothing to mint, yet reviewed the
//!   model, forked a closed model under derivative rights, counted as a sale
//!   and used up the listing's supply cap.
//! - Hole 6: the owner swapped the meter (and the node paid a compute share)
//!   under licenses already sold, and drained their credits.
//! - Hole 9: an undecided dispute locked the buyer's payment forever, and a
//!   revocation left the License, its mint and the NFT's account alive.

use {
    anchor_lang::solana_program::instruction::Instruction,
    hex_test_support::{
        attacks::swap,
        market::*,
        registry::{default_model_args, licensed_fork_model_ix, model_pda},
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::SPL_TOKEN,
        *,
    },
    license_market::{
        errors::MarketError,
        instructions::{CreateListingArgs, UpdateListingArgs},
        state::LicenseValidity,
    },
    model_registry::{errors::RegistryError, instructions::RegisterModelArgs, state::Model},
};

const DAY: i64 = 24 * 60 * 60;
const UNIT_PRICE: u64 = 1_001;
const CREDITS: u64 = 100 * UNIT_PRICE;
const PRICE: u64 = 1_000_003;
const REFUND_WINDOW: i64 = 3 * DAY;
/// The rules: the platform's license fee, a listing's compute share, and how
/// long after the refund window the arbiter may decide a dispute.
const LICENSE_FEE_BPS: u64 = 2_000;
const COMPUTE_SHARE_BPS: u16 = 1_000;
const DISPUTE_DEADLINE_AFTER_WINDOW: i64 = 14 * DAY;

fn bps(amount: u64, bps: u64) -> u64 {
    amount * bps / 10_000
}

// ------------------------------------------------------------------ hole 3

/// A closed model with a pay-per-use listing (id 1) granting derivative
/// rights, and a license of it bought for nothing, holding CREDITS.
fn free_license() -> (MarketFixture, Keypair, Keypair, Pubkey) {
    let mut market = MarketFixture::with_model(
        SPL_TOKEN,
        RegisterModelArgs {
            open_source: false,
            ..default_model_args()
        },
    );
    assert_eq!(market.config().fees.license_fee_bps as u64, LICENSE_FEE_BPS);
    let meter = market.wallet(0);
    let args = with_derivative_rights(listing_args(
        1,
        pay_per_use(UNIT_PRICE, 0, 0, 0),
        meter.pubkey(),
    ));
    // A cap on free licenses could be used up for nothing.
    assert_error(
        &market.create_listing(CreateListingArgs {
            supply_cap: 1,
            ..args.clone()
        }),
        MarketError::SupplyCapOnFreeLicenses,
    );
    market.create_listing(args).unwrap();
    assert_error(
        &market.update_listing(
            1,
            UpdateListingArgs {
                supply_cap: Some(1),
                ..Default::default()
            },
        ),
        MarketError::SupplyCapOnFreeLicenses,
    );
    assert_eq!(market.listing(1).supply_cap, 0);

    let buyer = market.wallet(CREDITS);
    let before = market.balances(&buyer.pubkey(), None, None);
    let (license_mint, result) = market.buy(&buyer, 1, UNIT_PRICE);
    result.unwrap();
    assert_eq!(market.balances(&buyer.pubkey(), None, None), before);
    market
        .deposit_credits(&buyer, 1, &license_mint, CREDITS)
        .unwrap();
    (market, meter, buyer, license_mint)
}

fn fork_ix(
    market: &MarketFixture,
    forker: &Pubkey,
    child: &Pubkey,
    license: &Pubkey,
) -> Instruction {
    licensed_fork_model_ix(
        forker,
        child,
        &market.keys.model_mint,
        Some(license_pda(license)),
        RegisterModelArgs {
            name: "Med Tuned Fork".to_string(),
            ..default_model_args()
        },
    )
}

fn review_ix(market: &MarketFixture, reviewer: &Pubkey, license: &Pubkey) -> Instruction {
    review_model_ix(
        reviewer,
        &market.keys.model_mint,
        license,
        5,
        "https://reviews.hex.example/free.json",
    )
}

#[test]
fn hole_3_a_pay_per_use_license_that_paid_nothing_cannot_review_fork_or_count_as_a_sale() {
    let (mut market, _meter, buyer, license_mint) = free_license();
    // Not a sale: neither the listing nor the model counts it.
    let listing = market.listing(1);
    assert_eq!((listing.sold, listing.issued), (0, 1));
    assert_eq!(market.model().license_count, 0);
    // It holds credits and verifies as valid.
    let license = market.license(&license_mint);
    assert_eq!((license.credits, license.total_paid), (CREDITS, 0));
    assert_eq!(
        market.verify(&license_mint, &buyer.pubkey(), None),
        LicenseValidity::Valid
    );

    let child = Keypair::new();
    let watched = [
        buyer.pubkey(),
        market.keys.payment_account(&buyer.pubkey()),
        license_pda(&license_mint),
        license_mint,
        license_token_address(&buyer.pubkey(), &license_mint),
        review_pda(&license_pda(&license_mint)),
        model_pda(&market.keys.model_mint),
        market.keys.listing(1),
        market.keys.escrow_tokens(),
        market.keys.vault_tokens(),
        market.keys.payment_account(&market.keys.treasury),
        child.pubkey(),
        model_pda(&child.pubkey()),
    ];
    let before = market.snapshot(&watched);
    let review = review_ix(&market, &buyer.pubkey(), &license_mint);
    assert_error(
        &market.attack(review, &[&buyer]),
        MarketError::UnpaidLicense,
    );
    let fork = fork_ix(&market, &buyer.pubkey(), &child.pubkey(), &license_mint);
    assert_error(
        &market.attack(fork, &[&buyer, &child]),
        RegistryError::InvalidDerivativeLicense,
    );
    assert_eq!(market.snapshot(&watched), before);
    let model = market.model();
    assert_eq!((model.rating_count, model.children_count), (0, 0));
}

#[test]
fn hole_3_happy_path_a_pay_per_use_license_reviews_and_forks_after_its_first_paid_usage() {
    let (mut market, meter, buyer, license_mint) = free_license();
    let before = market.balances(&buyer.pubkey(), None, None);
    market
        .record_usage(&meter, 1, &license_mint, None, 1, 1)
        .unwrap();
    let fee = bps(UNIT_PRICE, LICENSE_FEE_BPS);
    assert_eq!(
        market.balances(&buyer.pubkey(), None, None),
        Balances {
            escrow: before.escrow - UNIT_PRICE,
            treasury: before.treasury + fee,
            vault: before.vault + UNIT_PRICE - fee,
            ..before
        }
    );
    let license = market.license(&license_mint);
    assert_eq!(
        (license.credits, license.total_paid),
        (CREDITS - UNIT_PRICE, UNIT_PRICE)
    );

    let review = review_ix(&market, &buyer.pubkey(), &license_mint);
    market.send(&[review], &buyer).unwrap();
    let child = Keypair::new();
    let fork = fork_ix(&market, &buyer.pubkey(), &child.pubkey(), &license_mint);
    market.chain().send(&[fork], &[&buyer, &child]).unwrap();
    let model = market.model();
    assert_eq!(
        (model.rating_count, model.rating_sum, model.children_count),
        (1, 5, 1)
    );
    let child: Model = market.platform.chain.account(&model_pda(&child.pubkey()));
    assert_eq!(child.parent, market.keys.model_mint);
    // Paying for usage does not make it a sale.
    assert_eq!(market.listing(1).sold, 0);
    assert_eq!(model.license_count, 0);
}

// ------------------------------------------------------------------ hole 6

/// A pay-per-use listing (id 1) with a 10% compute share metered by `meter`
/// and paying `node`, and a license of it holding CREDITS; then the owner
/// points the listing's meter and node at itself.
struct SwappedMeter {
    market: MarketFixture,
    meter: Keypair,
    node: Pubkey,
    owner: Keypair,
    buyer: Keypair,
    license_mint: Pubkey,
}

impl SwappedMeter {
    fn new() -> Self {
        let mut market = MarketFixture::new(SPL_TOKEN);
        let meter = market.wallet(0);
        let node = Pubkey::new_unique();
        market.payment_account(&node);
        market
            .create_listing(CreateListingArgs {
                compute_node: node,
                ..listing_args(
                    1,
                    pay_per_use(UNIT_PRICE, 0, 0, COMPUTE_SHARE_BPS),
                    meter.pubkey(),
                )
            })
            .unwrap();
        let buyer = market.wallet(CREDITS);
        let (license_mint, result) = market.buy(&buyer, 1, UNIT_PRICE);
        result.unwrap();
        market
            .deposit_credits(&buyer, 1, &license_mint, CREDITS)
            .unwrap();
        let owner = market.creator.insecure_clone();
        market
            .update_listing(
                1,
                UpdateListingArgs {
                    meter_authority: Some(owner.pubkey()),
                    compute_node: Some(owner.pubkey()),
                    ..Default::default()
                },
            )
            .unwrap();
        let listing = market.listing(1);
        assert_eq!(
            (listing.meter_authority, listing.compute_node),
            (owner.pubkey(), owner.pubkey())
        );
        // The license keeps the meter and node it was sold with.
        let license = market.license(&license_mint);
        assert_eq!(
            (license.meter_authority, license.compute_node),
            (meter.pubkey(), node)
        );
        Self {
            market,
            meter,
            node,
            owner,
            buyer,
            license_mint,
        }
    }

    /// Records `units` on the old license, signed by `meter`, paying the
    /// compute share to the payment account of `node`.
    fn usage_ix(&self, meter: &Pubkey, node: &Pubkey, units: u64) -> Instruction {
        let keys = self.market.keys;
        record_usage_ix(
            meter,
            &keys,
            &keys.listing(1),
            &self.license_mint,
            Some(keys.payment_account(node)),
            units,
            1,
        )
    }
}

#[test]
fn hole_6_a_swapped_meter_or_another_compute_node_cannot_charge_a_license_sold_before() {
    let mut scene = SwappedMeter::new();
    let keys = scene.market.keys;
    let (owner, meter, buyer) = (
        scene.owner.insecure_clone(),
        scene.meter.insecure_clone(),
        scene.buyer.pubkey(),
    );
    let watched = [
        owner.pubkey(),
        meter.pubkey(),
        buyer,
        keys.payment_account(&owner.pubkey()),
        keys.payment_account(&scene.node),
        keys.payment_account(&buyer),
        keys.payment_account(&keys.treasury),
        keys.escrow_tokens(),
        keys.vault_tokens(),
        keys.vault(),
        license_pda(&scene.license_mint),
    ];
    let before = scene.market.snapshot(&watched);
    let units = CREDITS / UNIT_PRICE;
    // The new owner meters the old license, paying itself as the node, or
    // paying the license's node.
    for node in [owner.pubkey(), scene.node] {
        let usage = scene.usage_ix(&owner.pubkey(), &node, units);
        assert_error(
            &scene.market.attack(usage, &[&owner]),
            MarketError::UnauthorizedMeter,
        );
    }
    // The license's own meter, paying the compute share to another node.
    let usage = scene.usage_ix(&meter.pubkey(), &owner.pubkey(), units);
    assert_error(
        &scene.market.attack(usage, &[&meter]),
        MarketError::WrongComputeNode,
    );
    assert_eq!(scene.market.snapshot(&watched), before);
    let license = scene.market.license(&scene.license_mint);
    assert_eq!((license.credits, license.total_units), (CREDITS, 0));
}

#[test]
fn hole_6_happy_path_the_meter_and_node_sold_with_a_license_meter_it_and_later_licenses_get_the_new_ones(
) {
    let mut scene = SwappedMeter::new();
    let keys = scene.market.keys;
    let meter = scene.meter.insecure_clone();
    let buyer = scene.buyer.pubkey();
    let before = scene.market.balances(&buyer, None, Some(&scene.node));
    let units = 10;
    let usage = scene.usage_ix(&meter.pubkey(), &scene.node, units);
    scene.market.send(&[usage], &meter).unwrap();
    let cost = units * UNIT_PRICE;
    let fee = bps(cost, LICENSE_FEE_BPS);
    let compute = bps(cost, COMPUTE_SHARE_BPS as u64);
    assert_eq!(
        scene.market.balances(&buyer, None, Some(&scene.node)),
        Balances {
            escrow: before.escrow - cost,
            treasury: before.treasury + fee,
            node: before.node + compute,
            vault: before.vault + cost - fee - compute,
            ..before
        }
    );
    assert_eq!(
        scene.market.license(&scene.license_mint).credits,
        CREDITS - cost
    );

    // A license sold after the update is metered by the new meter and pays
    // the new node.
    let owner = scene.owner.insecure_clone();
    let later_buyer = scene.market.wallet(CREDITS);
    let (later, result) = scene.market.buy(&later_buyer, 1, UNIT_PRICE);
    result.unwrap();
    scene
        .market
        .deposit_credits(&later_buyer, 1, &later, CREDITS)
        .unwrap();
    let license = scene.market.license(&later);
    assert_eq!(
        (license.meter_authority, license.compute_node),
        (owner.pubkey(), owner.pubkey())
    );
    let owner_before = scene.market.balance_of(&owner.pubkey());
    let usage = record_usage_ix(
        &owner.pubkey(),
        &keys,
        &keys.listing(1),
        &later,
        Some(keys.payment_account(&owner.pubkey())),
        1,
        1,
    );
    scene.market.send(&[usage], &owner).unwrap();
    assert_eq!(
        scene.market.balance_of(&owner.pubkey()),
        owner_before + bps(UNIT_PRICE, COMPUTE_SHARE_BPS as u64)
    );
}

// ------------------------------------------------------------------ hole 9

/// A refundable one-time listing (id 1) and a purchase of it, disputed.
fn disputed_purchase() -> (MarketFixture, Keypair, Pubkey) {
    let mut market = MarketFixture::new(SPL_TOKEN);
    market
        .create_listing(CreateListingArgs {
            refund_window_secs: REFUND_WINDOW,
            ..listing_args(1, one_time(PRICE), Pubkey::new_unique())
        })
        .unwrap();
    let buyer = market.wallet(PRICE);
    let (license_mint, result) = market.buy(&buyer, 1, PRICE);
    result.unwrap();
    market.open_dispute(&buyer, &license_mint).unwrap();
    (market, buyer, license_mint)
}

/// The License, its mint and the holder's NFT account.
fn license_accounts(holder: &Pubkey, license_mint: &Pubkey) -> [Pubkey; 3] {
    [
        license_pda(license_mint),
        *license_mint,
        license_token_address(holder, license_mint),
    ]
}

/// Asserts a refund of PRICE to `buyer` closed the license's accounts and
/// returned their `rent` to the buyer, who paid `fees` for it.
fn assert_refunded(
    market: &MarketFixture,
    buyer: &Pubkey,
    license_mint: &Pubkey,
    before: (Balances, u64),
    rent: u64,
    fees: u64,
) {
    let (tokens, lamports) = before;
    assert_eq!(
        market.balances(buyer, None, None),
        Balances {
            buyer: tokens.buyer + PRICE,
            escrow: tokens.escrow - PRICE,
            ..tokens
        }
    );
    let chain = &market.platform.chain;
    assert_eq!(chain.lamports(buyer), lamports + rent - fees);
    for closed in license_accounts(buyer, license_mint) {
        assert!(!chain.exists(&closed), "{closed} is closed");
    }
    assert_eq!(market.listing(1).sold, 0);
    assert_eq!(market.model().license_count, 0);
}

fn rent_of(market: &MarketFixture, accounts: &[Pubkey]) -> u64 {
    accounts
        .iter()
        .map(|account| market.platform.chain.lamports(account))
        .sum()
}

#[test]
fn hole_9_an_undecided_dispute_stays_the_arbiters_until_its_deadline_then_only_the_buyer_refunds() {
    let (mut market, buyer, license_mint) = disputed_purchase();
    let keys = market.keys;
    let arbiter = market.platform.authority.insecure_clone();
    let stranger = market.wallet(0);
    let deadline = START_TIME + REFUND_WINDOW + DISPUTE_DEADLINE_AFTER_WINDOW;
    let mut watched = vec![
        buyer.pubkey(),
        arbiter.pubkey(),
        stranger.pubkey(),
        keys.payment_account(&buyer.pubkey()),
        keys.payment_account(&stranger.pubkey()),
        keys.payment_account(&keys.treasury),
        keys.escrow_tokens(),
        keys.vault_tokens(),
        keys.listing(1),
        model_pda(&keys.model_mint),
    ];
    watched.extend(license_accounts(&buyer.pubkey(), &license_mint));
    let before = market.snapshot(&watched);
    let refund =
        |holder: &Pubkey| refund_license_ix(holder, &keys, &keys.listing(1), &license_mint);
    let resolve = |refund_buyer| {
        resolve_dispute_ix(
            &arbiter.pubkey(),
            &keys,
            &keys.listing(1),
            &license_mint,
            &buyer.pubkey(),
            refund_buyer,
        )
    };

    // Until the deadline, the buyer cannot take the refund itself.
    set_time(market.chain(), deadline - 1);
    assert_error(
        &market.attack(refund(&buyer.pubkey()), &[&buyer]),
        MarketError::DisputeOpen,
    );
    // From the deadline, the arbiter decides nothing any more, nobody settles
    // the purchase to the model, and nobody but the buyer refunds it.
    set_time(market.chain(), deadline);
    for refund_buyer in [false, true] {
        assert_error(
            &market.attack(resolve(refund_buyer), &[&arbiter]),
            MarketError::DisputeDeadlinePassed,
        );
    }
    let settle = settle_purchase_ix(&keys, &keys.listing(1), &license_mint);
    assert_error(&market.attack(settle, &[]), MarketError::DisputeOpen);
    let mut stolen = refund(&stranger.pubkey());
    swap(
        &mut stolen,
        &license_token_address(&stranger.pubkey(), &license_mint),
        license_token_address(&buyer.pubkey(), &license_mint),
    );
    assert_error(
        &market.attack(stolen, &[&stranger]),
        MarketError::NotLicenseHolder,
    );
    assert_eq!(market.snapshot(&watched), before);
}

#[test]
fn hole_9_happy_path_the_buyer_refunds_after_the_deadline_and_every_unit_and_lamport_of_rent_comes_back(
) {
    let (mut market, buyer, license_mint) = disputed_purchase();
    set_time(
        market.chain(),
        START_TIME + REFUND_WINDOW + DISPUTE_DEADLINE_AFTER_WINDOW,
    );
    let rent = rent_of(&market, &license_accounts(&buyer.pubkey(), &license_mint));
    let before = (
        market.balances(&buyer.pubkey(), None, None),
        market.platform.chain.lamports(&buyer.pubkey()),
    );
    let meta = market.refund(&buyer, 1, &license_mint).unwrap();
    assert_refunded(
        &market,
        &buyer.pubkey(),
        &license_mint,
        before,
        rent,
        meta.fee,
    );
}

#[test]
fn hole_9_happy_path_a_revocation_burns_the_license_and_closes_its_accounts_with_their_rent_to_the_buyer(
) {
    let (mut market, buyer, license_mint) = disputed_purchase();
    let arbiter = market.platform.authority.insecure_clone();
    // The arbiter decides up to the last second before the deadline.
    set_time(
        market.chain(),
        START_TIME + REFUND_WINDOW + DISPUTE_DEADLINE_AFTER_WINDOW - 1,
    );
    let rent = rent_of(&market, &license_accounts(&buyer.pubkey(), &license_mint));
    let before = (
        market.balances(&buyer.pubkey(), None, None),
        market.platform.chain.lamports(&buyer.pubkey()),
    );
    // The arbiter pays the fees: the buyer does not sign.
    market
        .resolve_dispute(&arbiter, 1, &license_mint, true)
        .unwrap();
    assert_refunded(&market, &buyer.pubkey(), &license_mint, before, rent, 0);
}
