//! Hex license market: listings of a model's licenses, license NFTs, the
//! four license pricing kinds, refunds and disputes, resale, verification
//! and verified reviews. Every payment lands in the model's revenue vault.

use anchor_lang::prelude::*;

pub mod activity;
pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod license_nft;
pub mod payout;
pub mod state;

use {instructions::*, state::LicenseAnswer};

declare_id!(hex_common::ids::LICENSE_MARKET);

#[program]
pub mod license_market {
    use super::*;

    /// Opens a tier of licenses for a model, paid in a mint the model has a
    /// revenue vault for.
    pub fn create_listing(ctx: Context<CreateListing>, args: CreateListingArgs) -> Result<()> {
        instructions::create_listing::handler(ctx, args)
    }

    /// Changes price, supply, refund window, meter, compute node, URI, or
    /// pauses and resumes sales; licenses already sold keep their terms.
    pub fn update_listing(ctx: Context<UpdateListing>, args: UpdateListingArgs) -> Result<()> {
        instructions::update_listing::handler(ctx, args)
    }

    /// Stops a listing for good; its licenses stay valid.
    pub fn close_listing(ctx: Context<CloseListing>) -> Result<()> {
        instructions::close_listing::handler(ctx)
    }

    /// Buys a license at the price the buyer agreed to.
    #[access_control(
        ctx.accounts.payout.check_listing(&ctx.accounts.listing),
        ctx.accounts.payout.check_selling()
    )]
    pub fn buy_license(ctx: Context<BuyLicense>, expected_price: u64) -> Result<()> {
        instructions::buy_license::handler(ctx, expected_price)
    }

    /// Renews a subscription for a period at the listing's current price.
    #[access_control(
        ctx.accounts.payment.payout.check_listing(&ctx.accounts.payment.listing),
        ctx.accounts.payment.payout.check_selling()
    )]
    pub fn renew_license(ctx: Context<RenewLicense>, expected_price: u64) -> Result<()> {
        instructions::renew_license::handler(ctx, expected_price)
    }

    /// Prepays usage credits of a pay-per-use license.
    pub fn deposit_credits(ctx: Context<DepositCredits>, amount: u64) -> Result<()> {
        instructions::deposit_credits::handler(ctx, amount)
    }

    /// The meter fixed into the license when it was sold records usage, with
    /// a sequence number that can never be replayed; pay-per-use usage is
    /// paid from the credits, its compute share to the license's node.
    #[access_control(ctx.accounts.payout.check_listing(&ctx.accounts.listing))]
    pub fn record_usage(ctx: Context<RecordUsage>, units: u64, sequence: u64) -> Result<()> {
        instructions::record_usage::handler(ctx, units, sequence)
    }

    /// Takes unused credits back.
    pub fn withdraw_credits(ctx: Context<WithdrawCredits>, amount: u64) -> Result<()> {
        instructions::withdraw_credits::handler(ctx, amount)
    }

    /// Reports a period's revenue and pays the license's share of it (at
    /// least the minimum), keeping the license valid another period.
    #[access_control(
        ctx.accounts.payment.payout.check_listing(&ctx.accounts.payment.listing),
        ctx.accounts.payment.payout.check_model_live()
    )]
    pub fn report_revenue(ctx: Context<ReportRevenue>, revenue: u64) -> Result<()> {
        instructions::report_revenue::handler(ctx, revenue)
    }

    /// Refunds a purchase inside its refund window, or once a dispute's
    /// deadline passed undecided; the license is burned and closed.
    pub fn refund_license(ctx: Context<RefundLicense>) -> Result<()> {
        instructions::refund_license::handler(ctx)
    }

    /// After the refund window, pays a purchase out of escrow to the model.
    pub fn settle_purchase(ctx: Context<SettlePurchase>) -> Result<()> {
        instructions::settle_purchase::handler(ctx)
    }

    /// The buyer disputes a purchase inside its refund window.
    pub fn open_dispute(ctx: Context<OpenDispute>) -> Result<()> {
        instructions::open_dispute::handler(ctx)
    }

    /// Before the dispute's deadline, the platform arbiter refunds the buyer
    /// (the license is burned and closed) or settles the purchase.
    pub fn resolve_dispute(ctx: Context<ResolveDispute>, refund_buyer: bool) -> Result<()> {
        instructions::resolve_dispute::handler(ctx, refund_buyer)
    }

    /// Offers a transferable license for resale, or withdraws it (price 0).
    pub fn list_license_for_resale(ctx: Context<ListLicenseForResale>, price: u64) -> Result<()> {
        instructions::list_license_for_resale::handler(ctx, price)
    }

    /// Buys a license offered for resale at the price the buyer agreed to.
    #[access_control(
        ctx.accounts.payout.check_listing(&ctx.accounts.listing),
        ctx.accounts.payout.check_selling()
    )]
    pub fn buy_resold_license(ctx: Context<BuyResoldLicense>, expected_price: u64) -> Result<()> {
        instructions::buy_resold_license::handler(ctx, expected_price)
    }

    /// Whether a license is valid for a holder, and its terms, as return data.
    pub fn verify_license(
        ctx: Context<VerifyLicense>,
        holder: Pubkey,
        at: Option<i64>,
    ) -> Result<LicenseAnswer> {
        instructions::verify_license::handler(ctx, holder, at)
    }

    /// A review of the model by the holder of a license that paid it:
    /// rating 1-5 and a URI.
    pub fn review_model(ctx: Context<ReviewModel>, rating: u8, uri: String) -> Result<()> {
        instructions::review_model::handler(ctx, rating, uri)
    }

    /// The holder closes a license without credits or pending payment: the
    /// NFT is burned and every lamport of rent goes back to it.
    pub fn close_license(ctx: Context<CloseLicense>) -> Result<()> {
        instructions::close_license::handler(ctx)
    }

    /// The model's owner takes back the rent of a closed listing whose
    /// licenses are all gone.
    pub fn reclaim_listing(ctx: Context<ReclaimListing>) -> Result<()> {
        instructions::reclaim_listing::handler(ctx)
    }

    /// The model's owner approves a license holder's derivative, under
    /// terms that require its approval.
    pub fn approve_derivative(ctx: Context<ApproveDerivative>, approved: bool) -> Result<()> {
        instructions::approve_derivative::handler(ctx, approved)
    }

    /// The holder of a pay-per-use license takes the listing's trial (once
    /// per wallet and listing), paid from the owner's trial budget.
    pub fn claim_trial(ctx: Context<ClaimTrial>) -> Result<()> {
        instructions::claim_trial::handler(ctx)
    }

    /// The model's owner funds its listing's trials.
    pub fn fund_trials(ctx: Context<TrialBudget>, amount: u64) -> Result<()> {
        instructions::trial_budget::fund(ctx, amount)
    }

    /// The model's owner takes back unused trial budget.
    pub fn withdraw_trial_budget(ctx: Context<TrialBudget>, amount: u64) -> Result<()> {
        instructions::trial_budget::withdraw(ctx, amount)
    }

    /// The holder moves a subscription to another subscription listing of
    /// the model, its paid time left credited against the new price.
    #[access_control(ctx.accounts.payout.check_selling())]
    pub fn change_tier(ctx: Context<ChangeTier>, expected_price: u64) -> Result<()> {
        instructions::change_tier::handler(ctx, expected_price)
    }

    /// Revenue from off-chain API billing, paid with the platform's API fee
    /// like any license revenue.
    pub fn deposit_api_revenue(ctx: Context<DepositApiRevenue>, amount: u64) -> Result<()> {
        instructions::deposit_api_revenue::handler(ctx, amount)
    }
}
