use {
    crate::{events::ModelRegistered, instructions::new_model::*, state::*},
    anchor_lang::prelude::*,
};

/// Registers a base model: its ownership NFT with metadata, and its Model.
#[event_cpi]
#[derive(Accounts)]
pub struct RegisterModel<'info> {
    pub new_model: NewModel<'info>,
}

pub fn handler(ctx: Context<RegisterModel>, args: RegisterModelArgs) -> Result<()> {
    let mint = ctx.accounts.new_model.mint.key();
    let lineage = Lineage::base(mint);
    ctx.accounts
        .new_model
        .create(ctx.bumps.new_model.model, &args, lineage)?;
    emit_cpi!(ModelRegistered {
        model: ctx.accounts.new_model.model.key(),
        mint,
        creator: ctx.accounts.new_model.creator.key(),
        content_hash: args.content_hash,
        open_source: args.open_source,
        fork_royalty_bps: args.fork_royalty_bps,
        creator_resale_royalty_bps: args.creator_resale_royalty_bps,
        name: args.name,
        uri: args.uri,
    });
    Ok(())
}
