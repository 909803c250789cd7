use {
    crate::{events::PlatformPauseChanged, instructions::platform_authority::*},
    anchor_lang::prelude::*,
};

#[event_cpi]
#[derive(Accounts)]
pub struct SetPaused<'info> {
    pub platform: PlatformAuthority<'info>,
}

pub fn handler(ctx: Context<SetPaused>, paused: bool) -> Result<()> {
    ctx.accounts.platform.config.paused = paused;
    emit_cpi!(PlatformPauseChanged { paused });
    Ok(())
}
