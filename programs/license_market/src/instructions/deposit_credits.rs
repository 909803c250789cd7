use {
    crate::{errors::MarketError, events::CreditsDeposited, instructions::*},
    anchor_lang::prelude::*,
    model_registry::{constants::CONFIG_SEED, state::Config},
};

/// Prepays usage credits of a pay-per-use license into escrow.
#[event_cpi]
#[derive(Accounts)]
pub struct DepositCredits<'info> {
    pub credits: LicenseCredits<'info>,
    #[account(
        seeds = [CONFIG_SEED],
        bump = config.bump,
        seeds::program = model_registry::ID,
        constraint = !config.paused @ MarketError::PlatformPaused,
    )]
    pub config: Box<Account<'info, Config>>,
}

pub fn handler(ctx: Context<DepositCredits>, amount: u64) -> Result<()> {
    let credits = &mut ctx.accounts.credits;
    credits.license.check_usable(Clock::get()?.unix_timestamp)?;
    // Credits deposited now would go to the buyer of the license.
    require!(
        credits.license.resale_price == 0,
        MarketError::ListedForResale
    );
    credits.take_credits(amount)?;
    let license = &mut credits.license;
    license.credits = license
        .credits
        .checked_add(amount)
        .ok_or(MarketError::MathOverflow)?;
    let event = CreditsDeposited {
        license: license.key(),
        amount,
        credits: license.credits,
    };
    emit_cpi!(event);
    Ok(())
}
