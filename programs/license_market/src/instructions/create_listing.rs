use {
    crate::{constants::*, errors::MarketError, events::ListingCreated, instructions::*, state::*},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface},
    model_registry::{
        constants::{CONFIG_SEED, MARKET_AUTHORITY_SEED},
        state::Config,
    },
    royalty_escrow::{constants::VAULT_SEED, state::Vault},
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct CreateListingArgs {
    /// Any number the owner picks, unique per model.
    pub listing_id: u64,
    pub pricing: Pricing,
    pub supply_cap: u64,
    pub refund_window_secs: i64,
    pub transferable: bool,
    pub resale_royalty_bps: u16,
    pub derivative_rights: bool,
    pub meter_authority: Pubkey,
    /// The wallet paid the compute share; the default key without one.
    pub compute_node: Pubkey,
    pub uri: String,
    pub terms: LicenseTerms,
    /// Pay-per-use: free units per new wallet, paid from the trial budget.
    pub trial_units: u64,
}

/// The model's owner opens a tier of licenses, paid in a mint for which the
/// model already has a revenue vault.
#[event_cpi]
#[derive(Accounts)]
#[instruction(args: CreateListingArgs)]
pub struct CreateListing<'info> {
    pub model_owner: ModelOwner<'info>,
    #[account(
        seeds = [CONFIG_SEED],
        bump = config.bump,
        seeds::program = model_registry::ID,
        constraint = !config.paused @ MarketError::PlatformPaused,
    )]
    pub config: Box<Account<'info, Config>>,
    #[account(
        init,
        payer = model_owner.owner,
        space = 8 + Listing::INIT_SPACE,
        seeds = [LISTING_SEED, model_owner.model.mint.as_ref(), &args.listing_id.to_le_bytes()],
        bump,
    )]
    pub listing: Box<Account<'info, Listing>>,
    /// The model's vault for the payment mint: sales pay into it.
    #[account(
        seeds = [VAULT_SEED, model_owner.model.mint.as_ref(), payment_mint.key().as_ref()],
        bump = vault.bump,
        seeds::program = royalty_escrow::ID,
    )]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mint::token_program = payment_token_program)]
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        init_if_needed,
        payer = model_owner.owner,
        seeds = [ESCROW_TOKENS_SEED, payment_mint.key().as_ref()],
        bump,
        token::mint = payment_mint,
        token::authority = market_authority,
        token::token_program = payment_token_program,
    )]
    pub escrow_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        init_if_needed,
        payer = model_owner.owner,
        space = 8 + CreatorSales::INIT_SPACE,
        seeds = [
            CREATOR_SALES_SEED,
            model_owner.model.creator.as_ref(),
            payment_mint.key().as_ref(),
        ],
        bump,
    )]
    pub creator_sales: Box<Account<'info, CreatorSales>>,
    /// CHECK: PDA that owns the escrow token accounts; holds no data.
    #[account(seeds = [MARKET_AUTHORITY_SEED], bump)]
    pub market_authority: UncheckedAccount<'info>,
    pub payment_token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

impl CreateListingArgs {
    fn validate(&self, config: &Config) -> Result<()> {
        self.pricing.validate()?;
        validate_supply_cap(self.supply_cap, &self.pricing)?;
        validate_compute_node(&self.compute_node, &self.pricing)?;
        validate_refund_window(self.refund_window_secs, &self.pricing, config)?;
        require!(
            self.resale_royalty_bps <= MAX_RESALE_ROYALTY_BPS,
            MarketError::InvalidResaleRoyalty
        );
        self.terms.validate(&self.pricing, self.derivative_rights)?;
        validate_trial_units(self.trial_units, &self.pricing)?;
        validate_uri(&self.uri)
    }
}

pub fn handler(ctx: Context<CreateListing>, args: CreateListingArgs) -> Result<()> {
    args.validate(&ctx.accounts.config)?;
    let model = &ctx.accounts.model_owner.model;
    require!(!model.taken_down, MarketError::ModelTakenDown);
    let now = Clock::get()?.unix_timestamp;
    let payment_mint = ctx.accounts.payment_mint.key();

    let creator_sales = &mut ctx.accounts.creator_sales;
    if creator_sales.account_version == 0 {
        creator_sales.set_inner(CreatorSales {
            account_version: ACCOUNT_VERSION,
            bump: ctx.bumps.creator_sales,
            creator: model.creator,
            payment_mint,
            total_sales: 0,
            reserved: [0; 32],
        });
    }

    ctx.accounts.listing.set_inner(Listing {
        account_version: ACCOUNT_VERSION,
        bump: ctx.bumps.listing,
        model_mint: model.mint,
        listing_id: args.listing_id,
        payment_mint,
        payment_token_program: ctx.accounts.payment_token_program.key(),
        pricing: args.pricing,
        supply_cap: args.supply_cap,
        sold: 0,
        issued: 0,
        refund_window_secs: args.refund_window_secs,
        transferable: args.transferable,
        resale_royalty_bps: args.resale_royalty_bps,
        derivative_rights: args.derivative_rights,
        meter_authority: args.meter_authority,
        active: true,
        closed: false,
        created_at: now,
        updated_at: now,
        uri: args.uri,
        compute_node: args.compute_node,
        open_licenses: 0,
        terms: args.terms,
        trial_units: args.trial_units,
        trial_budget: 0,
        reserved: [0; 8],
    });
    let listing = &ctx.accounts.listing;
    let event = ListingCreated {
        listing: listing.key(),
        model_mint: listing.model_mint,
        listing_id: listing.listing_id,
        payment_mint,
        pricing: listing.pricing,
        supply_cap: listing.supply_cap,
        refund_window_secs: listing.refund_window_secs,
        transferable: listing.transferable,
        resale_royalty_bps: listing.resale_royalty_bps,
        derivative_rights: listing.derivative_rights,
        meter_authority: listing.meter_authority,
        compute_node: listing.compute_node,
        terms: listing.terms,
    };
    emit_cpi!(event);
    Ok(())
}
