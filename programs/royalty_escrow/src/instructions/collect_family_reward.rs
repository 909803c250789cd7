use {
    crate::{
        constants::*, errors::EscrowError, events::FamilyRewardCollected, state::*,
        token::pay_from_pool,
    },
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface},
    model_registry::{constants::MODEL_SEED, state::Model},
};

/// Permissionless: pays a family member its rewards of the closed epochs it
/// earned points in, from the family pool into its vault, where its split
/// applies. The same accounts whatever the family's size or depth.
#[event_cpi]
#[derive(Accounts)]
pub struct CollectFamilyReward<'info> {
    #[account(
        seeds = [MODEL_SEED, vault.model_mint.as_ref()],
        bump = model.bump,
        seeds::program = model_registry::ID,
    )]
    pub model: Box<Account<'info, Model>>,
    #[account(
        mut,
        seeds = [VAULT_SEED, vault.model_mint.as_ref(), vault.payment_mint.as_ref()],
        bump = vault.bump,
        constraint = vault.split_version == model.split_version @ EscrowError::SplitOutdated,
        constraint = vault.owner_period_is_current(&model) @ EscrowError::OwnerPeriodNotSettled,
    )]
    pub vault: Box<Account<'info, Vault>>,
    #[account(
        mut,
        seeds = [VAULT_TOKENS_SEED, vault.key().as_ref()],
        bump = vault.tokens_bump,
    )]
    pub vault_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        mut,
        seeds = [FAMILY_POOL_SEED, model.root.as_ref(), vault.payment_mint.as_ref()],
        bump = family_pool.bump,
    )]
    pub family_pool: Box<Account<'info, FamilyPool>>,
    #[account(
        mut,
        seeds = [POOL_TOKENS_SEED, family_pool.key().as_ref()],
        bump = family_pool.tokens_bump,
    )]
    pub pool_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(address = vault.payment_mint)]
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(address = vault.token_program)]
    pub token_program: Interface<'info, TokenInterface>,
}

pub fn handler(mut ctx: Context<CollectFamilyReward>) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let pool = &mut accounts.family_pool;
    pool.advance(Clock::get()?.unix_timestamp)?;
    let amount = pool.collect(&mut accounts.vault.trend_points)?;
    require!(amount > 0, EscrowError::NothingToCollect);
    pay_from_pool(
        pool,
        accounts.pool_tokens.to_account_info(),
        accounts.vault_tokens.to_account_info(),
        &accounts.payment_mint,
        accounts.token_program.key(),
        amount,
    )?;
    accounts.vault.record_income(amount)?;
    emit_cpi!(FamilyRewardCollected {
        pool: ctx.accounts.family_pool.key(),
        vault: ctx.accounts.vault.key(),
        amount,
        epoch: ctx.accounts.family_pool.current_epoch,
    });
    Ok(())
}
