use {
    crate::{constants::*, errors::EscrowError, events::Claimed, instructions::vault_accounts::*},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
    model_registry::{constants::MODEL_SEED, state::Model},
};

/// Whoever holds the model's ownership NFT now takes the owner's share of
/// its own period (a sale's previous period must be settled first).
#[event_cpi]
#[derive(Accounts)]
pub struct ClaimOwner<'info> {
    pub owner: Signer<'info>,
    #[account(
        constraint = ownership_token.mint == vault.model_mint @ EscrowError::NotModelOwner,
        constraint = ownership_token.owner == owner.key() @ EscrowError::NotModelOwner,
        constraint = ownership_token.amount == 1 @ EscrowError::NotModelOwner,
    )]
    pub ownership_token: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        seeds = [MODEL_SEED, vault.model_mint.as_ref()],
        bump = model.bump,
        seeds::program = model_registry::ID,
    )]
    pub model: Box<Account<'info, Model>>,
    #[account(constraint = vault.owner_period_is_current(&model) @ EscrowError::OwnerPeriodNotSettled)]
    pub vault: VaultAccounts<'info>,
    #[account(mut, token::mint = vault.payment_mint, token::token_program = vault.token_program)]
    pub destination: Box<InterfaceAccount<'info, TokenAccount>>,
}

pub fn handler(mut ctx: Context<ClaimOwner>) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let amount = accounts
        .vault
        .pay_owed(accounts.destination.to_account_info(), OWNER_SLOT)?;
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
