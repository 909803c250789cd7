use {
    crate::{constants::*, errors::MarketError, events::ListingUpdated, instructions::*, state::*},
    anchor_lang::prelude::*,
    model_registry::{constants::CONFIG_SEED, state::Config},
};

/// Changes that only later purchases see: licenses already sold keep the
/// terms they were bought under, their meter and compute node included.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, Default)]
pub struct UpdateListingArgs {
    pub price: Option<u64>,
    pub supply_cap: Option<u64>,
    pub refund_window_secs: Option<i64>,
    pub meter_authority: Option<Pubkey>,
    pub compute_node: Option<Pubkey>,
    /// false pauses sales, true resumes them.
    pub active: Option<bool>,
    pub uri: Option<String>,
    pub trial_units: Option<u64>,
}

#[event_cpi]
#[derive(Accounts)]
pub struct UpdateListing<'info> {
    pub model_owner: ModelOwner<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, seeds::program = model_registry::ID)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        seeds = [LISTING_SEED, listing.model_mint.as_ref(), &listing.listing_id.to_le_bytes()],
        bump = listing.bump,
        constraint = listing.model_mint == model_owner.model.mint @ MarketError::WrongListing,
        constraint = !listing.closed @ MarketError::ListingClosed,
    )]
    pub listing: Box<Account<'info, Listing>>,
}

pub fn handler(ctx: Context<UpdateListing>, args: UpdateListingArgs) -> Result<()> {
    let config = &ctx.accounts.config;
    let listing = &mut ctx.accounts.listing;
    if let Some(price) = args.price {
        listing.pricing.price = price;
        listing.pricing.validate()?;
        listing
            .terms
            .validate(&listing.pricing, listing.derivative_rights)?;
    }
    if let Some(supply_cap) = args.supply_cap {
        validate_supply_cap(supply_cap, &listing.pricing)?;
        require!(
            supply_cap == 0 || supply_cap >= listing.sold,
            MarketError::SupplyCapBelowSold
        );
        listing.supply_cap = supply_cap;
    }
    if let Some(window) = args.refund_window_secs {
        validate_refund_window(window, &listing.pricing, config)?;
        listing.refund_window_secs = window;
    }
    if let Some(meter_authority) = args.meter_authority {
        listing.meter_authority = meter_authority;
    }
    if let Some(compute_node) = args.compute_node {
        validate_compute_node(&compute_node, &listing.pricing)?;
        listing.compute_node = compute_node;
    }
    if let Some(active) = args.active {
        listing.active = active;
    }
    if let Some(uri) = args.uri {
        validate_uri(&uri)?;
        listing.uri = uri;
    }
    if let Some(trial_units) = args.trial_units {
        validate_trial_units(trial_units, &listing.pricing)?;
        listing.trial_units = trial_units;
    }
    listing.updated_at = Clock::get()?.unix_timestamp;
    let event = ListingUpdated {
        listing: listing.key(),
        price: listing.pricing.price,
        supply_cap: listing.supply_cap,
        refund_window_secs: listing.refund_window_secs,
        meter_authority: listing.meter_authority,
        compute_node: listing.compute_node,
        active: listing.active,
    };
    emit_cpi!(event);
    Ok(())
}
