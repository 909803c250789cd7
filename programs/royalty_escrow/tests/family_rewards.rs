//! Family reward pools through the programs: trend shares of paid license
//! revenue, points weighted by ratings, epochs, collection into member
//! vaults, roll-over, the trend share's consent and cap, and `distribute`.
//! Expected amounts come from the rules (DESIGN.md, family rewards),
//! computed here: fee, trend share and rewards are floors of their bps.

use {
    hex_test_support::{
        escrow::*,
        market::*,
        registry::*,
        solana_keypair::Keypair,
        solana_signer::Signer,
        tokens::{balance, SPL_TOKEN},
        *,
    },
    license_market::state::Pricing,
    model_registry::{
        errors::RegistryError,
        instructions::ConfigUpdate,
        instructions::RegisterModelArgs,
        state::{Contributor, FamilySettings},
    },
    proptest::{prelude::*, test_runner::TestCaseError},
    royalty_escrow::{
        constants::COLLECT_WINDOW_EPOCHS,
        errors::EscrowError,
        state::{FamilyPool, Vault},
    },
};

const BPS: u64 = 10_000;
const WEEK: i64 = 7 * 24 * 60 * 60;
const PRICE: u64 = 1_000_000;
const TREND_SHARE: u64 = 300;
/// The base license fee: creators here never reach a tier.
const FEE: u64 = 2_000;

fn bps(amount: u64, share: u64) -> u64 {
    (amount as u128 * share as u128 / BPS as u128) as u64
}

/// What one paid license sends where, by the rules.
struct Expected {
    fee: u64,
    to_pool: u64,
    to_vault: u64,
    points: u64,
}

fn expected(price: u64, trend_share: u64, multiplier_bps: u64) -> Expected {
    let fee = bps(price, FEE);
    let to_pool = bps(price - fee, trend_share);
    Expected {
        fee,
        to_pool,
        to_vault: price - fee - to_pool,
        points: bps(to_pool, multiplier_bps),
    }
}

/// A family: the root (the market fixture's model, owned by `creator`) and
/// `forks` forks with their own owners, each with a vault and a one-time
/// listing (id 1) at `PRICE`, and the family pool at a 3% trend share.
struct FamilyMarket {
    market: MarketFixture,
    members: Vec<MarketKeys>,
    owners: Vec<Keypair>,
}

impl FamilyMarket {
    fn new(forks: usize) -> Self {
        Self::with_pricing(forks, one_time(PRICE))
    }

    fn with_pricing(forks: usize, pricing: Pricing) -> Self {
        let mut market = MarketFixture::new(SPL_TOKEN);
        let root = market.keys;
        let mut members = vec![root];
        let mut owners = vec![market.creator.insecure_clone()];
        for index in 0..forks {
            let owner = market.chain().funded_keypair(100 * SOL);
            let (mint, result) = market.platform.fork_model(
                &owner,
                &root.model_mint,
                RegisterModelArgs {
                    name: format!("Fork {index}"),
                    ..default_model_args()
                },
            );
            result.expect("fork_model");
            let keys = MarketKeys {
                model_mint: mint.pubkey(),
                creator: owner.pubkey(),
                ..root
            };
            let vault = create_vault_ix(
                &owner.pubkey(),
                &keys.model_mint,
                &keys.payment_mint,
                &SPL_TOKEN,
            );
            market.send(&[vault], &owner).expect("create_vault");
            members.push(keys);
            owners.push(owner);
        }
        let mut family = Self {
            market,
            members,
            owners,
        };
        for member in 0..family.members.len() {
            family.list(member, 1, pricing);
        }
        family
            .set_trend_share(TREND_SHARE as u16)
            .expect("set_trend_share");
        family
    }

    fn list(&mut self, member: usize, listing_id: u64, pricing: Pricing) {
        let owner = self.owners[member].insecure_clone();
        let keys = self.members[member];
        let ix = create_listing_ix(
            &owner.pubkey(),
            &ownership_token_address(&owner.pubkey(), &keys.model_mint),
            &keys,
            listing_args(listing_id, pricing, owner.pubkey()),
        );
        self.market.send(&[ix], &owner).expect("create_listing");
    }

    fn family_keys(&self) -> FamilyKeys {
        FamilyKeys {
            root_mint: self.members[0].model_mint,
            payment_mint: self.members[0].payment_mint,
            token_program: SPL_TOKEN,
        }
    }

    fn set_trend_share(&mut self, trend_share_bps: u16) -> TxResult {
        let owner = self.owners[0].insecure_clone();
        let ix = set_trend_share_ix(&owner.pubkey(), &self.family_keys(), trend_share_bps);
        self.market.send(&[ix], &owner)
    }

    /// A new buyer pays `price` for a license of `member`'s listing `listing_id`.
    fn buy(&mut self, member: usize, listing_id: u64, price: u64) -> (Keypair, Pubkey) {
        let buyer = self.market.wallet(price);
        let license_mint = Keypair::new();
        let keys = self.members[member];
        let ix = buy_license_ix(
            &buyer.pubkey(),
            &keys,
            &keys.listing(listing_id),
            &license_mint.pubkey(),
            price,
        );
        self.market
            .platform
            .chain
            .send(&[ix], &[&buyer, &license_mint])
            .expect("buy_license");
        (buyer, license_mint.pubkey())
    }

    fn collect(&mut self, member: usize) -> TxResult {
        let ix = collect_family_reward_ix(&self.members[member].model_mint, &self.family_keys());
        self.market.attack(ix, &[])
    }

    fn pool(&self) -> FamilyPool {
        self.market
            .platform
            .chain
            .account(&self.family_keys().pool())
    }

    fn pool_balance(&self) -> u64 {
        balance(
            &self.market.platform.chain,
            &self.family_keys().pool_tokens(),
        )
    }

    fn vault(&self, member: usize) -> Vault {
        self.market
            .platform
            .chain
            .account(&self.members[member].vault())
    }

    fn vault_balance(&self, member: usize) -> u64 {
        balance(
            &self.market.platform.chain,
            &self.members[member].vault_tokens(),
        )
    }

    /// Points of `member` recorded for `epoch` (0 if none).
    fn points(&self, member: usize, epoch: u64) -> u64 {
        self.vault(member)
            .trend_points
            .iter()
            .find(|entry| entry.points > 0 && entry.epoch == epoch)
            .map_or(0, |entry| entry.points)
    }

    /// Moves the clock to `epoch` epochs after the pool's creation.
    fn go_to_epoch(&mut self, epoch: i64) {
        let origin = self.pool().origin;
        set_time(self.market.chain(), origin + epoch * WEEK);
    }

    /// `reviews` buyers of `member` each rate it `rating` stars.
    fn rate(&mut self, member: usize, rating: u8, reviews: usize) {
        for _ in 0..reviews {
            let (buyer, license) = self.buy(member, 1, PRICE);
            let ix = review_model_ix(
                &buyer.pubkey(),
                &self.members[member].model_mint,
                &license,
                rating,
                "https://reviews.hex.example/1.json",
            );
            self.market.send(&[ix], &buyer).expect("review_model");
        }
    }

    /// The accounts a refused instruction must leave as they were.
    fn money_accounts(&self) -> Vec<Pubkey> {
        let family = self.family_keys();
        let mut addresses = vec![family.pool(), family.pool_tokens()];
        for member in &self.members {
            addresses.extend([member.vault(), member.vault_tokens()]);
        }
        addresses
    }
}

/// The model's owner names `contributor` (who consents by signing) at `share_bps`.
fn name_contributor(
    market: &mut MarketFixture,
    owner: &Keypair,
    model_mint: &Pubkey,
    contributor: &Keypair,
    share_bps: u16,
) {
    let change = set_contributors_ix(
        &owner.pubkey(),
        model_mint,
        vec![Contributor {
            wallet: contributor.pubkey(),
            share_bps,
        }],
        &[contributor.pubkey()],
    );
    market
        .platform
        .chain
        .send(&[change], &[owner, contributor])
        .expect("set_contributors");
}

#[test]
fn a_paid_license_pays_the_trend_share_into_the_pool_and_earns_points() {
    let mut family = FamilyMarket::new(1);
    let treasury_before = family.market.treasury_balance();
    let (buyer, _) = family.buy(1, 1, PRICE);
    let paid = expected(PRICE, TREND_SHARE, 10_000);
    assert_eq!(
        (paid.fee, paid.to_pool, paid.to_vault, paid.points),
        (200_000, 24_000, 776_000, 24_000)
    );
    assert_eq!(family.market.balance_of(&buyer.pubkey()), 0);
    assert_eq!(family.market.treasury_balance() - treasury_before, paid.fee);
    assert_eq!(family.pool_balance(), paid.to_pool);
    assert_eq!(family.vault_balance(1), paid.to_vault);
    assert_eq!(family.vault(1).total_income, paid.to_vault);
    let pool = family.pool();
    assert_eq!(
        (pool.current_epoch, pool.current_income, pool.current_points),
        (0, 24_000, 24_000)
    );
    assert_eq!(family.points(1, 0), paid.points);
    // The root earned nothing: its points and vault are untouched.
    assert_eq!((family.points(0, 0), family.vault_balance(0)), (0, 0));
}

#[test]
fn free_licenses_and_refunded_purchases_earn_no_points() {
    let mut family = FamilyMarket::with_pricing(0, pay_per_use(1_000, 0, 0, 0));
    // A pay-per-use license with nothing upfront: no payment, no points.
    family.buy(0, 1, 1_000);
    assert_eq!(
        (family.pool().current_points, family.pool_balance()),
        (0, 0)
    );

    // A refundable purchase pays (and earns) only when its window ends.
    let mut refundable = listing_args(2, one_time(PRICE), family.owners[0].pubkey());
    refundable.refund_window_secs = 24 * 60 * 60;
    let owner = family.owners[0].insecure_clone();
    let keys = family.members[0];
    let ix = create_listing_ix(
        &owner.pubkey(),
        &ownership_token_address(&owner.pubkey(), &keys.model_mint),
        &keys,
        refundable,
    );
    family.market.send(&[ix], &owner).unwrap();
    let (refunded_buyer, refunded) = family.buy(0, 2, PRICE);
    let (_, settled) = family.buy(0, 2, PRICE);
    assert_eq!(
        (family.pool().current_points, family.pool_balance()),
        (0, 0)
    );
    family.market.refund(&refunded_buyer, 2, &refunded).unwrap();
    assert_eq!(family.market.balance_of(&refunded_buyer.pubkey()), PRICE);
    family.market.advance_time(24 * 60 * 60);
    family.market.settle(2, &settled).unwrap();
    let paid = expected(PRICE, TREND_SHARE, 10_000);
    assert_eq!(family.pool().current_points, paid.points as u128);
    assert_eq!(family.pool_balance(), paid.to_pool);
    assert_eq!(family.vault_balance(0), paid.to_vault);
}

#[test]
fn an_ended_epoch_is_divided_by_points_and_collected_into_each_members_vault() {
    let mut family = FamilyMarket::new(2);
    // Member 1 sells three licenses, member 2 one, the root none.
    for member in [1, 1, 1, 2] {
        family.buy(member, 1, PRICE);
    }
    let paid = expected(PRICE, TREND_SHARE, 10_000);
    let income = 4 * paid.to_pool;
    let points = [0, 3 * paid.points, paid.points];
    // Nothing to collect while the epoch runs, and nothing moves.
    let before = family.market.snapshot(&family.money_accounts());
    assert_error(&family.collect(1), EscrowError::NothingToCollect);
    assert_eq!(family.market.snapshot(&family.money_accounts()), before);

    family.go_to_epoch(1);
    let total_points: u64 = points.iter().sum();
    for member in [2, 1] {
        let vault_before = family.vault_balance(member);
        family.collect(member).unwrap();
        let reward = bps(income, points[member] * BPS / total_points);
        let reward_exact = (income as u128 * points[member] as u128 / total_points as u128) as u64;
        assert_eq!(reward, reward_exact);
        assert_eq!(family.vault_balance(member) - vault_before, reward_exact);
        assert_eq!(
            family.vault(member).total_income,
            vault_before + reward_exact
        );
    }
    // The root earned no points: nothing for it.
    assert_error(&family.collect(0), EscrowError::NothingToCollect);
    // Collected twice: refused, nothing moves.
    let before = family.market.snapshot(&family.money_accounts());
    assert_error(&family.collect(1), EscrowError::NothingToCollect);
    assert_eq!(family.market.snapshot(&family.money_accounts()), before);
    let pool = family.pool();
    assert_eq!(pool.total_collected, income);
    assert_eq!(family.pool_balance(), 0);
    assert_eq!(pool.holdings().unwrap(), family.pool_balance());
}

#[test]
fn a_members_rating_weights_its_points_within_bounds() {
    let mut family = FamilyMarket::new(2);
    // Three 5-star reviews for member 1, three 1-star for member 2 (each
    // review needs a paid license, which earns neutral points itself).
    family.rate(1, 5, 3);
    family.rate(2, 1, 3);
    let neutral = expected(PRICE, TREND_SHARE, 10_000);
    assert_eq!(family.points(1, 0), 3 * neutral.points);
    family.buy(1, 1, PRICE);
    family.buy(2, 1, PRICE);
    assert_eq!(
        family.points(1, 0),
        3 * neutral.points + expected(PRICE, TREND_SHARE, 15_000).points
    );
    assert_eq!(
        family.points(2, 0),
        3 * neutral.points + expected(PRICE, TREND_SHARE, 5_000).points
    );
    assert_eq!(expected(PRICE, TREND_SHARE, 15_000).points, 36_000);
    assert_eq!(expected(PRICE, TREND_SHARE, 5_000).points, 12_000);
}

#[test]
fn a_late_member_collects_within_the_window_and_an_abandoned_reward_rolls_over() {
    let mut family = FamilyMarket::new(2);
    family.buy(1, 1, PRICE);
    family.buy(2, 1, PRICE);
    let paid = expected(PRICE, TREND_SHARE, 10_000);
    // Member 1 collects in the last epoch of the window: its half.
    family.go_to_epoch(COLLECT_WINDOW_EPOCHS as i64);
    family.collect(1).unwrap();
    assert_eq!(family.vault_balance(1), paid.to_vault + paid.to_pool);
    // Member 2 waits one epoch too long: its half rolls into the current epoch.
    family.go_to_epoch(COLLECT_WINDOW_EPOCHS as i64 + 1);
    let before = family.market.snapshot(&family.money_accounts());
    assert_error(&family.collect(2), EscrowError::NothingToCollect);
    assert_eq!(family.market.snapshot(&family.money_accounts()), before);
    // The refused collection rolled nothing back: the next paid activity
    // moves the pool on, and the rolled-over half joins that epoch's income.
    family.buy(0, 1, PRICE);
    let pool = family.pool();
    assert_eq!(pool.current_epoch, COLLECT_WINDOW_EPOCHS as u64 + 1);
    assert_eq!(
        (pool.total_rolled_over, pool.current_income),
        (paid.to_pool, 2 * paid.to_pool)
    );
    // The root, the only member with points in that epoch, takes it all.
    family.go_to_epoch(COLLECT_WINDOW_EPOCHS as i64 + 2);
    family.collect(0).unwrap();
    assert_eq!(family.vault_balance(0), paid.to_vault + 2 * paid.to_pool);
    assert_eq!(family.pool_balance(), 0);
    // Member 2's stale entry was cleared; nothing was paid twice.
    assert_eq!(family.pool().total_collected, 3 * paid.to_pool);
}

#[test]
fn only_the_roots_owner_sets_the_trend_share_under_the_cap_and_not_while_listed() {
    let mut family = FamilyMarket::new(1);
    let keys = family.family_keys();
    let before = family.market.snapshot(&family.money_accounts());
    let stranger = family.market.chain().funded_keypair(SOL);
    // It names the real owner's NFT account: still not its own.
    let mut ix = set_trend_share_ix(&stranger.pubkey(), &keys, 100);
    ix.accounts[1].pubkey = ownership_token_address(&family.owners[0].pubkey(), &keys.root_mint);
    assert_error(
        &family.market.send(&[ix], &stranger),
        EscrowError::NotModelOwner,
    );
    // A fork is no family root, even for its own owner.
    let fork_owner = family.owners[1].insecure_clone();
    let fork_family = FamilyKeys {
        root_mint: family.members[1].model_mint,
        ..keys
    };
    let ix = set_trend_share_ix(&fork_owner.pubkey(), &fork_family, 100);
    assert_error(
        &family.market.send(&[ix], &fork_owner),
        EscrowError::NotAFamilyRoot,
    );
    assert_error(
        &family.set_trend_share(301),
        EscrowError::TrendShareAboveCap,
    );
    // While the root is listed for sale, its split cannot change.
    let owner = family.owners[0].insecure_clone();
    let list = list_model_for_sale_ix(&owner.pubkey(), &keys.root_mint, &keys.payment_mint, 5_000);
    family.market.send(&[list], &owner).unwrap();
    assert_error(
        &family.set_trend_share(100),
        EscrowError::ModelListedForSale,
    );
    assert_eq!(family.market.snapshot(&family.money_accounts()), before);
    assert_eq!(family.pool().trend_share_bps, TREND_SHARE as u16);
    family
        .market
        .send(
            &[cancel_model_sale_ix(&owner.pubkey(), &keys.root_mint)],
            &owner,
        )
        .unwrap();
    family.set_trend_share(100).unwrap();
    assert_eq!(family.pool().trend_share_bps, 100);
}

#[test]
fn the_platform_cap_bounds_the_trend_share_at_payment_and_keeps_wash_trading_unprofitable() {
    let mut family = FamilyMarket::new(1);
    let authority = family.market.platform.authority.insecure_clone();
    let settings = |max_trend_share_bps| ConfigUpdate {
        family: Some(FamilySettings {
            max_trend_share_bps,
            ..default_family_settings()
        }),
        ..ConfigUpdate::default()
    };
    // Lowest fee 12% (the top creator tier): 3 x 400 bps is not below it.
    let refused = update_config_ix(&authority.pubkey(), settings(400));
    assert_error(
        &family.market.send(&[refused], &authority),
        RegistryError::TrendShareCapTooHigh,
    );
    // Lowering the cap applies to the pool's next payment.
    let lowered = update_config_ix(&authority.pubkey(), settings(100));
    family.market.send(&[lowered], &authority).unwrap();
    family.buy(1, 1, PRICE);
    assert_eq!(family.pool_balance(), expected(PRICE, 100, 10_000).to_pool);
    // Pools off: members keep all their net revenue.
    let off = update_config_ix(&authority.pubkey(), settings(0));
    family.market.send(&[off], &authority).unwrap();
    family.buy(1, 1, PRICE);
    assert_eq!(family.pool_balance(), expected(PRICE, 100, 10_000).to_pool);
    assert_eq!(
        family.vault_balance(1),
        expected(PRICE, 100, 10_000).to_vault + bps(PRICE, BPS - FEE)
    );
}

/// The wash trader (the root's owner, rated 5 stars by its own paid
/// licenses) buys its own licenses to take the pool from an honest fork
/// (rated 1 star). Whatever it spends, it ends with less than it started.
#[test]
fn a_wash_trader_always_loses_more_in_fees_than_it_takes_from_honest_members() {
    for (honest_sales, wash_sales) in [(1u64, 1u64), (1, 6), (4, 2), (2, 12)] {
        let mut family = FamilyMarket::new(1);
        family.rate(1, 1, 3);
        let trader = family.owners[0].pubkey();
        let trader_account = family.market.fund(&trader, 0);
        let pool_before = family.pool().holdings().unwrap();
        let mut spent = 0;
        family.rate(0, 5, 3);
        spent += 3 * PRICE;
        for _ in 0..wash_sales {
            family.buy(0, 1, PRICE);
            spent += PRICE;
        }
        for _ in 0..honest_sales {
            family.buy(1, 1, PRICE);
        }
        family.go_to_epoch(1);
        family.collect(0).unwrap();
        family.collect(1).unwrap();
        // What came back to the trader: its vault (it owns all of it) less
        // what it had before the wash; buyers were its own wallets.
        let vault = family.vault(0);
        assert_eq!(balance(&family.market.platform.chain, &trader_account), 0);
        let returned = vault.total_income;
        assert!(
            returned < spent,
            "{honest_sales} honest / {wash_sales} wash sales: the trader got back {returned} of {spent} (pool held {pool_before} before)"
        );
        // Its gain from the honest member stays under 3 x trend share of its wash volume.
        let own_net = spent - bps(spent, FEE);
        let gain_from_others = returned.saturating_sub(own_net);
        assert!(gain_from_others < bps(spent, 3 * TREND_SHARE));
        assert!(bps(spent, 3 * TREND_SHARE) < bps(spent, FEE));
    }
}

#[test]
fn collect_refuses_a_foreign_pool_and_an_outdated_split() {
    let mut family = FamilyMarket::new(1);
    family.buy(1, 1, PRICE);
    family.go_to_epoch(1);
    // Another family's pool (a second base model's).
    let owner = family.owners[0].insecure_clone();
    let (other_root, result) = family
        .market
        .platform
        .register_model(&owner, default_model_args());
    result.unwrap();
    let other = FamilyKeys {
        root_mint: other_root.pubkey(),
        ..family.family_keys()
    };
    family
        .market
        .send(&[set_trend_share_ix(&owner.pubkey(), &other, 100)], &owner)
        .unwrap();
    let before = family.market.snapshot(&family.money_accounts());
    let foreign = collect_family_reward_ix(&family.members[1].model_mint, &other);
    assert_rejected_by(&family.market.attack(foreign, &[]), &royalty_escrow::ID);
    // A split change the vault has not synced yet.
    let fork_owner = family.owners[1].insecure_clone();
    let contributor = family.market.chain().funded_keypair(SOL);
    name_contributor(
        &mut family.market,
        &fork_owner,
        &family.members[1].model_mint,
        &contributor,
        1_000,
    );
    assert_error(&family.collect(1), EscrowError::SplitOutdated);
    assert_eq!(family.market.snapshot(&family.money_accounts()), before);
}

#[test]
fn distribute_pays_into_the_recipients_associated_account_unless_it_opted_out() {
    let mut family = FamilyMarket::new(1);
    let fork_owner = family.owners[1].insecure_clone();
    let fork = family.members[1];
    let contributor = family.market.chain().funded_keypair(SOL);
    name_contributor(
        &mut family.market,
        &fork_owner,
        &fork.model_mint,
        &contributor,
        2_500,
    );
    let sync = sync_split_ix(&fork.model_mint, &fork.payment_mint, &SPL_TOKEN, &[]);
    family.market.attack(sync, &[]).unwrap();
    family.buy(1, 1, PRICE);
    let income = expected(PRICE, TREND_SHARE, 10_000).to_vault;
    let contributor_share = bps(income, 2_500);

    let keeper = family.market.chain().funded_keypair(SOL);
    let keeper_tokens = family.market.fund(&keeper.pubkey(), 0);
    let distribution = Distribution {
        distributor: keeper.pubkey(),
        distributor_tokens: keeper_tokens,
        model_mint: fork.model_mint,
        payment_mint: fork.payment_mint,
        token_program: SPL_TOKEN,
        slot: 1,
        recipient: contributor.pubkey(),
        ownership_token: None,
    };
    // The contributor opted out: only its own claim pays it.
    family
        .market
        .send(
            &[set_payout_preferences_ix(&contributor.pubkey(), true, true)],
            &contributor,
        )
        .unwrap();
    let before = family.market.snapshot(&family.money_accounts());
    assert_error(
        &family.market.send(&[distribute_ix(&distribution)], &keeper),
        EscrowError::RecipientOptedOut,
    );
    // Opted in, but no keeper may create its token account.
    family
        .market
        .send(
            &[set_payout_preferences_ix(
                &contributor.pubkey(),
                false,
                false,
            )],
            &contributor,
        )
        .unwrap();
    assert_error(
        &family.market.send(&[distribute_ix(&distribution)], &keeper),
        EscrowError::RecipientAccountMissing,
    );
    // A wallet that is not the slot's recipient.
    let wrong = Distribution {
        recipient: keeper.pubkey(),
        ..distribution
    };
    assert_error(
        &family.market.send(&[distribute_ix(&wrong)], &keeper),
        EscrowError::NotARecipient,
    );
    assert_eq!(family.market.snapshot(&family.money_accounts()), before);

    // Account creation allowed: the keeper creates it and pays the contributor.
    family
        .market
        .send(
            &[set_payout_preferences_ix(
                &contributor.pubkey(),
                false,
                true,
            )],
            &contributor,
        )
        .unwrap();
    family
        .market
        .send(&[distribute_ix(&distribution)], &keeper)
        .unwrap();
    assert_eq!(
        family.market.balance_of(&contributor.pubkey()),
        contributor_share
    );
    assert_eq!(balance(&family.market.platform.chain, &keeper_tokens), 0);
    assert_error(
        &family.market.send(&[distribute_ix(&distribution)], &keeper),
        EscrowError::NothingToClaim,
    );

    // The owner slot pays the NFT's holder, less a 1% distributor fee.
    let authority = family.market.platform.authority.insecure_clone();
    let fee_update = ConfigUpdate {
        family: Some(FamilySettings {
            distributor_fee_bps: 100,
            ..default_family_settings()
        }),
        ..ConfigUpdate::default()
    };
    family
        .market
        .send(
            &[update_config_ix(&authority.pubkey(), fee_update)],
            &authority,
        )
        .unwrap();
    let owner_share = income - bps(income, 1_000) - contributor_share;
    let owner_before = family.market.balance_of(&fork_owner.pubkey());
    let to_owner = Distribution {
        slot: royalty_escrow::constants::OWNER_SLOT as u8,
        recipient: fork_owner.pubkey(),
        ownership_token: Some(ownership_token_address(
            &fork_owner.pubkey(),
            &fork.model_mint,
        )),
        ..distribution
    };
    family
        .market
        .send(&[distribute_ix(&to_owner)], &keeper)
        .unwrap();
    let keeper_fee = bps(owner_share, 100);
    assert_eq!(
        family.market.balance_of(&fork_owner.pubkey()) - owner_before,
        owner_share - keeper_fee
    );
    assert_eq!(
        balance(&family.market.platform.chain, &keeper_tokens),
        keeper_fee
    );
    // Without the ownership token the owner slot is refused.
    let without_nft = Distribution {
        ownership_token: None,
        ..to_owner
    };
    assert_error(
        &family.market.send(&[distribute_ix(&without_nft)], &keeper),
        EscrowError::NotModelOwner,
    );
}

// ------------------------------------------------- property test of the pool

const WINDOW: u64 = COLLECT_WINDOW_EPOCHS as u64;
const PLATFORM_CAP: u128 = 300;

/// The pool's rules written from the design, with their own bookkeeping
/// (a map of every epoch still holding tokens, unbounded point lists per
/// member), never calling the program's math: each epoch's income is
/// divided by points; a closed epoch is collectable for `WINDOW` epochs;
/// when the pool is next touched after that, or if nobody earned points
/// in it, what it still holds joins the epoch of that touch.
#[derive(Clone, Debug, Default)]
struct ReferencePool {
    origin: i64,
    trend_share: u128,
    current: u64,
    /// Epoch -> (income, points, collected).
    epochs: std::collections::BTreeMap<u64, (u128, u128, u128)>,
    /// Per member: epoch -> points not yet collected.
    member_points: Vec<std::collections::BTreeMap<u64, u128>>,
    member_income: Vec<u128>,
    /// Lifetime sales per member's creator (each member has its own creator).
    creator_sales: Vec<u128>,
    /// (count, sum) of each member's verified ratings.
    ratings: Vec<(u64, u64)>,
}

impl ReferencePool {
    fn touch(&mut self, now: i64) {
        let epoch = ((now - self.origin) / WEEK) as u64;
        if epoch <= self.current {
            return;
        }
        let mut given_back = 0;
        self.epochs
            .retain(|&closed, &mut (income, points, collected)| {
                let keep = points > 0 && closed + WINDOW >= epoch;
                if !keep {
                    given_back += income - collected;
                }
                keep
            });
        self.epochs.insert(epoch, (given_back, 0, 0));
        self.current = epoch;
    }

    fn multiplier(&self, member: usize) -> u128 {
        let (count, sum) = self.ratings[member];
        if count < 3 {
            return 10_000;
        }
        // Linear from 5,000 (1 star) to 15,000 (5 stars).
        (5_000 + (sum as u128 * 2_500 / count as u128) - 2_500).min(15_000)
    }

    fn buy(&mut self, member: usize, price: u128, now: i64) {
        // Tiers at 1,000 / 10,000 / 100,000 whole units of lifetime sales.
        let whole_units = self.creator_sales[member] / 1_000_000;
        let fee_bps = match whole_units {
            0..=999 => 2_000,
            1_000..=9_999 => 1_800,
            10_000..=99_999 => 1_500,
            _ => 1_200,
        };
        self.creator_sales[member] += price;
        let net = price - price * fee_bps / BPS as u128;
        self.touch(now);
        let to_pool = net * self.trend_share.min(PLATFORM_CAP) / BPS as u128;
        let points = to_pool * self.multiplier(member) / BPS as u128;
        let current = self.epochs.entry(self.current).or_default();
        current.0 += to_pool;
        current.1 += points;
        if points > 0 {
            *self.member_points[member].entry(self.current).or_default() += points;
        }
        self.member_income[member] += net - to_pool;
    }

    /// What collecting pays the member now (0: refused, and nothing changes).
    fn collect(&mut self, member: usize, now: i64) -> u128 {
        let mut after = self.clone();
        after.touch(now);
        let current = after.current;
        let mut total = 0;
        let entries = std::mem::take(&mut after.member_points[member]);
        for (epoch, points) in entries {
            if epoch >= current {
                after.member_points[member].insert(epoch, points);
                continue;
            }
            if let Some((income, epoch_points, collected)) = after.epochs.get_mut(&epoch) {
                let reward = *income * points / *epoch_points;
                *collected += reward;
                total += reward;
            }
        }
        if total > 0 {
            after.member_income[member] += total;
            *self = after;
        }
        total
    }

    fn holdings(&self) -> u128 {
        self.epochs
            .values()
            .map(|(income, _, collected)| income - collected)
            .sum()
    }
}

/// License prices of the steps, from dust (no unit for the pool) up; each
/// member lists one license per price, at listing id `PRICE_LISTINGS + index`.
const STEP_PRICES: [u64; 6] = [1, 34, 999, PRICE, 7_777_777, 400_000_000];
const PRICE_LISTINGS: u64 = 10;

#[derive(Clone, Debug)]
enum PoolStep {
    Buy { member: usize, price: u64 },
    Wait { secs: i64 },
    Collect { member: usize },
    SetTrendShare { bps: u16 },
}

fn pool_step() -> impl Strategy<Value = PoolStep> {
    prop_oneof![
        4 => (0..3usize, prop::sample::select(STEP_PRICES.to_vec()))
            .prop_map(|(member, price)| PoolStep::Buy { member, price }),
        2 => prop::sample::select(vec![60i64, 3 * 86_400, WEEK, 20 * 86_400, 40 * 86_400])
            .prop_map(|secs| PoolStep::Wait { secs }),
        3 => (0..3usize).prop_map(|member| PoolStep::Collect { member }),
        1 => prop::sample::select(vec![0u16, 1, 150, 300]).prop_map(|bps| PoolStep::SetTrendShare { bps }),
    ]
}

/// (rating count, rating sum) of each of the three members.
fn ratings() -> impl Strategy<Value = Vec<(u64, u64)>> {
    prop::collection::vec(
        prop::sample::select(vec![0u64, 2, 3, 7])
            .prop_flat_map(|count| (Just(count), count..=5 * count)),
        3,
    )
}

/// Writes a model's verified ratings directly (a fixture).
fn set_ratings(market: &mut MarketFixture, model_mint: &Pubkey, (count, sum): (u64, u64)) {
    let address = model_pda(model_mint);
    let mut model: model_registry::state::Model = market.platform.chain.account(&address);
    model.rating_count = count;
    model.rating_sum = sum;
    let mut data = Vec::new();
    anchor_lang::AccountSerialize::try_serialize(&model, &mut data).unwrap();
    let mut account = market.platform.chain.svm.get_account(&address).unwrap();
    account.data = data;
    market
        .platform
        .chain
        .svm
        .set_account(address, account)
        .unwrap();
}

fn run_pool_case(member_ratings: &[(u64, u64)], steps: &[PoolStep]) -> Result<(), TestCaseError> {
    let mut family = FamilyMarket::new(2);
    for (member, rating) in member_ratings.iter().enumerate() {
        let mint = family.members[member].model_mint;
        set_ratings(&mut family.market, &mint, *rating);
        for (index, price) in STEP_PRICES.iter().enumerate() {
            family.list(member, PRICE_LISTINGS + index as u64, one_time(*price));
        }
    }
    let mut reference = ReferencePool {
        origin: family.pool().origin,
        trend_share: TREND_SHARE as u128,
        member_points: vec![Default::default(); 3],
        member_income: vec![0; 3],
        creator_sales: vec![0; 3],
        ratings: member_ratings.to_vec(),
        ..ReferencePool::default()
    };
    reference.epochs.insert(0, (0, 0, 0));
    for (index, step) in steps.iter().enumerate() {
        let now = family.market.now();
        match *step {
            PoolStep::Buy { member, price } => {
                let index = STEP_PRICES
                    .iter()
                    .position(|&listed| listed == price)
                    .unwrap();
                family.buy(member, PRICE_LISTINGS + index as u64, price);
                reference.buy(member, price as u128, now);
            }
            PoolStep::Wait { secs } => family.market.advance_time(secs),
            PoolStep::Collect { member } => {
                let expected = reference.collect(member, now);
                let result = family.collect(member);
                if expected == 0 {
                    prop_assert_eq!(
                        custom_error_code(&result),
                        Some(EscrowError::NothingToCollect as u32 + 6000),
                        "step {}: {:?}",
                        index,
                        step
                    );
                } else {
                    prop_assert!(
                        result.is_ok(),
                        "step {}: {:?} refused: {:?}",
                        index,
                        step,
                        result
                    );
                }
            }
            PoolStep::SetTrendShare { bps } => {
                family.set_trend_share(bps).expect("set_trend_share");
                reference.trend_share = bps as u128;
            }
        }
        for member in 0..3 {
            prop_assert_eq!(
                family.vault(member).total_income as u128,
                reference.member_income[member],
                "member {} after step {}: {:?}",
                member,
                index,
                step
            );
            prop_assert_eq!(
                family.vault_balance(member) as u128,
                reference.member_income[member]
            );
        }
        let pool = family.pool();
        prop_assert_eq!(
            family.pool_balance() as u128,
            reference.holdings(),
            "pool after step {}: {:?}",
            index,
            step
        );
        prop_assert_eq!(pool.holdings().unwrap(), family.pool_balance());
        prop_assert_eq!(
            pool.total_income - pool.total_collected,
            family.pool_balance()
        );
    }
    Ok(())
}

/// Random families (ratings), activities and collection orders: every
/// member vault's income and the pool's balance equal the reference's to
/// the unit after every step. `PROPTEST_CASES` sets the case count (64).
#[test]
fn the_pool_pays_every_member_what_an_independent_reference_says() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(64);
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    });
    runner
        .run(
            &(ratings(), prop::collection::vec(pool_step(), 5..40)),
            |(member_ratings, steps)| run_pool_case(&member_ratings, &steps),
        )
        .unwrap();
}

/// The family instructions fit a transaction, and collecting costs the
/// same accounts and bytes in a family of 2 as in a family of 1,001.
#[test]
fn family_transactions_fit_and_collect_does_not_grow_with_the_family() {
    let mut small = FamilyMarket::new(1);
    let mut large = FamilyMarket::new(1);
    let root = large.members[0];
    let forker = large.owners[1].insecure_clone();
    for index in 0..999 {
        let (_, result) = large.market.platform.fork_model(
            &forker,
            &root.model_mint,
            RegisterModelArgs {
                name: format!("Sibling {index}"),
                ..default_model_args()
            },
        );
        result.expect("fork_model");
    }
    assert_eq!(large.market.model().children_count, 1_000);
    let mut sizes = Vec::new();
    for family in [&mut small, &mut large] {
        family.buy(1, 1, PRICE);
        family.go_to_epoch(1);
        let collect =
            collect_family_reward_ix(&family.members[1].model_mint, &family.family_keys());
        let payer = family.market.chain().funded_keypair(SOL);
        sizes.push(transaction_size(
            &family.market.platform.chain,
            &[collect.clone()],
            &[&payer],
        ));
        family
            .market
            .send(&[collect], &payer)
            .expect("collect_family_reward");
        assert_eq!(
            family.vault_balance(1),
            expected(PRICE, TREND_SHARE, 10_000).to_vault
                + expected(PRICE, TREND_SHARE, 10_000).to_pool
        );
    }
    assert_eq!(sizes[0], sizes[1]);
    println!(
        "collect_family_reward      {:>5} bytes {:>3} accounts (family of 2 and of 1,001)",
        sizes[0].0, sizes[0].1
    );

    let owner = small.owners[1].insecure_clone();
    let keys = small.family_keys();
    let distribution = Distribution {
        distributor: owner.pubkey(),
        distributor_tokens: small.members[1].payment_account(&owner.pubkey()),
        model_mint: small.members[1].model_mint,
        payment_mint: keys.payment_mint,
        token_program: SPL_TOKEN,
        slot: royalty_escrow::constants::OWNER_SLOT as u8,
        recipient: owner.pubkey(),
        ownership_token: Some(ownership_token_address(
            &owner.pubkey(),
            &small.members[1].model_mint,
        )),
    };
    let root_owner = small.owners[0].insecure_clone();
    for (name, ix, signer) in [
        (
            "set_trend_share",
            set_trend_share_ix(&root_owner.pubkey(), &keys, 200),
            &root_owner,
        ),
        (
            "distribute (owner slot)",
            distribute_ix(&distribution),
            &owner,
        ),
        (
            "set_payout_preferences",
            set_payout_preferences_ix(&owner.pubkey(), false, true),
            &owner,
        ),
    ] {
        let (bytes, accounts) = transaction_size(&small.market.platform.chain, &[ix], &[signer]);
        println!("{name:<26} {bytes:>5} bytes {accounts:>3} accounts");
        assert!(bytes <= 1232, "{name}: {bytes} bytes");
    }
    for (name, space) in [
        (
            "FamilyPool",
            8 + <FamilyPool as anchor_lang::Space>::INIT_SPACE,
        ),
        (
            "PayoutPreferences",
            8 + <royalty_escrow::state::PayoutPreferences as anchor_lang::Space>::INIT_SPACE,
        ),
        ("Vault", 8 + <Vault as anchor_lang::Space>::INIT_SPACE),
    ] {
        let rent = small
            .market
            .platform
            .chain
            .svm
            .minimum_balance_for_rent_exemption(space);
        println!("{name:<26} {space:>5} bytes, rent {rent} lamports");
    }
    let pool_rent = small
        .market
        .platform
        .chain
        .svm
        .minimum_balance_for_rent_exemption(8 + <FamilyPool as anchor_lang::Space>::INIT_SPACE);
    assert_eq!(
        small.market.platform.chain.lamports(&keys.pool()),
        pool_rent
    );
}

/// Points without the platform's fee: a member's owner calls
/// `deposit_license_revenue` itself instead of buying through the market,
/// naming the market authority unsigned, or its own key as that authority.
/// Both are refused and nothing moves.
#[test]
fn only_the_market_pays_license_revenue_into_a_family() {
    use anchor_lang::{solana_program::instruction::Instruction, InstructionData, ToAccountMetas};
    let mut family = FamilyMarket::new(1);
    let owner = family.owners[1].insecure_clone();
    let member = family.members[1];
    let source = family.market.fund(&owner.pubkey(), PRICE);
    let direct = |market_authority: Pubkey| Instruction {
        program_id: royalty_escrow::ID,
        accounts: royalty_escrow::accounts::DepositLicenseRevenue {
            market_authority,
            depositor: owner.pubkey(),
            config: config_pda(),
            model: model_pda(&member.model_mint),
            vault: vault_accounts(member.vault(), &member.payment_mint, &SPL_TOKEN),
            source,
            family_pool: member.family_pool(),
            pool_tokens: pool_tokens_pda(&member.family_pool()),
            event_authority: event_authority(&royalty_escrow::ID),
            program: royalty_escrow::ID,
        }
        .to_account_metas(None),
        data: royalty_escrow::instruction::DepositLicenseRevenue { amount: PRICE }.data(),
    };
    let mut watched = family.money_accounts();
    watched.push(source);
    let before = family.market.snapshot(&watched);
    let mut unsigned = direct(market_authority());
    unsigned.accounts[0].is_signer = false;
    assert_error(
        &family.market.send(&[unsigned], &owner),
        anchor_lang::error::ErrorCode::AccountNotSigner,
    );
    assert_error(
        &family.market.send(&[direct(owner.pubkey())], &owner),
        anchor_lang::error::ErrorCode::ConstraintSeeds,
    );
    assert_eq!(family.market.snapshot(&watched), before);
    assert_eq!(family.pool().current_points, 0);
}
