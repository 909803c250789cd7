use {
    crate::{
        constants::*, derivative_license, errors::RegistryError, events::ModelForked,
        instructions::new_model::*, state::*,
    },
    anchor_lang::prelude::*,
};

/// Forks a model into a child that owes the parent its fork royalty on every
/// unit it earns. Anyone may fork an open model; a closed one only with a
/// license granting derivative rights. The lineage is fixed at creation: the
/// parent must already exist and the child is new, so no model can become
/// its own ancestor.
#[event_cpi]
#[derive(Accounts)]
pub struct ForkModel<'info> {
    pub new_model: NewModel<'info>,
    #[account(
        mut,
        seeds = [MODEL_SEED, parent_model.mint.as_ref()],
        bump = parent_model.bump,
        constraint = !parent_model.taken_down @ RegistryError::ModelTakenDown,
    )]
    pub parent_model: Box<Account<'info, Model>>,
    /// CHECK: for a closed parent, the creator's license of it from the
    /// license market; read by `derivative_license::check`.
    pub derivative_license: Option<UncheckedAccount<'info>>,
}

pub fn handler(ctx: Context<ForkModel>, args: RegisterModelArgs) -> Result<()> {
    let parent = &ctx.accounts.parent_model;
    if !parent.open_source {
        let license = ctx
            .accounts
            .derivative_license
            .as_ref()
            .ok_or(RegistryError::ParentNotOpenSource)?;
        derivative_license::check(
            license,
            &parent.mint,
            &ctx.accounts.new_model.creator.key(),
            Clock::get()?.unix_timestamp,
        )?;
    }
    let lineage = Lineage {
        parent: parent.mint,
        root: parent.root,
        depth: parent
            .depth
            .checked_add(1)
            .ok_or(RegistryError::MathOverflow)?,
        parent_royalty_bps: parent.fork_royalty_bps,
    };
    let (depth, parent_royalty_bps) = (lineage.depth, lineage.parent_royalty_bps);
    ctx.accounts
        .new_model
        .create(ctx.bumps.new_model.model, &args, lineage)?;
    if let Some(license) = &ctx.accounts.derivative_license {
        if !ctx.accounts.parent_model.open_source {
            ctx.accounts.new_model.model.derivative_license = license.key();
        }
    }
    let parent = &mut ctx.accounts.parent_model;
    parent.children_count = parent
        .children_count
        .checked_add(1)
        .ok_or(RegistryError::MathOverflow)?;
    emit_cpi!(ModelForked {
        model: ctx.accounts.new_model.model.key(),
        mint: ctx.accounts.new_model.mint.key(),
        creator: ctx.accounts.new_model.creator.key(),
        parent: parent.mint,
        root: parent.root,
        depth,
        parent_royalty_bps,
        content_hash: args.content_hash,
        open_source: args.open_source,
        fork_royalty_bps: args.fork_royalty_bps,
        name: args.name,
        uri: args.uri,
    });
    Ok(())
}
