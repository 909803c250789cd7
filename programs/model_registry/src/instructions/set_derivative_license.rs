use {
    crate::{
        derivative_license, errors::RegistryError, events::DerivativeLicenseSet,
        instructions::model_owner::*,
    },
    anchor_lang::prelude::*,
};

/// The owner of a fork made under a license presents the license it now
/// holds of the parent (after the first ended, or after buying the fork),
/// so that the fork sells again.
#[event_cpi]
#[derive(Accounts)]
pub struct SetDerivativeLicense<'info> {
    pub model_owner: ModelOwner<'info>,
    /// CHECK: a license market License, read by `derivative_license::check`.
    pub derivative_license: UncheckedAccount<'info>,
}

pub fn handler(ctx: Context<SetDerivativeLicense>) -> Result<()> {
    let model = &mut ctx.accounts.model_owner.model;
    require!(
        model.derivative_license != Pubkey::default(),
        RegistryError::NoDerivativeLicense
    );
    derivative_license::check(
        &ctx.accounts.derivative_license,
        &model.parent,
        &model.owner,
        Clock::get()?.unix_timestamp,
    )?;
    model.derivative_license = ctx.accounts.derivative_license.key();
    let event = DerivativeLicenseSet {
        model: model.key(),
        license: model.derivative_license,
    };
    emit_cpi!(event);
    Ok(())
}
