use {
    crate::{constants::*, errors::MarketError, events::TrialClaimed, state::*},
    anchor_lang::prelude::*,
};

/// The holder of a pay-per-use license takes the listing's trial: the
/// price of `trial_units` units, from the owner's trial budget, as trial
/// credits on the license. Once per wallet and listing: the claim record is
/// never closed, so new licenses or closed accounts do not bring it back.
#[event_cpi]
#[derive(Accounts)]
pub struct ClaimTrial<'info> {
    #[account(mut)]
    pub holder: Signer<'info>,
    #[account(
        mut,
        seeds = [LISTING_SEED, listing.model_mint.as_ref(), &listing.listing_id.to_le_bytes()],
        bump = listing.bump,
        constraint = listing.trial_units > 0 @ MarketError::NoTrialOffered,
    )]
    pub listing: Box<Account<'info, Listing>>,
    #[account(
        mut,
        seeds = [LICENSE_SEED, license.mint.as_ref()],
        bump = license.bump,
        constraint = license.listing == listing.key() @ MarketError::WrongListing,
        constraint = license.holder == holder.key() @ MarketError::NotLicenseHolder,
        constraint = license.kind == PricingKind::PayPerUse @ MarketError::NotPayPerUse,
    )]
    pub license: Box<Account<'info, License>>,
    #[account(
        init,
        payer = holder,
        space = 8 + TrialClaim::INIT_SPACE,
        seeds = [TRIAL_SEED, listing.key().as_ref(), holder.key().as_ref()],
        bump,
    )]
    pub trial_claim: Box<Account<'info, TrialClaim>>,
    pub system_program: Program<'info, System>,
}

pub fn handler(mut ctx: Context<ClaimTrial>) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let license = &mut accounts.license;
    license.check_usable(Clock::get()?.unix_timestamp)?;
    let listing = &mut accounts.listing;
    let cost = license
        .usage_cost(listing.trial_units)
        .ok_or(MarketError::MathOverflow)?;
    listing.trial_budget = listing
        .trial_budget
        .checked_sub(cost)
        .ok_or(MarketError::TrialBudgetExhausted)?;
    license.trial_credits = license
        .trial_credits
        .checked_add(cost)
        .ok_or(MarketError::MathOverflow)?;
    accounts.trial_claim.set_inner(TrialClaim {
        account_version: ACCOUNT_VERSION,
        bump: ctx.bumps.trial_claim,
        listing: listing.key(),
        wallet: accounts.holder.key(),
        license_mint: license.mint,
        claimed_at: Clock::get()?.unix_timestamp,
    });
    emit_cpi!(TrialClaimed {
        listing: ctx.accounts.listing.key(),
        wallet: ctx.accounts.holder.key(),
        license: ctx.accounts.license.key(),
        trial_credits: cost,
    });
    Ok(())
}
