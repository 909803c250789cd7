use {
    crate::{errors::EscrowError, events::Deposited, instructions::vault_accounts::*},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
    model_registry::{constants::MODEL_SEED, state::Model},
};

#[event_cpi]
#[derive(Accounts)]
pub struct Deposit<'info> {
    pub depositor: Signer<'info>,
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
        token::mint = vault.payment_mint,
        token::authority = depositor,
        token::token_program = vault.token_program,
    )]
    pub source: Box<InterfaceAccount<'info, TokenAccount>>,
}

pub fn handler(ctx: Context<Deposit>, amount: u64) -> Result<()> {
    require!(amount > 0, EscrowError::ZeroAmount);
    let accounts = &ctx.accounts;
    accounts.vault.receive(
        accounts.source.to_account_info(),
        accounts.depositor.to_account_info(),
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
