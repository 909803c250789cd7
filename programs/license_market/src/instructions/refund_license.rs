use {
    crate::{errors::MarketError, events::LicenseRefunded, instructions::*, payout::*},
    anchor_lang::prelude::*,
};

/// Inside the refund window, or after a dispute's deadline passed without
/// the arbiter deciding it, the buyer gives the license back: the NFT is
/// burned, its accounts closed, and every lamport of rent returned to the
/// buyer with its payment. A subscription refunded inside its window is
/// pro-rated: the part of the period already used is paid to the model
/// (fee and split as for any payment), the rest goes back. Works while the
/// platform is paused.
#[event_cpi]
#[derive(Accounts)]
pub struct RefundLicense<'info> {
    #[account(address = pending.holder.key() @ MarketError::NotLicenseHolder)]
    pub holder: Signer<'info>,
    #[account(
        constraint = pending.listing.model_mint == payout.model.mint @ MarketError::WrongListing,
        constraint = pending.escrow.payment_mint.key() == payout.payment_mint.key() @ MarketError::WrongPaymentMint,
    )]
    pub pending: PendingPurchase<'info>,
    pub payout: Payout<'info>,
}

pub fn handler(mut ctx: Context<RefundLicense>) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let pending = &mut accounts.pending;
    let now = Clock::get()?.unix_timestamp;
    pending.license.check_refundable(now)?;
    let (used, fee) = pending.license.used_part_of_pending(now)?;
    if used > 0 {
        pay_from_escrow(
            &mut pending.license,
            &mut accounts.payout,
            pending.escrow.escrow_tokens.to_account_info(),
            used,
            fee,
        )?;
    }
    let amount = pending.refund(accounts.payout.model.to_account_info())?;
    let event = LicenseRefunded {
        license: pending.license.key(),
        holder: pending.holder.key(),
        amount,
        revoked_by_arbiter: false,
    };
    emit_cpi!(event);
    Ok(())
}
