use {
    crate::{
        constants::*, errors::MarketError, events::TrialBudgetChanged, instructions::*, state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface},
    hex_common::pda::MARKET_AUTHORITY_SIGNER_SEEDS,
    hex_common::token::transfer,
    model_registry::constants::MARKET_AUTHORITY_SEED,
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
        address = listing.payment_mint @ MarketError::WrongPaymentMint,
        mint::token_program = payment_token_program,
    )]
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        mut,
        token::mint = payment_mint,
        token::authority = model_owner.owner,
        token::token_program = payment_token_program,
    )]
    pub owner_payment: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, seeds = [ESCROW_TOKENS_SEED, payment_mint.key().as_ref()], bump)]
    pub escrow_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    /// CHECK: PDA that owns the escrow token accounts; holds no data.
    #[account(seeds = [MARKET_AUTHORITY_SEED], bump)]
    pub market_authority: UncheckedAccount<'info>,
    pub payment_token_program: Interface<'info, TokenInterface>,
}

/// Adds `amount` to the trial budget from the owner's account.
pub fn fund(mut ctx: Context<TrialBudget>, amount: u64) -> Result<()> {
    require!(amount > 0, MarketError::ZeroAmount);
    let accounts = &mut ctx.accounts;
    transfer(
        accounts.payment_token_program.key(),
        &accounts.payment_mint,
        accounts.owner_payment.to_account_info(),
        accounts.escrow_tokens.to_account_info(),
        accounts.model_owner.owner.to_account_info(),
        &[],
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
    transfer(
        accounts.payment_token_program.key(),
        &accounts.payment_mint,
        accounts.escrow_tokens.to_account_info(),
        accounts.owner_payment.to_account_info(),
        accounts.market_authority.to_account_info(),
        &[MARKET_AUTHORITY_SIGNER_SEEDS],
        amount,
    )?;
    let event = TrialBudgetChanged {
        listing: accounts.listing.key(),
        change: -(amount as i128),
        trial_budget: accounts.listing.trial_budget,
    };
    emit_cpi!(event);
    Ok(())
}
