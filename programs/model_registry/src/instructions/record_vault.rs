use {
    crate::{constants::*, errors::RegistryError, state::Model},
    anchor_lang::prelude::*,
};

/// Called by the royalty escrow when it opens a vault for this model: the
/// vault PDA signs for itself, so only a real vault of this model counts.
/// The count is for display: a sale touches no vault.
#[derive(Accounts)]
#[instruction(payment_mint: Pubkey)]
pub struct RecordVault<'info> {
    #[account(
        address = hex_common::pda::vault(&model.mint, &payment_mint) @ RegistryError::NotAnEscrowVault
    )]
    pub vault: Signer<'info>,
    #[account(mut, seeds = [MODEL_SEED, model.mint.as_ref()], bump = model.bump)]
    pub model: Box<Account<'info, Model>>,
}

pub fn handler(ctx: Context<RecordVault>, _payment_mint: Pubkey) -> Result<()> {
    let model = &mut ctx.accounts.model;
    model.vault_count = model
        .vault_count
        .checked_add(1)
        .ok_or(RegistryError::MathOverflow)?;
    Ok(())
}
