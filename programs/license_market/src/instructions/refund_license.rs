use {
    crate::{errors::MarketError, events::LicenseRefunded, instructions::*},
    anchor_lang::prelude::*,
    model_registry::{constants::MODEL_SEED, state::Model},
};

/// Inside the refund window, or after a dispute's deadline passed without
/// the arbiter deciding it, the buyer gives the license back: the NFT is
/// burned, its accounts closed, and every unit paid and every lamport of
/// rent returned to the buyer. Works while the platform is paused.
#[event_cpi]
#[derive(Accounts)]
pub struct RefundLicense<'info> {
    #[account(address = pending.holder.key() @ MarketError::NotLicenseHolder)]
    pub holder: Signer<'info>,
    pub pending: PendingPurchase<'info>,
    #[account(
        mut,
        seeds = [MODEL_SEED, pending.listing.model_mint.as_ref()],
        bump = model.bump,
        seeds::program = model_registry::ID,
    )]
    pub model: Box<Account<'info, Model>>,
}

pub fn handler(mut ctx: Context<RefundLicense>) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let pending = &mut accounts.pending;
    pending
        .license
        .check_refundable(Clock::get()?.unix_timestamp)?;
    let amount = pending.refund(
        accounts.model.to_account_info(),
        ctx.bumps.pending.market_authority,
    )?;
    let event = LicenseRefunded {
        license: pending.license.key(),
        holder: pending.holder.key(),
        amount,
        revoked_by_arbiter: false,
    };
    emit_cpi!(event);
    Ok(())
}
