use {
    crate::{constants::*, errors::EscrowError, events::Deposited, state::*, token::transfer_in},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface},
    model_registry::{constants::MODEL_SEED, state::Model},
};

#[event_cpi]
#[derive(Accounts)]
pub struct Deposit<'info> {
    pub depositor: Signer<'info>,
    #[account(
        seeds = [MODEL_SEED, model.mint.as_ref()],
        bump = model.bump,
        seeds::program = model_registry::ID,
    )]
    pub model: Box<Account<'info, Model>>,
    #[account(
        mut,
        seeds = [VAULT_SEED, model.mint.as_ref(), payment_mint.key().as_ref()],
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
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        mut,
        token::mint = payment_mint,
        token::authority = depositor,
        token::token_program = token_program,
    )]
    pub source: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(address = vault.token_program)]
    pub token_program: Interface<'info, TokenInterface>,
}

pub fn handler(ctx: Context<Deposit>, amount: u64) -> Result<()> {
    require!(amount > 0, EscrowError::ZeroAmount);
    let accounts = &ctx.accounts;
    transfer_in(
        accounts.token_program.key(),
        &accounts.payment_mint,
        accounts.source.to_account_info(),
        accounts.depositor.to_account_info(),
        accounts.vault_tokens.to_account_info(),
        amount,
    )?;
    let vault = &mut ctx.accounts.vault;
    vault.record_income(amount)?;
    emit_cpi!(Deposited {
        vault: vault.key(),
        depositor: ctx.accounts.depositor.key(),
        amount,
        total_income: vault.total_income,
    });
    Ok(())
}
