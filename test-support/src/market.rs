//! License market builders: one instruction builder per `license_market`
//! instruction, and a fixture with a registered model, its vault in a
//! payment mint, and helpers to open listings and buy licenses.

use {
    crate::{
        escrow::{create_vault_ix, family_pool_pda, pool_tokens_pda, vault_pda, vault_tokens_pda},
        event_authority,
        registry::{self, config_pda, model_pda, ownership_token_address, Platform},
        tokens::{self, balance, token_address, TOKEN_2022},
        TestChain, TxResult, SOL,
    },
    anchor_lang::{
        prelude::{Clock, Pubkey},
        solana_program::{program_pack::Pack, system_instruction},
        system_program, AnchorDeserialize, InstructionData, ToAccountMetas,
    },
    anchor_spl::{
        associated_token,
        token::spl_token,
        token_2022::spl_token_2022::{
            self,
            extension::StateWithExtensions,
            state::{Account as TokenAccountState, Mint as MintState},
        },
    },
    license_market::{
        accounts,
        constants::*,
        instruction,
        instructions::{
            license_credits::__client_accounts_license_credits::LicenseCredits,
            license_payment::__client_accounts_license_payment::LicensePayment,
            market_escrow::__client_accounts_market_escrow::MarketEscrow,
            model_owner::__client_accounts_model_owner::ModelOwner,
            pending_purchase::__client_accounts_pending_purchase::PendingPurchase,
            CreateListingArgs, UpdateListingArgs,
        },
        payout::__client_accounts_payout::Payout,
        state::{
            DerivativePolicy, License, LicenseAnswer, LicenseTerms, LicenseValidity, Listing,
            Pricing, PricingKind, VolumeTier,
        },
    },
    model_registry::{
        instructions::RegisterModelArgs,
        state::{Config, Model},
    },
    solana_instruction::Instruction,
    solana_keypair::Keypair,
    solana_signer::Signer,
    solana_transaction::Transaction,
};

// ---------------------------------------------------------------- addresses

pub use hex_common::pda::{
    creator_sales as creator_sales_pda, escrow_tokens as escrow_tokens_pda, license as license_pda,
    listing as listing_pda, market_authority, review as review_pda, trial_claim as trial_claim_pda,
};

/// The holder's (Token-2022) associated token account of a license NFT.
pub fn license_token_address(holder: &Pubkey, license_mint: &Pubkey) -> Pubkey {
    token_address(holder, license_mint, &TOKEN_2022)
}

/// Who a license payment concerns: the model, its creator (whose lifetime
/// sales set the fee tier), the platform treasury and the payment mint.
#[derive(Clone, Copy, Debug)]
pub struct MarketKeys {
    pub model_mint: Pubkey,
    /// The root of the model's family: its pool is `[FAMILY_POOL_SEED, root, payment mint]`.
    pub family_root: Pubkey,
    /// A fork of a closed model: the license it was made under, which sales of its licenses present.
    pub derivative_license: Option<Pubkey>,
    pub creator: Pubkey,
    pub treasury: Pubkey,
    pub payment_mint: Pubkey,
    pub payment_token_program: Pubkey,
}

impl MarketKeys {
    pub fn listing(&self, listing_id: u64) -> Pubkey {
        listing_pda(&self.model_mint, listing_id)
    }

    /// `owner`'s associated token account of the payment mint.
    pub fn payment_account(&self, owner: &Pubkey) -> Pubkey {
        token_address(owner, &self.payment_mint, &self.payment_token_program)
    }

    pub fn vault(&self) -> Pubkey {
        vault_pda(&self.model_mint, &self.payment_mint)
    }

    pub fn vault_tokens(&self) -> Pubkey {
        vault_tokens_pda(&self.vault())
    }

    pub fn family_pool(&self) -> Pubkey {
        family_pool_pda(&self.family_root, &self.payment_mint)
    }

    pub fn escrow_tokens(&self) -> Pubkey {
        escrow_tokens_pda(&self.payment_mint)
    }

    pub fn payout(&self) -> Payout {
        Payout {
            config: config_pda(),
            model: model_pda(&self.model_mint),
            creator_sales: creator_sales_pda(&self.creator, &self.payment_mint),
            payment_mint: self.payment_mint,
            treasury_payment: self.payment_account(&self.treasury),
            vault: self.vault(),
            vault_tokens: self.vault_tokens(),
            family_pool: self.family_pool(),
            pool_tokens: pool_tokens_pda(&self.family_pool()),
            market_authority: market_authority(),
            payment_token_program: self.payment_token_program,
            escrow_program: royalty_escrow::ID,
            escrow_event_authority: event_authority(&royalty_escrow::ID),
        }
    }

    fn license_payment(&self, holder: &Pubkey, listing: &Pubkey, mint: &Pubkey) -> LicensePayment {
        LicensePayment {
            holder: *holder,
            listing: *listing,
            license: license_pda(mint),
            license_mint: *mint,
            holder_payment: self.payment_account(holder),
            payout: self.payout(),
            token_program: TOKEN_2022,
            system_program: system_program::ID,
        }
    }

    fn pending_purchase(
        &self,
        holder: &Pubkey,
        listing: &Pubkey,
        mint: &Pubkey,
    ) -> PendingPurchase {
        PendingPurchase {
            listing: *listing,
            license: license_pda(mint),
            holder: *holder,
            license_mint: *mint,
            holder_license_token: license_token_address(holder, mint),
            escrow: self.market_escrow(),
            holder_payment: self.payment_account(holder),
            registry_program: model_registry::ID,
            token_program: TOKEN_2022,
        }
    }

    fn license_credits(&self, holder: &Pubkey, listing: &Pubkey, mint: &Pubkey) -> LicenseCredits {
        LicenseCredits {
            holder: *holder,
            listing: *listing,
            license: license_pda(mint),
            escrow: self.market_escrow(),
            holder_payment: self.payment_account(holder),
        }
    }

    /// The market's escrow in this payment mint.
    fn market_escrow(&self) -> MarketEscrow {
        MarketEscrow {
            payment_mint: self.payment_mint,
            escrow_tokens: self.escrow_tokens(),
            market_authority: market_authority(),
            payment_token_program: self.payment_token_program,
        }
    }
}

fn market_ix(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: license_market::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

fn market_model_owner(owner: &Pubkey, model_mint: &Pubkey) -> ModelOwner {
    ModelOwner {
        owner: *owner,
        model: model_pda(model_mint),
        ownership_token: ownership_token_address(owner, model_mint),
    }
}

// ---------------------------------------------------------- instructions

/// `ownership_token`: the token account presented as the owner's ownership
/// NFT (normally `ownership_token_address(owner, model mint)`).
pub fn create_listing_ix(
    owner: &Pubkey,
    ownership_token: &Pubkey,
    keys: &MarketKeys,
    args: CreateListingArgs,
) -> Instruction {
    market_ix(
        accounts::CreateListing {
            model_owner: ModelOwner {
                ownership_token: *ownership_token,
                ..market_model_owner(owner, &keys.model_mint)
            },
            config: config_pda(),
            listing: keys.listing(args.listing_id),
            vault: keys.vault(),
            payment_mint: keys.payment_mint,
            escrow_tokens: keys.escrow_tokens(),
            creator_sales: creator_sales_pda(&keys.creator, &keys.payment_mint),
            market_authority: market_authority(),
            payment_token_program: keys.payment_token_program,
            system_program: system_program::ID,
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::CreateListing { args },
    )
}

pub fn update_listing_ix(
    owner: &Pubkey,
    ownership_token: &Pubkey,
    model_mint: &Pubkey,
    listing: &Pubkey,
    args: UpdateListingArgs,
) -> Instruction {
    market_ix(
        accounts::UpdateListing {
            model_owner: ModelOwner {
                ownership_token: *ownership_token,
                ..market_model_owner(owner, model_mint)
            },
            config: config_pda(),
            listing: *listing,
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::UpdateListing { args },
    )
}

pub fn close_listing_ix(
    owner: &Pubkey,
    ownership_token: &Pubkey,
    model_mint: &Pubkey,
    listing: &Pubkey,
) -> Instruction {
    market_ix(
        accounts::CloseListing {
            model_owner: ModelOwner {
                ownership_token: *ownership_token,
                ..market_model_owner(owner, model_mint)
            },
            listing: *listing,
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::CloseListing {},
    )
}

/// The owner takes back a closed listing's rent once its licenses are gone.
pub fn reclaim_listing_ix(
    owner: &Pubkey,
    ownership_token: &Pubkey,
    model_mint: &Pubkey,
    listing: &Pubkey,
) -> Instruction {
    market_ix(
        accounts::ReclaimListing {
            model_owner: ModelOwner {
                ownership_token: *ownership_token,
                ..market_model_owner(owner, model_mint)
            },
            listing: *listing,
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::ReclaimListing {},
    )
}

/// The holder of a pay-per-use license takes the listing's trial.
pub fn claim_trial_ix(holder: &Pubkey, listing: &Pubkey, license_mint: &Pubkey) -> Instruction {
    market_ix(
        accounts::ClaimTrial {
            holder: *holder,
            listing: *listing,
            license: license_pda(license_mint),
            trial_claim: trial_claim_pda(listing, holder),
            system_program: system_program::ID,
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::ClaimTrial {},
    )
}

/// The accounts of `fund_trials` and `withdraw_trial_budget`.
pub fn trial_budget_accounts(
    owner: &Pubkey,
    keys: &MarketKeys,
    listing_id: u64,
) -> accounts::TrialBudget {
    accounts::TrialBudget {
        model_owner: market_model_owner(owner, &keys.model_mint),
        listing: keys.listing(listing_id),
        escrow: keys.market_escrow(),
        owner_payment: keys.payment_account(owner),
        event_authority: event_authority(&license_market::ID),
        program: license_market::ID,
    }
}

pub fn fund_trials_ix(
    owner: &Pubkey,
    keys: &MarketKeys,
    listing_id: u64,
    amount: u64,
) -> Instruction {
    market_ix(
        trial_budget_accounts(owner, keys, listing_id),
        instruction::FundTrials { amount },
    )
}

pub fn withdraw_trial_budget_ix(
    owner: &Pubkey,
    keys: &MarketKeys,
    listing_id: u64,
    amount: u64,
) -> Instruction {
    market_ix(
        trial_budget_accounts(owner, keys, listing_id),
        instruction::WithdrawTrialBudget { amount },
    )
}

/// The holder moves a subscription license to listing `to_listing_id`.
pub fn change_tier_ix(
    holder: &Pubkey,
    keys: &MarketKeys,
    license_mint: &Pubkey,
    from_listing_id: u64,
    to_listing_id: u64,
    expected_price: u64,
) -> Instruction {
    market_ix(
        accounts::ChangeTier {
            holder: *holder,
            license: license_pda(license_mint),
            from_listing: keys.listing(from_listing_id),
            to_listing: keys.listing(to_listing_id),
            license_mint: *license_mint,
            holder_payment: keys.payment_account(holder),
            payout: keys.payout(),
            token_program: TOKEN_2022,
            system_program: system_program::ID,
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::ChangeTier { expected_price },
    )
}

/// `payer` pays API revenue of the model, fee included, from its account.
pub fn deposit_api_revenue_ix(payer: &Pubkey, keys: &MarketKeys, amount: u64) -> Instruction {
    market_ix(
        accounts::DepositApiRevenue {
            payer: *payer,
            payer_payment: keys.payment_account(payer),
            payout: keys.payout(),
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::DepositApiRevenue { amount },
    )
}

/// The model's owner approves (or not) a license holder's derivative.
pub fn approve_derivative_ix(
    owner: &Pubkey,
    model_mint: &Pubkey,
    license_mint: &Pubkey,
    approved: bool,
) -> Instruction {
    market_ix(
        accounts::ApproveDerivative {
            model_owner: market_model_owner(owner, model_mint),
            license: license_pda(license_mint),
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::ApproveDerivative { approved },
    )
}

/// The holder closes its license (`listing` is the license's listing).
pub fn close_license_ix(holder: &Pubkey, listing: &Pubkey, license_mint: &Pubkey) -> Instruction {
    market_ix(
        accounts::CloseLicense {
            holder: *holder,
            license: license_pda(license_mint),
            listing: *listing,
            license_mint: *license_mint,
            holder_license_token: license_token_address(holder, license_mint),
            token_program: TOKEN_2022,
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::CloseLicense {},
    )
}

/// `license_mint` is a fresh keypair's address, which signs the transaction.
pub fn buy_license_ix(
    buyer: &Pubkey,
    keys: &MarketKeys,
    listing: &Pubkey,
    license_mint: &Pubkey,
    expected_price: u64,
) -> Instruction {
    market_ix(
        accounts::BuyLicense {
            buyer: *buyer,
            listing: *listing,
            license: license_pda(license_mint),
            license_mint: *license_mint,
            buyer_license_token: license_token_address(buyer, license_mint),
            buyer_payment: keys.payment_account(buyer),
            escrow_tokens: keys.escrow_tokens(),
            payout: keys.payout(),
            registry_program: model_registry::ID,
            token_program: TOKEN_2022,
            associated_token_program: associated_token::ID,
            system_program: system_program::ID,
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
            derivative_license: keys.derivative_license,
        },
        instruction::BuyLicense { expected_price },
    )
}

pub fn renew_license_ix(
    holder: &Pubkey,
    keys: &MarketKeys,
    listing: &Pubkey,
    license_mint: &Pubkey,
    expected_price: u64,
) -> Instruction {
    market_ix(
        accounts::RenewLicense {
            payment: keys.license_payment(holder, listing, license_mint),
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::RenewLicense { expected_price },
    )
}

pub fn report_revenue_ix(
    holder: &Pubkey,
    keys: &MarketKeys,
    listing: &Pubkey,
    license_mint: &Pubkey,
    revenue: u64,
) -> Instruction {
    market_ix(
        accounts::ReportRevenue {
            payment: keys.license_payment(holder, listing, license_mint),
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::ReportRevenue { revenue },
    )
}

pub fn deposit_credits_ix(
    holder: &Pubkey,
    keys: &MarketKeys,
    listing: &Pubkey,
    license_mint: &Pubkey,
    amount: u64,
) -> Instruction {
    market_ix(
        accounts::DepositCredits {
            credits: keys.license_credits(holder, listing, license_mint),
            config: config_pda(),
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::DepositCredits { amount },
    )
}

pub fn withdraw_credits_ix(
    holder: &Pubkey,
    keys: &MarketKeys,
    listing: &Pubkey,
    license_mint: &Pubkey,
    amount: u64,
) -> Instruction {
    market_ix(
        accounts::WithdrawCredits {
            credits: keys.license_credits(holder, listing, license_mint),
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::WithdrawCredits { amount },
    )
}

/// `node_payment`: the compute node's token account for its share, if any.
#[allow(clippy::too_many_arguments)]
pub fn record_usage_ix(
    meter: &Pubkey,
    keys: &MarketKeys,
    listing: &Pubkey,
    license_mint: &Pubkey,
    node_payment: Option<Pubkey>,
    units: u64,
    sequence: u64,
) -> Instruction {
    market_ix(
        accounts::RecordUsage {
            meter: *meter,
            listing: *listing,
            license: license_pda(license_mint),
            escrow_tokens: keys.escrow_tokens(),
            node_payment,
            payout: keys.payout(),
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::RecordUsage { units, sequence },
    )
}

pub fn refund_license_ix(
    holder: &Pubkey,
    keys: &MarketKeys,
    listing: &Pubkey,
    license_mint: &Pubkey,
) -> Instruction {
    market_ix(
        accounts::RefundLicense {
            holder: *holder,
            pending: keys.pending_purchase(holder, listing, license_mint),
            payout: keys.payout(),
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::RefundLicense {},
    )
}

pub fn settle_purchase_ix(
    keys: &MarketKeys,
    listing: &Pubkey,
    license_mint: &Pubkey,
) -> Instruction {
    market_ix(
        accounts::SettlePurchase {
            license: license_pda(license_mint),
            listing: *listing,
            escrow_tokens: keys.escrow_tokens(),
            payout: keys.payout(),
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::SettlePurchase {},
    )
}

pub fn open_dispute_ix(holder: &Pubkey, license_mint: &Pubkey) -> Instruction {
    market_ix(
        accounts::OpenDispute {
            holder: *holder,
            license: license_pda(license_mint),
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::OpenDispute {},
    )
}

pub fn resolve_dispute_ix(
    arbiter: &Pubkey,
    keys: &MarketKeys,
    listing: &Pubkey,
    license_mint: &Pubkey,
    holder: &Pubkey,
    refund_buyer: bool,
) -> Instruction {
    market_ix(
        accounts::ResolveDispute {
            arbiter: *arbiter,
            pending: keys.pending_purchase(holder, listing, license_mint),
            payout: keys.payout(),
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::ResolveDispute { refund_buyer },
    )
}

pub fn list_license_for_resale_ix(
    holder: &Pubkey,
    license_mint: &Pubkey,
    price: u64,
) -> Instruction {
    market_ix(
        accounts::ListLicenseForResale {
            holder: *holder,
            config: config_pda(),
            license: license_pda(license_mint),
            license_mint: *license_mint,
            holder_license_token: license_token_address(holder, license_mint),
            token_program: TOKEN_2022,
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::ListLicenseForResale { price },
    )
}

pub fn buy_resold_license_ix(
    buyer: &Pubkey,
    seller: &Pubkey,
    keys: &MarketKeys,
    listing: &Pubkey,
    license_mint: &Pubkey,
    expected_price: u64,
) -> Instruction {
    market_ix(
        accounts::BuyResoldLicense {
            buyer: *buyer,
            seller: *seller,
            listing: *listing,
            license: license_pda(license_mint),
            license_mint: *license_mint,
            seller_license_token: license_token_address(seller, license_mint),
            buyer_license_token: license_token_address(buyer, license_mint),
            buyer_payment: keys.payment_account(buyer),
            seller_payment: keys.payment_account(seller),
            payout: keys.payout(),
            token_program: TOKEN_2022,
            associated_token_program: associated_token::ID,
            system_program: system_program::ID,
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::BuyResoldLicense { expected_price },
    )
}

pub fn verify_license_ix(
    model_mint: &Pubkey,
    license_mint: &Pubkey,
    holder: &Pubkey,
    at: Option<i64>,
) -> Instruction {
    market_ix(
        accounts::VerifyLicense {
            license: license_pda(license_mint),
            model: model_pda(model_mint),
        },
        instruction::VerifyLicense {
            holder: *holder,
            at,
        },
    )
}

pub fn review_model_ix(
    reviewer: &Pubkey,
    model_mint: &Pubkey,
    license_mint: &Pubkey,
    rating: u8,
    uri: &str,
) -> Instruction {
    let license = license_pda(license_mint);
    market_ix(
        accounts::ReviewModel {
            reviewer: *reviewer,
            license,
            model: model_pda(model_mint),
            review: review_pda(&license),
            market_authority: market_authority(),
            registry_program: model_registry::ID,
            system_program: system_program::ID,
            event_authority: event_authority(&license_market::ID),
            program: license_market::ID,
        },
        instruction::ReviewModel {
            rating,
            uri: uri.to_string(),
        },
    )
}

// ------------------------------------------------------------- listing terms

pub fn one_time(price: u64) -> Pricing {
    Pricing {
        kind: PricingKind::OneTime,
        price,
        period_secs: 0,
        usage_cap: 0,
        revenue_share_bps: 0,
        compute_share_bps: 0,
        volume_tiers: [VolumeTier::default(); VOLUME_TIERS],
    }
}

pub fn subscription(price: u64, period_secs: i64, usage_cap: u64) -> Pricing {
    Pricing {
        kind: PricingKind::Subscription,
        price,
        period_secs,
        usage_cap,
        ..one_time(price)
    }
}

/// `period_secs`: the period of the usage cap (0: the license's life).
pub fn pay_per_use(
    unit_price: u64,
    usage_cap: u64,
    period_secs: i64,
    compute_share_bps: u16,
) -> Pricing {
    Pricing {
        kind: PricingKind::PayPerUse,
        period_secs,
        usage_cap,
        compute_share_bps,
        ..one_time(unit_price)
    }
}

pub fn revenue_share(minimum: u64, period_secs: i64, revenue_share_bps: u16) -> Pricing {
    Pricing {
        kind: PricingKind::RevenueShare,
        period_secs,
        revenue_share_bps,
        ..one_time(minimum)
    }
}

/// A listing without refund window, transferable, with a 10% resale royalty.
pub fn listing_args(
    listing_id: u64,
    pricing: Pricing,
    meter_authority: Pubkey,
) -> CreateListingArgs {
    CreateListingArgs {
        listing_id,
        pricing,
        supply_cap: 0,
        refund_window_secs: 0,
        transferable: true,
        resale_royalty_bps: 1_000,
        derivative_rights: false,
        meter_authority,
        compute_node: Pubkey::default(),
        uri: "https://licenses.hex.example/tier.json".to_string(),
        terms: LicenseTerms::STANDARD,
        trial_units: 0,
    }
}

/// `args` granting derivative rights (the right and the terms' policy agree).
pub fn with_derivative_rights(args: CreateListingArgs) -> CreateListingArgs {
    CreateListingArgs {
        derivative_rights: true,
        terms: LicenseTerms {
            derivatives: DerivativePolicy::Allowed,
            ..args.terms
        },
        ..args
    }
}

// ------------------------------------------------------------- chain helpers

pub fn now(chain: &TestChain) -> i64 {
    chain.svm.get_sysvar::<Clock>().unix_timestamp
}

/// Moves the clock's unix timestamp to `unix_timestamp`.
pub fn set_time(chain: &mut TestChain, unix_timestamp: i64) {
    let mut clock = chain.svm.get_sysvar::<Clock>();
    clock.unix_timestamp = unix_timestamp;
    chain.svm.set_sysvar(&clock);
}

pub fn advance_time(chain: &mut TestChain, secs: i64) {
    set_time(chain, now(chain) + secs);
}

/// The wire size (bincode, as the network counts it) of a transaction of
/// `instructions` paid by the first signer, and its number of accounts.
pub fn transaction_size(
    chain: &TestChain,
    instructions: &[Instruction],
    signers: &[&Keypair],
) -> (usize, usize) {
    let payer = signers[0].pubkey();
    let transaction = Transaction::new_signed_with_payer(
        instructions,
        Some(&payer),
        signers,
        chain.svm.latest_blockhash(),
    );
    let bytes = bincode::serialized_size(&transaction).expect("transactions serialize") as usize;
    (bytes, transaction.message.account_keys.len())
}

/// Writes SPL Token's native mint (wrapped SOL, 9 decimals), which every
/// cluster has, and returns its address.
pub fn native_mint(chain: &mut TestChain) -> Pubkey {
    let mint = spl_token::native_mint::ID;
    if !chain.exists(&mint) {
        tokens::write_mint(chain, &mint, spl_token::ID, 0, 9);
    }
    mint
}

/// Wraps `lamports` into `owner`'s wrapped SOL associated token account.
pub fn wrap_sol(chain: &mut TestChain, owner: &Pubkey, lamports: u64) -> Pubkey {
    let mint = native_mint(chain);
    let account = tokens::token_account(chain, owner, &mint, &spl_token::ID);
    let payer = chain.funded_keypair(lamports + SOL);
    let transfer = system_instruction::transfer(&payer.pubkey(), &account, lamports);
    let sync = spl_token::instruction::sync_native(&spl_token::ID, &account).unwrap();
    chain.send(&[transfer, sync], &[&payer]).expect("wrap SOL");
    account
}

/// The base state of a token account of either token program.
pub fn token_account_state(chain: &TestChain, address: &Pubkey) -> TokenAccountState {
    let account = chain
        .svm
        .get_account(address)
        .unwrap_or_else(|| panic!("no token account at {address}"));
    StateWithExtensions::<TokenAccountState>::unpack(&account.data)
        .expect("a token account")
        .base
}

/// The base state of a mint of either token program.
pub fn mint_state(chain: &TestChain, address: &Pubkey) -> MintState {
    let account = chain
        .svm
        .get_account(address)
        .unwrap_or_else(|| panic!("no mint at {address}"));
    if account.data.len() == MintState::LEN {
        return MintState::unpack(&account.data).expect("a mint");
    }
    StateWithExtensions::<MintState>::unpack(&account.data)
        .expect("a mint")
        .base
}

/// The value of a field of the license NFT's Token-2022 metadata.
pub fn license_metadata_field(
    chain: &TestChain,
    license_mint: &Pubkey,
    key: &str,
) -> Option<String> {
    use spl_token_2022::extension::BaseStateWithExtensions;
    let account = chain.svm.get_account(license_mint)?;
    let state = StateWithExtensions::<MintState>::unpack(&account.data).ok()?;
    let metadata = state
        .get_variable_len_extension::<anchor_spl::token_interface::spl_token_metadata_interface::state::TokenMetadata>()
        .ok()?;
    metadata
        .additional_metadata
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.clone())
}

// ------------------------------------------------------------------ fixture

/// A platform with a registered model, the model's revenue vault in one
/// payment mint, and token accounts of the payment mint for the treasury
/// and the creator.
pub struct MarketFixture {
    pub platform: Platform,
    pub creator: Keypair,
    pub keys: MarketKeys,
    /// None for wrapped SOL, which is funded by wrapping lamports.
    pub mint_authority: Option<Keypair>,
}

/// 1 January 2026, 00:00 UTC: the fixture's starting time.
pub const START_TIME: i64 = 1_767_225_600;

impl MarketFixture {
    /// A fresh payment mint of 6 decimals under `token_program`.
    pub fn new(token_program: Pubkey) -> Self {
        Self::with_model(token_program, registry::default_model_args())
    }

    /// The model registered with `model_args` (e.g. closed source).
    pub fn with_model(token_program: Pubkey, model_args: RegisterModelArgs) -> Self {
        let mut platform = Platform::new();
        let mint_authority = platform.chain.funded_keypair(10 * SOL);
        let payment_mint =
            tokens::create_mint(&mut platform.chain, &mint_authority, token_program, 6);
        Self::with_payment_mint(
            platform,
            payment_mint,
            token_program,
            Some(mint_authority),
            model_args,
        )
    }

    /// Wrapped SOL (SPL Token's native mint, 9 decimals).
    pub fn new_wrapped_sol() -> Self {
        let mut platform = Platform::new();
        let payment_mint = native_mint(&mut platform.chain);
        Self::with_payment_mint(
            platform,
            payment_mint,
            spl_token::ID,
            None,
            registry::default_model_args(),
        )
    }

    fn with_payment_mint(
        mut platform: Platform,
        payment_mint: Pubkey,
        token_program: Pubkey,
        mint_authority: Option<Keypair>,
        model_args: RegisterModelArgs,
    ) -> Self {
        set_time(&mut platform.chain, START_TIME);
        let creator = platform.chain.funded_keypair(100 * SOL);
        let (model_mint, result) = platform.register_model(&creator, model_args);
        result.expect("register_model");
        let keys = MarketKeys {
            model_mint: model_mint.pubkey(),
            family_root: model_mint.pubkey(),
            derivative_license: None,
            creator: creator.pubkey(),
            treasury: platform.treasury,
            payment_mint,
            payment_token_program: token_program,
        };
        platform
            .chain
            .send(
                &[create_vault_ix(
                    &creator.pubkey(),
                    &keys.model_mint,
                    &payment_mint,
                    &token_program,
                )],
                &[&creator],
            )
            .expect("create_vault");
        for owner in [keys.treasury, keys.creator] {
            tokens::token_account(&mut platform.chain, &owner, &payment_mint, &token_program);
        }
        Self {
            platform,
            creator,
            keys,
            mint_authority,
        }
    }

    pub fn chain(&mut self) -> &mut TestChain {
        &mut self.platform.chain
    }

    /// Gives `owner` `amount` payment tokens in its associated token account.
    pub fn fund(&mut self, owner: &Pubkey, amount: u64) -> Pubkey {
        let keys = self.keys;
        match &self.mint_authority {
            Some(authority) => {
                let authority = authority.insecure_clone();
                tokens::mint_to(
                    &mut self.platform.chain,
                    &authority,
                    &keys.payment_mint,
                    &keys.payment_token_program,
                    owner,
                    amount,
                )
            }
            None => wrap_sol(&mut self.platform.chain, owner, amount),
        }
    }

    /// A wallet with 10 SOL and `amount` payment tokens.
    pub fn wallet(&mut self, amount: u64) -> Keypair {
        let wallet = self.platform.chain.funded_keypair(10 * SOL);
        self.fund(&wallet.pubkey(), amount);
        wallet
    }

    pub fn balance_of(&self, owner: &Pubkey) -> u64 {
        balance(&self.platform.chain, &self.keys.payment_account(owner))
    }

    pub fn treasury_balance(&self) -> u64 {
        self.balance_of(&self.keys.treasury)
    }

    pub fn vault_balance(&self) -> u64 {
        balance(&self.platform.chain, &self.keys.vault_tokens())
    }

    pub fn escrow_balance(&self) -> u64 {
        balance(&self.platform.chain, &self.keys.escrow_tokens())
    }

    pub fn listing_address(&self, listing_id: u64) -> Pubkey {
        self.keys.listing(listing_id)
    }

    /// Opens a listing signed by the creator.
    pub fn create_listing(&mut self, args: CreateListingArgs) -> TxResult {
        let creator = self.creator.insecure_clone();
        let ix = create_listing_ix(
            &creator.pubkey(),
            &ownership_token_address(&creator.pubkey(), &self.keys.model_mint),
            &self.keys,
            args,
        );
        self.platform.chain.send(&[ix], &[&creator])
    }

    pub fn update_listing(&mut self, listing_id: u64, args: UpdateListingArgs) -> TxResult {
        let creator = self.creator.insecure_clone();
        let ix = update_listing_ix(
            &creator.pubkey(),
            &ownership_token_address(&creator.pubkey(), &self.keys.model_mint),
            &self.keys.model_mint,
            &self.keys.listing(listing_id),
            args,
        );
        self.platform.chain.send(&[ix], &[&creator])
    }

    /// Buys a license of the listing; returns the license NFT mint.
    pub fn buy(
        &mut self,
        buyer: &Keypair,
        listing_id: u64,
        expected_price: u64,
    ) -> (Pubkey, TxResult) {
        let license_mint = Keypair::new();
        let ix = buy_license_ix(
            &buyer.pubkey(),
            &self.keys,
            &self.keys.listing(listing_id),
            &license_mint.pubkey(),
            expected_price,
        );
        let result = self.platform.chain.send(&[ix], &[buyer, &license_mint]);
        (license_mint.pubkey(), result)
    }

    /// Sends instructions signed (and paid) by `signer`.
    pub fn send(&mut self, instructions: &[Instruction], signer: &Keypair) -> TxResult {
        self.platform.chain.send(instructions, &[signer])
    }

    /// Sends `ix` paid by a fresh wallet and signed also by `signers`, so
    /// that their lamports move only by what `ix` does.
    pub fn attack(&mut self, ix: Instruction, signers: &[&Keypair]) -> TxResult {
        let cranker = self.platform.chain.funded_keypair(SOL);
        let mut all = vec![&cranker];
        all.extend_from_slice(signers);
        self.platform.chain.send(&[ix], &all)
    }

    /// The lamports, owner and bytes of each of `addresses` now.
    pub fn snapshot(&self, addresses: &[Pubkey]) -> Snapshot {
        snapshot(&self.platform.chain, addresses)
    }

    pub fn license(&self, license_mint: &Pubkey) -> License {
        self.platform.chain.account(&license_pda(license_mint))
    }

    pub fn listing(&self, listing_id: u64) -> Listing {
        self.platform.chain.account(&self.keys.listing(listing_id))
    }

    pub fn model(&self) -> Model {
        self.platform
            .chain
            .account(&model_pda(&self.keys.model_mint))
    }

    pub fn config(&self) -> Config {
        self.platform.chain.account(&config_pda())
    }

    pub fn now(&self) -> i64 {
        now(&self.platform.chain)
    }

    pub fn advance_time(&mut self, secs: i64) {
        advance_time(&mut self.platform.chain, secs)
    }

    /// Payment-mint balances of the parties of a sale, and of the market.
    pub fn balances(
        &self,
        buyer: &Pubkey,
        seller: Option<&Pubkey>,
        node: Option<&Pubkey>,
    ) -> Balances {
        Balances {
            buyer: self.balance_of(buyer),
            seller: seller.map_or(0, |seller| self.balance_of(seller)),
            node: node.map_or(0, |node| self.balance_of(node)),
            treasury: self.treasury_balance(),
            vault: self.vault_balance(),
            escrow: self.escrow_balance(),
        }
    }

    pub fn close_listing(&mut self, listing_id: u64) -> TxResult {
        let creator = self.creator.insecure_clone();
        let ix = close_listing_ix(
            &creator.pubkey(),
            &ownership_token_address(&creator.pubkey(), &self.keys.model_mint),
            &self.keys.model_mint,
            &self.keys.listing(listing_id),
        );
        self.platform.chain.send(&[ix], &[&creator])
    }

    pub fn renew(
        &mut self,
        holder: &Keypair,
        listing_id: u64,
        license_mint: &Pubkey,
        expected_price: u64,
    ) -> TxResult {
        let ix = renew_license_ix(
            &holder.pubkey(),
            &self.keys,
            &self.keys.listing(listing_id),
            license_mint,
            expected_price,
        );
        self.send(&[ix], holder)
    }

    pub fn report_revenue(
        &mut self,
        holder: &Keypair,
        listing_id: u64,
        license_mint: &Pubkey,
        revenue: u64,
    ) -> TxResult {
        let ix = report_revenue_ix(
            &holder.pubkey(),
            &self.keys,
            &self.keys.listing(listing_id),
            license_mint,
            revenue,
        );
        self.send(&[ix], holder)
    }

    pub fn deposit_credits(
        &mut self,
        holder: &Keypair,
        listing_id: u64,
        license_mint: &Pubkey,
        amount: u64,
    ) -> TxResult {
        let ix = deposit_credits_ix(
            &holder.pubkey(),
            &self.keys,
            &self.keys.listing(listing_id),
            license_mint,
            amount,
        );
        self.send(&[ix], holder)
    }

    pub fn withdraw_credits(
        &mut self,
        holder: &Keypair,
        listing_id: u64,
        license_mint: &Pubkey,
        amount: u64,
    ) -> TxResult {
        let ix = withdraw_credits_ix(
            &holder.pubkey(),
            &self.keys,
            &self.keys.listing(listing_id),
            license_mint,
            amount,
        );
        self.send(&[ix], holder)
    }

    /// `node`: the owner of the compute node's payment token account.
    #[allow(clippy::too_many_arguments)]
    pub fn record_usage(
        &mut self,
        meter: &Keypair,
        listing_id: u64,
        license_mint: &Pubkey,
        node: Option<&Pubkey>,
        units: u64,
        sequence: u64,
    ) -> TxResult {
        let node_payment = node.map(|node| self.keys.payment_account(node));
        let ix = record_usage_ix(
            &meter.pubkey(),
            &self.keys,
            &self.keys.listing(listing_id),
            license_mint,
            node_payment,
            units,
            sequence,
        );
        self.send(&[ix], meter)
    }

    pub fn refund(&mut self, holder: &Keypair, listing_id: u64, license_mint: &Pubkey) -> TxResult {
        let ix = refund_license_ix(
            &holder.pubkey(),
            &self.keys,
            &self.keys.listing(listing_id),
            license_mint,
        );
        self.send(&[ix], holder)
    }

    /// Settles a purchase; anyone may, here a fresh wallet.
    pub fn settle(&mut self, listing_id: u64, license_mint: &Pubkey) -> TxResult {
        let cranker = self.platform.chain.funded_keypair(SOL);
        let ix = settle_purchase_ix(&self.keys, &self.keys.listing(listing_id), license_mint);
        self.send(&[ix], &cranker)
    }

    pub fn open_dispute(&mut self, holder: &Keypair, license_mint: &Pubkey) -> TxResult {
        self.send(&[open_dispute_ix(&holder.pubkey(), license_mint)], holder)
    }

    pub fn resolve_dispute(
        &mut self,
        arbiter: &Keypair,
        listing_id: u64,
        license_mint: &Pubkey,
        refund_buyer: bool,
    ) -> TxResult {
        let holder = self.license(license_mint).holder;
        let ix = resolve_dispute_ix(
            &arbiter.pubkey(),
            &self.keys,
            &self.keys.listing(listing_id),
            license_mint,
            &holder,
            refund_buyer,
        );
        self.send(&[ix], arbiter)
    }

    pub fn list_for_resale(
        &mut self,
        holder: &Keypair,
        license_mint: &Pubkey,
        price: u64,
    ) -> TxResult {
        self.send(
            &[list_license_for_resale_ix(
                &holder.pubkey(),
                license_mint,
                price,
            )],
            holder,
        )
    }

    pub fn buy_resold(
        &mut self,
        buyer: &Keypair,
        listing_id: u64,
        license_mint: &Pubkey,
        expected_price: u64,
    ) -> TxResult {
        let seller = self.license(license_mint).holder;
        let ix = buy_resold_license_ix(
            &buyer.pubkey(),
            &seller,
            &self.keys,
            &self.keys.listing(listing_id),
            license_mint,
            expected_price,
        );
        self.send(&[ix], buyer)
    }

    pub fn review(&mut self, reviewer: &Keypair, license_mint: &Pubkey, rating: u8) -> TxResult {
        let ix = review_model_ix(
            &reviewer.pubkey(),
            &self.keys.model_mint,
            license_mint,
            rating,
            "https://reviews.hex.example/1.json",
        );
        self.send(&[ix], reviewer)
    }

    /// Whether the license is valid, as `verify_license` answers.
    pub fn verify(
        &mut self,
        license_mint: &Pubkey,
        holder: &Pubkey,
        at: Option<i64>,
    ) -> LicenseValidity {
        self.verify_answer(license_mint, holder, at).validity
    }

    /// What `verify_license` answers, read from the transaction's return data.
    pub fn verify_answer(
        &mut self,
        license_mint: &Pubkey,
        holder: &Pubkey,
        at: Option<i64>,
    ) -> LicenseAnswer {
        let payer = self.platform.chain.funded_keypair(SOL);
        let meta = self
            .send(
                &[verify_license_ix(
                    &self.keys.model_mint,
                    license_mint,
                    holder,
                    at,
                )],
                &payer,
            )
            .expect("verify_license");
        assert_eq!(
            meta.return_data.program_id,
            license_market::ID,
            "return data of the market"
        );
        LicenseAnswer::try_from_slice(&meta.return_data.data).expect("a LicenseAnswer")
    }

    /// Creates `owner`'s associated token account of the payment mint.
    pub fn payment_account(&mut self, owner: &Pubkey) -> Pubkey {
        let keys = self.keys;
        tokens::token_account(
            &mut self.platform.chain,
            owner,
            &keys.payment_mint,
            &keys.payment_token_program,
        )
    }
}

/// The lamports, owner and bytes of accounts (None: no account), to show
/// that a rejected transaction moved nothing.
pub type Snapshot = Vec<Option<(u64, Pubkey, Vec<u8>)>>;

pub fn snapshot(chain: &TestChain, addresses: &[Pubkey]) -> Snapshot {
    addresses
        .iter()
        .map(|address| {
            chain
                .svm
                .get_account(address)
                .map(|account| (account.lamports, account.owner, account.data))
        })
        .collect()
}

/// Payment-mint balances of everyone a license payment can reach.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Balances {
    pub buyer: u64,
    pub seller: u64,
    pub node: u64,
    pub treasury: u64,
    pub vault: u64,
    pub escrow: u64,
}

impl Balances {
    pub fn total(&self) -> u64 {
        self.buyer + self.seller + self.node + self.treasury + self.vault + self.escrow
    }
}

/// Sends instructions paid by `payer`, signed by exactly the keys among
/// `payer` and `keyring` that the message requires (for tests that rewrite
/// an instruction's signers); None if a required key is not in the keyring.
pub fn send_with_keyring(
    chain: &mut TestChain,
    instructions: &[Instruction],
    payer: &Keypair,
    keyring: &[&Keypair],
) -> Option<TxResult> {
    let payer_key = payer.pubkey();
    let mut transaction = Transaction::new_with_payer(instructions, Some(&payer_key));
    let required = transaction.message.header.num_required_signatures as usize;
    let mut signers: Vec<&Keypair> = Vec::with_capacity(required);
    for key in &transaction.message.account_keys[..required] {
        let signer = std::iter::once(payer)
            .chain(keyring.iter().copied())
            .find(|keypair| keypair.pubkey() == *key)?;
        signers.push(signer);
    }
    transaction
        .try_sign(&signers, chain.svm.latest_blockhash())
        .ok()?;
    let result = chain.svm.send_transaction(transaction);
    chain.svm.expire_blockhash();
    Some(result)
}

impl MarketFixture {
    /// A fresh payment mint of `decimals` decimals under `token_program`
    /// (the fee tiers count lifetime sales in whole units of it).
    pub fn with_decimals(token_program: Pubkey, decimals: u8) -> Self {
        let mut platform = Platform::new();
        let mint_authority = platform.chain.funded_keypair(10 * SOL);
        let payment_mint = tokens::create_mint(
            &mut platform.chain,
            &mint_authority,
            token_program,
            decimals,
        );
        Self::with_payment_mint(
            platform,
            payment_mint,
            token_program,
            Some(mint_authority),
            registry::default_model_args(),
        )
    }
}
