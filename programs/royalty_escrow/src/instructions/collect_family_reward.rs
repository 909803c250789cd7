use {
    crate::{
        constants::*, errors::EscrowError, events::FamilyRewardCollected,
        instructions::vault_accounts::*, state::*, token::pay_from_pool,
    },
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
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
        constraint = vault.split_version == model.split_version @ EscrowError::SplitOutdated,
        constraint = vault.owner_period_is_current(&model) @ EscrowError::OwnerPeriodNotSettled,
    )]
    pub vault: VaultAccounts<'info>,
    #[account(
        mut,
        seeds = [FAMILY_POOL_SEED, model.root.as_ref(), vault.payment_mint.key().as_ref()],
        bump = family_pool.bump,
    )]
    pub family_pool: Box<Account<'info, FamilyPool>>,
    #[account(
        mut,
        seeds = [POOL_TOKENS_SEED, family_pool.key().as_ref()],
        bump = family_pool.tokens_bump,
    )]
    pub pool_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
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
        accounts.vault.vault_tokens.to_account_info(),
        &accounts.vault.payment_mint,
        accounts.vault.token_program.key(),
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
