use {
    crate::{errors::MarketError, events::CreditsWithdrawn, instructions::*},
    anchor_lang::prelude::*,
};

/// Takes unused credits back, at any time, even while the platform is paused.
#[event_cpi]
#[derive(Accounts)]
pub struct WithdrawCredits<'info> {
    pub credits: LicenseCredits<'info>,
}

pub fn handler(ctx: Context<WithdrawCredits>, amount: u64) -> Result<()> {
    let credits = &mut ctx.accounts.credits;
    require!(
        amount <= credits.license.credits,
        MarketError::InsufficientCredits
    );
    credits.return_credits(amount)?;
    let license = &mut credits.license;
    license.credits -= amount;
    let event = CreditsWithdrawn {
        license: license.key(),
        amount,
        credits: license.credits,
    };
    emit_cpi!(event);
    Ok(())
}
