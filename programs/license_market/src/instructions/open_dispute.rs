use {
    crate::{constants::*, errors::MarketError, events::DisputeOpened, state::*},
    anchor_lang::prelude::*,
};

/// The buyer asks the platform arbiter to decide a purchase: inside the
/// refund window, the payment then stays in escrow until the arbiter decides.
#[event_cpi]
#[derive(Accounts)]
pub struct OpenDispute<'info> {
    pub holder: Signer<'info>,
    #[account(
        mut,
        seeds = [LICENSE_SEED, license.mint.as_ref()],
        bump = license.bump,
        constraint = license.holder == holder.key() @ MarketError::NotLicenseHolder,
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
