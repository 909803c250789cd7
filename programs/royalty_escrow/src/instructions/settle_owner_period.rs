use {
    crate::{constants::*, errors::EscrowError, events::OwnerPeriodSettled, state::*},
    anchor_lang::prelude::*,
    model_registry::{constants::MODEL_SEED, state::Model},
};

/// Permissionless, after a sale of the model: closes the vault's owner
/// period. What the owner's share earned until the sale is set aside for the
/// owner of that period (paid by `pay_previous_owner`), and the new owner's
/// period starts. No income can enter the vault between the sale and this
/// settlement, so everything the period earned belongs to the previous owner.
#[event_cpi]
#[derive(Accounts)]
pub struct SettleOwnerPeriod<'info> {
    /// Pays the previous owner's earnings account; its rent comes back when
    /// the earnings are paid out.
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(
        seeds = [MODEL_SEED, model.mint.as_ref()],
        bump = model.bump,
        seeds::program = model_registry::ID,
    )]
    pub model: Box<Account<'info, Model>>,
    #[account(
        mut,
        seeds = [VAULT_SEED, model.mint.as_ref(), vault.payment_mint.as_ref()],
        bump = vault.bump,
        constraint = !vault.owner_period_is_current(&model) @ EscrowError::OwnerPeriodAlreadyCurrent,
    )]
    pub vault: Box<Account<'info, Vault>>,
    #[account(
        init_if_needed,
        payer = payer,
        space = 8 + PreviousOwnerEarnings::INIT_SPACE,
        seeds = [PREVIOUS_OWNER_SEED, vault.key().as_ref(), vault.owner_of_record.as_ref()],
        bump,
    )]
    pub previous_owner_earnings: Box<Account<'info, PreviousOwnerEarnings>>,
    pub system_program: Program<'info, System>,
}

pub fn handler(mut ctx: Context<SettleOwnerPeriod>) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let previous_owner = accounts.vault.owner_of_record;
    let amount = accounts.vault.close_owner_period(&accounts.model)?;
    let earnings = &mut accounts.previous_owner_earnings;
    if earnings.account_version == 0 {
        earnings.set_inner(PreviousOwnerEarnings {
            account_version: ACCOUNT_VERSION,
            bump: ctx.bumps.previous_owner_earnings,
            vault: accounts.vault.key(),
            owner: previous_owner,
            rent_payer: accounts.payer.key(),
            amount: 0,
            reserved: [0; 16],
        });
    }
    earnings.amount = earnings
        .amount
        .checked_add(amount)
        .ok_or(EscrowError::MathOverflow)?;
    emit_cpi!(OwnerPeriodSettled {
        vault: ctx.accounts.vault.key(),
        previous_owner,
        new_owner: ctx.accounts.vault.owner_of_record,
        amount,
    });
    Ok(())
}
