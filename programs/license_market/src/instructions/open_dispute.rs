use {
    crate::{constants::*, errors::MarketError, events::DisputeOpened, state::*},
    anchor_lang::prelude::*,
};

/// The buyer asks the platform arbiter to decide a purchase: inside the
/// refund window, the payment then stays in escrow until the arbiter decides,
/// or until the dispute's deadline (`DISPUTE_RESOLUTION_SECS` after the
/// window) passes, when the buyer alone can refund it.
#[event_cpi]
#[derive(Accounts)]
pub struct OpenDispute<'info> {
    pub holder: Signer<'info>,
    #[account(
        mut,
        seeds = [LICENSE_SEED, license.mint.as_ref()],
        bump = license.bump,
        constraint = license.holder == holder.key() @ MarketError::NotLicenseHolder,
        constraint = !license.disputed @ MarketError::DisputeOpen,
    )]
    pub license: Box<Account<'info, License>>,
}

pub fn handler(ctx: Context<OpenDispute>) -> Result<()> {
    let license = &mut ctx.accounts.license;
    license.check_refundable(Clock::get()?.unix_timestamp)?;
    license.disputed = true;
    let event = DisputeOpened {
        license: license.key(),
        holder: license.holder,
        amount: license.pending_payment,
    };
    emit_cpi!(event);
    Ok(())
}
