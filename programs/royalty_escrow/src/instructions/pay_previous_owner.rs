use {
    crate::{
        constants::*, errors::EscrowError, events::PreviousOwnerPaid,
        instructions::vault_accounts::*, state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::{
        associated_token::get_associated_token_address_with_program_id,
        token_interface::TokenAccount,
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
    pub vault: VaultAccounts<'info>,
    #[account(
        mut,
        close = rent_payer,
        seeds = [PREVIOUS_OWNER_SEED, vault.key().as_ref(), previous_owner_earnings.owner.as_ref()],
        bump = previous_owner_earnings.bump,
        constraint = previous_owner_earnings.vault == vault.key() @ ErrorCode::ConstraintHasOne,
        has_one = rent_payer,
    )]
    pub previous_owner_earnings: Box<Account<'info, PreviousOwnerEarnings>>,
    /// CHECK: receives the earnings account's rent (has_one).
    #[account(mut)]
    pub rent_payer: UncheckedAccount<'info>,
    #[account(
        mut,
        token::mint = vault.payment_mint,
        token::authority = previous_owner_earnings.owner,
        token::token_program = vault.token_program,
        constraint = sender.key() == previous_owner_earnings.owner
            || destination.key() == get_associated_token_address_with_program_id(
                &previous_owner_earnings.owner,
                &vault.payment_mint.key(),
                &vault.token_program.key(),
            ) @ EscrowError::NotPreviousOwnerAccount,
    )]
    pub destination: Box<InterfaceAccount<'info, TokenAccount>>,
}

pub fn handler(mut ctx: Context<PayPreviousOwner>) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let amount = accounts.previous_owner_earnings.amount;
    accounts.vault.pay_previous_owner(amount)?;
    accounts
        .vault
        .pay(accounts.destination.to_account_info(), amount)?;
    emit_cpi!(PreviousOwnerPaid {
        vault: ctx.accounts.vault.key(),
        previous_owner: ctx.accounts.previous_owner_earnings.owner,
        destination: ctx.accounts.destination.key(),
        amount,
    });
    Ok(())
}
