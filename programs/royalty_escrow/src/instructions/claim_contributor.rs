use {
    crate::{constants::*, errors::EscrowError, events::Claimed, instructions::vault_accounts::*},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
};

/// A contributor takes what it is owed into a token account of its choice.
#[event_cpi]
#[derive(Accounts)]
#[instruction(slot: u8)]
pub struct ClaimContributor<'info> {
    pub contributor: Signer<'info>,
    #[account(
        constraint = (FIRST_CONTRIBUTOR_SLOT..OWNER_SLOT).contains(&(slot as usize)) @ EscrowError::InvalidRecipientSlot,
        constraint = vault.recipients[slot as usize].wallet == contributor.key() @ EscrowError::NotARecipient,
    )]
    pub vault: VaultAccounts<'info>,
    #[account(mut, token::mint = vault.payment_mint, token::token_program = vault.token_program)]
    pub destination: Box<InterfaceAccount<'info, TokenAccount>>,
}

pub fn handler(mut ctx: Context<ClaimContributor>, slot: u8) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let amount = accounts
        .vault
        .pay_owed(accounts.destination.to_account_info(), slot as usize)?;
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
