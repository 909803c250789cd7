use {
    crate::{events::VisibilitySet, instructions::model_owner::*},
    anchor_lang::prelude::*,
};

/// The owner opens a model to forks by anyone, or closes it (forks then need
/// a license granting derivative rights). Existing forks are unaffected.
#[event_cpi]
#[derive(Accounts)]
pub struct SetVisibility<'info> {
    pub model_owner: ModelOwner<'info>,
}

pub fn handler(ctx: Context<SetVisibility>, open_source: bool) -> Result<()> {
    let model = &mut ctx.accounts.model_owner.model;
    model.open_source = open_source;
    model.updated_at = Clock::get()?.unix_timestamp;
    emit_cpi!(VisibilitySet {
        model: model.key(),
        open_source
    });
    Ok(())
}
