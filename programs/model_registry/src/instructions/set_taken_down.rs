use {
    crate::{constants::*, errors::RegistryError, events::TakedownSet, state::*},
    anchor_lang::prelude::*,
};

/// The platform authority takes a model down (it stops selling and cannot be
/// forked; revenue it already earned stays claimable) or restores it.
#[event_cpi]
#[derive(Accounts)]
pub struct SetTakenDown<'info> {
    pub authority: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, has_one = authority @ RegistryError::Unauthorized)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [MODEL_SEED, model.mint.as_ref()], bump = model.bump)]
    pub model: Box<Account<'info, Model>>,
}

pub fn handler(ctx: Context<SetTakenDown>, taken_down: bool) -> Result<()> {
    let model = &mut ctx.accounts.model;
    model.taken_down = taken_down;
    model.updated_at = Clock::get()?.unix_timestamp;
    emit_cpi!(TakedownSet {
        model: model.key(),
        taken_down
    });
    Ok(())
}
