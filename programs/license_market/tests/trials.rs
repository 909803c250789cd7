//! Try before buy: a pay-per-use listing gives each new wallet trial units
//! paid from the owner's trial budget; a wallet tries a listing once,
//! whatever it does with its licenses; trial credits are spent first and
//! can be neither withdrawn nor sold.

use {
    anchor_lang::system_program,
    hex_test_support::{
        market::*, registry::ownership_token_address, solana_keypair::Keypair,
        solana_signer::Signer, tokens::SPL_TOKEN, *,
    },
    license_market::{
        errors::MarketError,
        instructions::{CreateListingArgs, UpdateListingArgs},
    },
};

const UNIT: u64 = 10;
const TRIAL_UNITS: u64 = 5;
/// What one trial costs the budget: five units at 10.
const TRIAL: u64 = TRIAL_UNITS * UNIT;
const FEE_BPS: u64 = 2_000;

struct Trials {
    market: MarketFixture,
    meter: Keypair,
}

impl Trials {
    /// A pay-per-use listing (id 1) with a five-unit trial and `budget` funded.
    fn new(budget: u64) -> Self {
        let mut market = MarketFixture::new(SPL_TOKEN);
        let meter = market.wallet(0);
        market
            .create_listing(CreateListingArgs {
                trial_units: TRIAL_UNITS,
                ..listing_args(1, pay_per_use(UNIT, 0, 0, 0), meter.pubkey())
            })
            .unwrap();
        let creator = market.creator.insecure_clone();
        market.fund(&creator.pubkey(), budget);
        let mut trials = Self { market, meter };
        if budget > 0 {
            trials.budget_change(&creator, budget, true).unwrap();
        }
        trials
    }

    fn budget_change(&mut self, owner: &Keypair, amount: u64, fund: bool) -> TxResult {
        let keys = self.market.keys;
        let ix = if fund {
            fund_trials_ix(&owner.pubkey(), &keys, 1, amount)
        } else {
            withdraw_trial_budget_ix(&owner.pubkey(), &keys, 1, amount)
        };
        self.market.send(&[ix], owner)
    }

    fn license(&mut self, holder: &Keypair) -> Pubkey {
        let (license, result) = self.market.buy(holder, 1, UNIT);
        result.unwrap();
        license
    }

    fn claim(&mut self, holder: &Keypair, license: &Pubkey) -> TxResult {
        let ix = claim_trial_ix(&holder.pubkey(), &self.market.keys.listing(1), license);
        self.market.send(&[ix], holder)
    }
}

#[test]
fn a_new_wallet_tries_once_and_its_trial_is_spent_before_its_own_credits() {
    let mut trials = Trials::new(1_000);
    let holder = trials.market.wallet(100);
    let license = trials.license(&holder);
    trials.claim(&holder, &license).unwrap();
    assert_eq!(trials.market.license(&license).trial_credits, TRIAL);
    assert_eq!(trials.market.listing(1).trial_budget, 1_000 - TRIAL);
    let claim = trials
        .market
        .platform
        .chain
        .account::<license_market::state::TrialClaim>(&trial_claim_pda(
            &trials.market.keys.listing(1),
            &holder.pubkey(),
        ));
    assert_eq!(
        (claim.wallet, claim.license_mint),
        (holder.pubkey(), license)
    );

    // 7 units: 5 from the trial, 2 from the holder's credits.
    trials
        .market
        .deposit_credits(&holder, 1, &license, 100)
        .unwrap();
    let before = trials.market.balances(&holder.pubkey(), None, None);
    let meter = trials.meter.insecure_clone();
    trials
        .market
        .record_usage(&meter, 1, &license, None, 7, 1)
        .unwrap();
    let cost = 7 * UNIT;
    let fee = cost * FEE_BPS / 10_000;
    let read = trials.market.license(&license);
    assert_eq!(
        (read.trial_credits, read.credits, read.total_paid),
        (0, 100 - 2 * UNIT, cost)
    );
    assert_eq!(
        trials.market.balances(&holder.pubkey(), None, None),
        Balances {
            treasury: before.treasury + fee,
            vault: before.vault + cost - fee,
            escrow: before.escrow - cost,
            ..before
        }
    );

    // A second license, or the first closed and a new one: no second trial.
    let second = trials.license(&holder);
    assert_rejected_by(&trials.claim(&holder, &second), &system_program::ID);
    assert_eq!(trials.market.license(&second).trial_credits, 0);
}

#[test]
fn trial_credits_are_neither_withdrawn_nor_sold_and_return_to_the_budget_on_close() {
    let mut trials = Trials::new(1_000);
    let holder = trials.market.wallet(0);
    let license = trials.license(&holder);
    trials.claim(&holder, &license).unwrap();
    let escrow = trials.market.escrow_balance();
    assert_error(
        &trials.market.withdraw_credits(&holder, 1, &license, 1),
        MarketError::InsufficientCredits,
    );
    assert_error(
        &trials.market.list_for_resale(&holder, &license, 1_000),
        MarketError::CreditsRemaining,
    );
    assert_eq!(trials.market.escrow_balance(), escrow);

    let close = close_license_ix(&holder.pubkey(), &trials.market.keys.listing(1), &license);
    trials.market.send(&[close], &holder).unwrap();
    assert_eq!(trials.market.listing(1).trial_budget, 1_000);
    assert_eq!(trials.market.escrow_balance(), escrow);
    // Closing did not give the wallet its trial back.
    let again = trials.license(&holder);
    assert_rejected_by(&trials.claim(&holder, &again), &system_program::ID);
}

#[test]
fn the_owner_funds_and_takes_back_the_budget_and_an_empty_budget_gives_no_trial() {
    let mut trials = Trials::new(TRIAL - 1);
    let holder = trials.market.wallet(0);
    let license = trials.license(&holder);
    let claim_address = trial_claim_pda(&trials.market.keys.listing(1), &holder.pubkey());
    assert_error(
        &trials.claim(&holder, &license),
        MarketError::TrialBudgetExhausted,
    );
    assert!(!trials.market.platform.chain.exists(&claim_address));

    let creator = trials.market.creator.insecure_clone();
    let stranger = trials.market.wallet(TRIAL);
    // It names the owner's NFT account: still not the owner.
    let keys = trials.market.keys;
    let mut fund = fund_trials_ix(&stranger.pubkey(), &keys, 1, TRIAL);
    fund.accounts[2].pubkey = ownership_token_address(&creator.pubkey(), &keys.model_mint);
    assert_error(
        &trials.market.send(&[fund], &stranger),
        MarketError::NotModelOwner,
    );
    assert_error(
        &trials.budget_change(&creator, TRIAL, false),
        MarketError::InsufficientTrialBudget,
    );
    trials.budget_change(&creator, TRIAL - 1, false).unwrap();
    assert_eq!(trials.market.balance_of(&creator.pubkey()), TRIAL - 1);
    assert_eq!(trials.market.listing(1).trial_budget, 0);
    trials.market.fund(&creator.pubkey(), 1);
    trials.budget_change(&creator, TRIAL, true).unwrap();
    trials.claim(&holder, &license).unwrap();
    assert_eq!(trials.market.listing(1).trial_budget, 0);
}

#[test]
fn trials_belong_to_pay_per_use_listings_that_offer_them() {
    let mut market = MarketFixture::new(SPL_TOKEN);
    assert_error(
        &market.create_listing(CreateListingArgs {
            trial_units: 5,
            ..listing_args(1, one_time(1_000), Pubkey::new_unique())
        }),
        MarketError::TrialsOnlyPayPerUse,
    );
    market
        .create_listing(listing_args(1, one_time(1_000), Pubkey::new_unique()))
        .unwrap();
    assert_error(
        &market.update_listing(
            1,
            UpdateListingArgs {
                trial_units: Some(5),
                ..UpdateListingArgs::default()
            },
        ),
        MarketError::TrialsOnlyPayPerUse,
    );
    market
        .create_listing(listing_args(
            2,
            pay_per_use(UNIT, 0, 0, 0),
            Pubkey::new_unique(),
        ))
        .unwrap();
    let holder = market.wallet(0);
    let (license, result) = market.buy(&holder, 2, UNIT);
    result.unwrap();
    let ix = claim_trial_ix(&holder.pubkey(), &market.keys.listing(2), &license);
    assert_error(&market.send(&[ix], &holder), MarketError::NoTrialOffered);
}
