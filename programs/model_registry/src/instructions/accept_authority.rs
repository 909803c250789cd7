use {
    crate::{constants::*, errors::RegistryError, events::AuthorityAccepted, state::*},
    anchor_lang::prelude::*,
};

/// Second step: the proposed authority signs and takes over. It may be a
/// program-derived address (a multisig's vault) signing through CPI.
#[event_cpi]
#[derive(Accounts)]
pub struct AcceptAuthority<'info> {
    pub new_authority: Signer<'info>,
    #[account(
        mut,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        constraint = config.pending_authority == new_authority.key()
            && new_authority.key() != Pubkey::default() @ RegistryError::NotPendingAuthority,
    )]
    pub config: Box<Account<'info, Config>>,
}

pub fn handler(ctx: Context<AcceptAuthority>) -> Result<()> {
    let config = &mut ctx.accounts.config;
    let previous = config.authority;
    config.authority = ctx.accounts.new_authority.key();
    config.pending_authority = Pubkey::default();
    emit_cpi!(AuthorityAccepted {
        previous_authority: previous,
        authority: config.authority,
    });
    Ok(())
}
