use {
    crate::{events::AuthorityProposed, instructions::platform_authority::*},
    anchor_lang::prelude::*,
};

/// First step of an authority transfer: the current authority names its
/// successor (the default key withdraws a proposal). Nothing changes hands
/// until the successor accepts, so a mistyped key cannot lose the platform.
#[event_cpi]
#[derive(Accounts)]
pub struct ProposeAuthority<'info> {
    pub platform: PlatformAuthority<'info>,
}

pub fn handler(ctx: Context<ProposeAuthority>, new_authority: Pubkey) -> Result<()> {
    ctx.accounts.platform.config.pending_authority = new_authority;
    emit_cpi!(AuthorityProposed {
        authority: ctx.accounts.platform.authority.key(),
        pending_authority: new_authority,
    });
    Ok(())
}
