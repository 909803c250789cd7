use {
    crate::{
        constants::PROFILE_SEED, events::ModelProfileSet, instructions::model_owner::*, state::*,
    },
    anchor_lang::prelude::*,
};

/// The owner files its model under a category and sub-kind of the brief's
/// taxonomy, with up to four short tags, for discovery.
#[event_cpi]
#[derive(Accounts)]
pub struct SetModelProfile<'info> {
    pub model_owner: ModelOwner<'info>,
    #[account(
        init_if_needed,
        payer = model_owner.owner,
        space = 8 + ModelProfile::INIT_SPACE,
        seeds = [PROFILE_SEED, model_owner.model.mint.as_ref()],
        bump,
    )]
    pub profile: Box<Account<'info, ModelProfile>>,
    pub system_program: Program<'info, System>,
}

pub fn handler(
    ctx: Context<SetModelProfile>,
    category: Category,
    kind: u8,
    tags: Vec<String>,
) -> Result<()> {
    validate_kind(category, kind)?;
    let tags = pack_tags(&tags)?;
    let model_mint = ctx.accounts.model_owner.model.mint;
    let profile = &mut ctx.accounts.profile;
    if profile.account_version == 0 {
        profile.set_inner(ModelProfile::empty(ctx.bumps.profile, model_mint));
    }
    profile.category = category;
    profile.kind = kind;
    profile.tags = tags;
    emit_cpi!(ModelProfileSet {
        model: ctx.accounts.model_owner.model.key(),
        category,
        kind,
        tags,
    });
    Ok(())
}
