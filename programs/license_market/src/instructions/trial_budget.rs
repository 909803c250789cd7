use {
    crate::{
        constants::*, errors::MarketError, events::TrialBudgetChanged, instructions::*, state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
};

/// The model's owner funds its listing's trials, or takes back what no
/// trial has used: the budget sits in the market's escrow account.
#[event_cpi]
#[derive(Accounts)]
pub struct TrialBudget<'info> {
    pub model_owner: ModelOwner<'info>,
    #[account(
        mut,
        seeds = [LISTING_SEED, listing.model_mint.as_ref(), &listing.listing_id.to_le_bytes()],
        bump = listing.bump,
        constraint = listing.model_mint == model_owner.model.mint @ MarketError::WrongListing,
    )]
    pub listing: Box<Account<'info, Listing>>,
    #[account(
        constraint = escrow.payment_mint.key() == listing.payment_mint @ MarketError::WrongPaymentMint,
    )]
    pub escrow: MarketEscrow<'info>,
    #[account(
        mut,
        token::mint = escrow.payment_mint,
        token::authority = model_owner.owner,
        token::token_program = escrow.payment_token_program,
    )]
    pub owner_payment: Box<InterfaceAccount<'info, TokenAccount>>,
}

/// Adds `amount` to the trial budget from the owner's account.
pub fn fund(mut ctx: Context<TrialBudget>, amount: u64) -> Result<()> {
    require!(amount > 0, MarketError::ZeroAmount);
    let accounts = &mut ctx.accounts;
    accounts.escrow.take_in(
        accounts.owner_payment.to_account_info(),
        accounts.model_owner.owner.to_account_info(),
        amount,
    )?;
    let listing = &mut accounts.listing;
    listing.trial_budget = listing
        .trial_budget
        .checked_add(amount)
        .ok_or(MarketError::MathOverflow)?;
    let event = TrialBudgetChanged {
        listing: listing.key(),
        change: amount as i128,
        trial_budget: listing.trial_budget,
    };
    emit_cpi!(event);
    Ok(())
}

/// Takes `amount` of the unused trial budget back to the owner's account.
pub fn withdraw(mut ctx: Context<TrialBudget>, amount: u64) -> Result<()> {
    require!(amount > 0, MarketError::ZeroAmount);
    let accounts = &mut ctx.accounts;
    let listing = &mut accounts.listing;
    listing.trial_budget = listing
        .trial_budget
        .checked_sub(amount)
        .ok_or(MarketError::InsufficientTrialBudget)?;
    accounts
        .escrow
        .pay_out(accounts.owner_payment.to_account_info(), amount)?;
    let event = TrialBudgetChanged {
        listing: accounts.listing.key(),
        change: -(amount as i128),
        trial_budget: accounts.listing.trial_budget,
    };
    emit_cpi!(event);
    Ok(())
}
