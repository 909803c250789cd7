use {
    crate::{
        constants::*, errors::EscrowError, events::PreviousOwnerPaid, state::*,
        token::pay_from_vault,
    },
    anchor_lang::prelude::*,
    anchor_spl::{
        associated_token::get_associated_token_address_with_program_id,
        token_interface::{Mint, TokenAccount, TokenInterface},
    },
};

/// Pays a previous owner what a vault settled to it, and closes its earnings
/// account (rent back to the settler who paid it). The previous owner may
/// sign and choose any token account of its own; anyone else (a keeper) may
/// send it only into the previous owner's associated token account.
#[event_cpi]
#[derive(Accounts)]
pub struct PayPreviousOwner<'info> {
    pub sender: Signer<'info>,
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
        mut,
        close = rent_payer,
        seeds = [PREVIOUS_OWNER_SEED, vault.key().as_ref(), previous_owner_earnings.owner.as_ref()],
        bump = previous_owner_earnings.bump,
        has_one = vault,
        has_one = rent_payer,
    )]
    pub previous_owner_earnings: Box<Account<'info, PreviousOwnerEarnings>>,
    /// CHECK: receives the earnings account's rent (has_one).
    #[account(mut)]
    pub rent_payer: UncheckedAccount<'info>,
    #[account(address = vault.payment_mint)]
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        mut,
        token::mint = payment_mint,
        token::authority = previous_owner_earnings.owner,
        token::token_program = token_program,
        constraint = sender.key() == previous_owner_earnings.owner
            || destination.key() == get_associated_token_address_with_program_id(
                &previous_owner_earnings.owner,
                &payment_mint.key(),
                &token_program.key(),
            ) @ EscrowError::NotPreviousOwnerAccount,
    )]
    pub destination: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(address = vault.token_program)]
    pub token_program: Interface<'info, TokenInterface>,
}

pub fn handler(mut ctx: Context<PayPreviousOwner>) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let amount = accounts.previous_owner_earnings.amount;
    accounts.vault.pay_previous_owner(amount)?;
    if amount > 0 {
        pay_from_vault(
            &accounts.vault,
            &accounts.vault_tokens,
            accounts.destination.to_account_info(),
            &accounts.payment_mint,
            accounts.token_program.key(),
            amount,
        )?;
    }
    emit_cpi!(PreviousOwnerPaid {
        vault: ctx.accounts.vault.key(),
        previous_owner: ctx.accounts.previous_owner_earnings.owner,
        destination: ctx.accounts.destination.key(),
        amount,
    });
    Ok(())
}
