use {
    crate::{
        constants::*, errors::EscrowError, events::ReleasedToParent, state::*, token::pay_owed,
    },
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface},
    model_registry::{constants::MODEL_SEED, state::Model},
};

/// Permissionless: moves the parent's entitlement into the parent's vault,
/// where the parent's own split applies. One hop of the cascade. Like a
/// deposit, it needs the parent vault on its model's current split and
/// owner period, so the income is booked under the right recipients.
#[event_cpi]
#[derive(Accounts)]
pub struct ReleaseToParent<'info> {
    #[account(
        mut,
        seeds = [VAULT_SEED, vault.model_mint.as_ref(), vault.payment_mint.as_ref()],
        bump = vault.bump,
    )]
    pub vault: Box<Account<'info, Vault>>,
    #[account(
        mut,
        seeds = [VAULT_TOKENS_SEED, vault.key().as_ref()],
        bump = vault.tokens_bump,
    )]
    pub vault_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
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
    #[account(address = vault.payment_mint)]
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(address = vault.token_program)]
    pub token_program: Interface<'info, TokenInterface>,
}

pub fn handler(mut ctx: Context<ReleaseToParent>) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let amount = pay_owed(
        &mut accounts.vault,
        &accounts.vault_tokens,
        accounts.parent_vault_tokens.to_account_info(),
        &accounts.payment_mint,
        accounts.token_program.key(),
        PARENT_SLOT,
    )?;
    accounts.parent_vault.record_income(amount)?;
    emit_cpi!(ReleasedToParent {
        vault: ctx.accounts.vault.key(),
        parent_vault: ctx.accounts.parent_vault.key(),
        amount,
    });
    Ok(())
}
