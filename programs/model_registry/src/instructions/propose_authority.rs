use {
    crate::{constants::*, errors::RegistryError, events::AuthorityProposed, state::*},
    anchor_lang::prelude::*,
};

/// First step of an authority transfer: the current authority names its
/// successor (the default key withdraws a proposal). Nothing changes hands
/// until the successor accepts, so a mistyped key cannot lose the platform.
#[event_cpi]
#[derive(Accounts)]
pub struct ProposeAuthority<'info> {
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ RegistryError::Unauthorized,
    )]
    pub config: Box<Account<'info, Config>>,
}

pub fn handler(ctx: Context<ProposeAuthority>, new_authority: Pubkey) -> Result<()> {
    ctx.accounts.config.pending_authority = new_authority;
    emit_cpi!(AuthorityProposed {
        authority: ctx.accounts.authority.key(),
        pending_authority: new_authority,
    });
    Ok(())
}
