use {
    crate::{
        errors::MarketError,
        events::{DisputeResolved, LicenseRefunded},
        instructions::*,
        payout::*,
    },
    anchor_lang::prelude::*,
};

/// The platform arbiter decides an open dispute before its deadline: refund
/// the buyer (the license is revoked: burned and closed, its rent back to
/// the buyer) or settle the payment to the model as usual.
#[event_cpi]
#[derive(Accounts)]
pub struct ResolveDispute<'info> {
    #[account(address = payout.config.authority @ MarketError::NotArbiter)]
    pub arbiter: Signer<'info>,
    #[account(
        constraint = pending.license.disputed @ MarketError::NoDispute,
        constraint = pending.listing.model_mint == payout.model.mint @ MarketError::WrongListing,
        constraint = pending.escrow.payment_mint.key() == payout.payment_mint.key() @ MarketError::WrongPaymentMint,
    )]
    pub pending: PendingPurchase<'info>,
    pub payout: Payout<'info>,
}

pub fn handler(mut ctx: Context<ResolveDispute>, refund_buyer: bool) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let pending = &mut accounts.pending;
    pending
        .license
        .check_arbitrable(Clock::get()?.unix_timestamp)?;
    let amount = pending.license.pending_payment;
    if refund_buyer {
        pending.refund(accounts.payout.model.to_account_info())?;
    } else {
        pay_pending(
            &mut pending.license,
            &mut accounts.payout,
            pending.escrow.escrow_tokens.to_account_info(),
        )?;
    }
    let refunded = refund_buyer.then(|| LicenseRefunded {
        license: pending.license.key(),
        holder: pending.holder.key(),
        amount,
        revoked_by_arbiter: true,
    });
    let resolved = DisputeResolved {
        license: pending.license.key(),
        arbiter: accounts.arbiter.key(),
        refunded: refund_buyer,
        amount,
    };
    if let Some(event) = refunded {
        emit_cpi!(event);
    }
    emit_cpi!(resolved);
    Ok(())
}
