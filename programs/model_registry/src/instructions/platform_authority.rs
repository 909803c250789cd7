//! The accounts of the instructions only the platform authority may send.

use {
    crate::{constants::CONFIG_SEED, errors::RegistryError, state::Config},
    anchor_lang::prelude::*,
};

/// The platform authority, signing, and the config it changes.
#[derive(Accounts)]
pub struct PlatformAuthority<'info> {
    pub authority: Signer<'info>,
    #[account(
        mut,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        has_one = authority @ RegistryError::Unauthorized,
    )]
    pub config: Box<Account<'info, Config>>,
}
