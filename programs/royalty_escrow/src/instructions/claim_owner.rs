use {
    crate::{constants::*, errors::EscrowError, events::Claimed, state::*, token::pay_owed},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface},
    model_registry::{constants::MODEL_SEED, state::Model},
};

/// Whoever holds the model's ownership NFT now takes the owner's share of
/// its own period (a sale's previous period must be settled first).
#[event_cpi]
#[derive(Accounts)]
pub struct ClaimOwner<'info> {
    pub owner: Signer<'info>,
    #[account(
        constraint = ownership_token.mint == vault.model_mint @ EscrowError::NotTheOwner,
        constraint = ownership_token.owner == owner.key() @ EscrowError::NotTheOwner,
        constraint = ownership_token.amount == 1 @ EscrowError::NotTheOwner,
    )]
    pub ownership_token: Box<InterfaceAccount<'info, TokenAccount>>,
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
        constraint = vault.owner_period_is_current(&model) @ EscrowError::OwnerPeriodNotSettled,
    )]
    pub vault: Box<Account<'info, Vault>>,
    #[account(
        mut,
        seeds = [VAULT_TOKENS_SEED, vault.key().as_ref()],
        bump = vault.tokens_bump,
    )]
    pub vault_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(address = vault.payment_mint)]
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, token::mint = payment_mint, token::token_program = token_program)]
    pub destination: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(address = vault.token_program)]
    pub token_program: Interface<'info, TokenInterface>,
}

pub fn handler(mut ctx: Context<ClaimOwner>) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let amount = pay_owed(
        &mut accounts.vault,
        &accounts.vault_tokens,
        accounts.destination.to_account_info(),
        &accounts.payment_mint,
        accounts.token_program.key(),
        OWNER_SLOT,
    )?;
    require!(amount > 0, EscrowError::NothingToClaim);
    emit_cpi!(Claimed {
        vault: ctx.accounts.vault.key(),
        slot: OWNER_SLOT as u8,
        recipient: ctx.accounts.owner.key(),
        destination: ctx.accounts.destination.key(),
        amount,
    });
    Ok(())
}
