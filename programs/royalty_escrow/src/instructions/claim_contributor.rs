use {
    crate::{constants::*, errors::EscrowError, events::Claimed, state::*, token::pay_owed},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface},
};

/// A contributor takes what it is owed into a token account of its choice.
#[event_cpi]
#[derive(Accounts)]
#[instruction(slot: u8)]
pub struct ClaimContributor<'info> {
    pub contributor: Signer<'info>,
    #[account(
        mut,
        seeds = [VAULT_SEED, vault.model_mint.as_ref(), vault.payment_mint.as_ref()],
        bump = vault.bump,
        constraint = (FIRST_CONTRIBUTOR_SLOT..OWNER_SLOT).contains(&(slot as usize)) @ EscrowError::InvalidRecipientSlot,
        constraint = vault.recipients[slot as usize].wallet == contributor.key() @ EscrowError::NotARecipient,
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

pub fn handler(mut ctx: Context<ClaimContributor>, slot: u8) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let amount = pay_owed(
        &mut accounts.vault,
        &accounts.vault_tokens,
        accounts.destination.to_account_info(),
        &accounts.payment_mint,
        accounts.token_program.key(),
        slot as usize,
    )?;
    require!(amount > 0, EscrowError::NothingToClaim);
    emit_cpi!(Claimed {
        vault: ctx.accounts.vault.key(),
        slot,
        recipient: ctx.accounts.contributor.key(),
        destination: ctx.accounts.destination.key(),
        amount,
    });
    Ok(())
}
