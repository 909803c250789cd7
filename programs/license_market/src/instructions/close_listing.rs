use {
    crate::{constants::*, errors::MarketError, events::ListingClosed, instructions::*, state::*},
    anchor_lang::prelude::*,
};

/// Stops a listing for good. The account stays: its licenses keep their
/// terms, usage and resale.
#[event_cpi]
#[derive(Accounts)]
pub struct CloseListing<'info> {
    pub model_owner: ModelOwner<'info>,
    #[account(
        mut,
        seeds = [LISTING_SEED, listing.model_mint.as_ref(), &listing.listing_id.to_le_bytes()],
        bump = listing.bump,
        constraint = listing.model_mint == model_owner.model.mint @ MarketError::WrongListing,
        constraint = !listing.closed @ MarketError::ListingClosed,
    )]
    pub listing: Box<Account<'info, Listing>>,
}

pub fn handler(ctx: Context<CloseListing>) -> Result<()> {
    let listing = &mut ctx.accounts.listing;
    listing.closed = true;
    listing.active = false;
    listing.updated_at = Clock::get()?.unix_timestamp;
    let event = ListingClosed {
        listing: listing.key(),
    };
    emit_cpi!(event);
    Ok(())
}
