use {
    crate::{constants::*, errors::RegistryError, events::PlatformPauseChanged, state::*},
    anchor_lang::prelude::*,
};

#[event_cpi]
#[derive(Accounts)]
pub struct SetPaused<'info> {
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ RegistryError::Unauthorized,
    )]
    pub config: Box<Account<'info, Config>>,
}

pub fn handler(ctx: Context<SetPaused>, paused: bool) -> Result<()> {
    ctx.accounts.config.paused = paused;
    emit_cpi!(PlatformPauseChanged { paused });
    Ok(())
}
