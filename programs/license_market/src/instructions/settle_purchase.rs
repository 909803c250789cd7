use {
    crate::{constants::*, errors::MarketError, events::PurchaseSettled, payout::*, state::*},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
};

/// After the refund window, anyone moves a purchase's payment out of escrow:
/// the fee fixed at purchase to the treasury, the rest to the model's vault.
#[event_cpi]
#[derive(Accounts)]
pub struct SettlePurchase<'info> {
    #[account(
        mut,
        seeds = [LICENSE_SEED, license.mint.as_ref()],
        bump = license.bump,
        constraint = license.model_mint == payout.model.mint @ MarketError::WrongListing,
    )]
    pub license: Box<Account<'info, License>>,
    #[account(
        address = license.listing @ MarketError::WrongListing,
        constraint = listing.payment_mint == payout.payment_mint.key() @ MarketError::WrongPaymentMint,
    )]
    pub listing: Box<Account<'info, Listing>>,
    #[account(mut, seeds = [ESCROW_TOKENS_SEED, payout.payment_mint.key().as_ref()], bump)]
    pub escrow_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    pub payout: Payout<'info>,
}

pub fn handler(mut ctx: Context<SettlePurchase>) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let license = &mut accounts.license;
    require!(!license.disputed, MarketError::DisputeOpen);
    require!(
        Clock::get()?.unix_timestamp >= license.refundable_until,
        MarketError::RefundWindowOpen
    );
    let amount = license.pending_payment;
    let split = pay_pending(
        license,
        &mut accounts.payout,
        accounts.escrow_tokens.to_account_info(),
    )?;
    let event = PurchaseSettled {
        license: accounts.license.key(),
        amount,
        platform_fee: split.fee,
        to_vault: split.model,
    };
    emit_cpi!(event);
    Ok(())
}
