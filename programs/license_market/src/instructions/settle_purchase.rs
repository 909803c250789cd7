use {
    crate::{constants::*, errors::MarketError, events::PurchaseSettled, payout::*, state::*},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
    model_registry::constants::MARKET_AUTHORITY_SEED,
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

/// Pays `amount` of a pending purchase, with `fee` of its fee, out of
/// escrow through the split, and books it as paid; returns the split.
pub fn pay_from_escrow<'info>(
    license: &mut License,
    payout: &mut Payout<'info>,
    escrow_tokens: AccountInfo<'info>,
    market_authority_bump: u8,
    amount: u64,
    fee: u64,
) -> Result<PaymentSplit> {
    let split = PaymentSplit {
        fee,
        compute: 0,
        model: amount.checked_sub(fee).ok_or(MarketError::MathOverflow)?,
    };
    let bump = [market_authority_bump];
    let seeds: &[&[u8]] = &[MARKET_AUTHORITY_SEED, &bump];
    let source = PaymentSource {
        tokens: escrow_tokens,
        authority: payout.market_authority.to_account_info(),
        signer_seeds: &[seeds],
    };
    payout.pay(&source, &split, None)?;
    license.total_paid = license
        .total_paid
        .checked_add(amount)
        .ok_or(MarketError::MathOverflow)?;
    license.pending_payment = license
        .pending_payment
        .checked_sub(amount)
        .ok_or(MarketError::MathOverflow)?;
    license.pending_fee = license
        .pending_fee
        .checked_sub(fee)
        .ok_or(MarketError::MathOverflow)?;
    Ok(split)
}

/// Pays a pending purchase out of escrow and clears it; returns its split.
pub fn pay_pending<'info>(
    license: &mut License,
    payout: &mut Payout<'info>,
    escrow_tokens: AccountInfo<'info>,
    market_authority_bump: u8,
) -> Result<PaymentSplit> {
    let (amount, fee) = (license.pending_payment, license.pending_fee);
    require!(amount > 0, MarketError::NothingInEscrow);
    let split = pay_from_escrow(
        license,
        payout,
        escrow_tokens,
        market_authority_bump,
        amount,
        fee,
    )?;
    license.disputed = false;
    Ok(split)
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
        ctx.bumps.payout.market_authority,
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
