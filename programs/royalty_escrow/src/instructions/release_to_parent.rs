use {
    crate::{
        constants::*, errors::EscrowError, events::ReleasedToParent,
        instructions::vault_accounts::*, state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
    model_registry::{constants::MODEL_SEED, state::Model},
};

/// Permissionless: moves the parent's entitlement into the parent's vault,
/// where the parent's own split applies. One hop of the cascade. Like a
/// deposit, it needs the parent vault on its model's current split and
/// owner period, so the income is booked under the right recipients.
#[event_cpi]
#[derive(Accounts)]
pub struct ReleaseToParent<'info> {
    pub vault: VaultAccounts<'info>,
    #[account(
        seeds = [MODEL_SEED, parent_vault.model_mint.as_ref()],
        bump = parent_model.bump,
        seeds::program = model_registry::ID,
    )]
    pub parent_model: Box<Account<'info, Model>>,
    #[account(
        mut,
        constraint = parent_vault.key() == vault.parent_vault @ EscrowError::WrongParentVault,
        constraint = parent_vault.key() != vault.key() @ EscrowError::WrongParentVault,
        constraint = parent_vault.split_version == parent_model.split_version @ EscrowError::SplitOutdated,
        constraint = parent_vault.owner_period_is_current(&parent_model) @ EscrowError::OwnerPeriodNotSettled,
    )]
    pub parent_vault: Box<Account<'info, Vault>>,
    #[account(
        mut,
        seeds = [VAULT_TOKENS_SEED, parent_vault.key().as_ref()],
        bump = parent_vault.tokens_bump,
    )]
    pub parent_vault_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
}

pub fn handler(mut ctx: Context<ReleaseToParent>) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let amount = accounts
        .vault
        .pay_owed(accounts.parent_vault_tokens.to_account_info(), PARENT_SLOT)?;
    accounts.parent_vault.record_income(amount)?;
    emit_cpi!(ReleasedToParent {
        vault: ctx.accounts.vault.key(),
        parent_vault: ctx.accounts.parent_vault.key(),
        amount,
    });
    Ok(())
}
