use {
    crate::{
        constants::*, errors::MarketError, events::ListingReclaimed, instructions::*, state::*,
    },
    anchor_lang::prelude::*,
};

/// The model's owner takes back the rent of a closed listing once none of
/// its licenses exists any more (each refunded or closed by its holder).
#[event_cpi]
#[derive(Accounts)]
pub struct ReclaimListing<'info> {
    pub model_owner: ModelOwner<'info>,
    #[account(
        mut,
        seeds = [LISTING_SEED, listing.model_mint.as_ref(), &listing.listing_id.to_le_bytes()],
        bump = listing.bump,
        constraint = listing.model_mint == model_owner.model.mint @ MarketError::WrongListing,
        constraint = listing.closed && listing.open_licenses == 0 @ MarketError::ListingInUse,
    )]
    pub listing: Box<Account<'info, Listing>>,
}

pub fn handler(ctx: Context<ReclaimListing>) -> Result<()> {
    let listing = &ctx.accounts.listing;
    let event = ListingReclaimed {
        listing: listing.key(),
        rent_returned: listing.to_account_info().lamports(),
    };
    listing.close(ctx.accounts.model_owner.owner.to_account_info())?;
    emit_cpi!(event);
    Ok(())
}
