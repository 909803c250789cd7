use {
    crate::{
        constants::*, errors::EscrowError, events::SplitSynced, instructions::vault_accounts::*,
        state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
    model_registry::{constants::MODEL_SEED, state::Model},
};

/// Permissionless: after the model's contributors changed, settles the
/// vault under the old split and adopts the new one. Contributors the new
/// split no longer names are paid what they earned, into the token accounts
/// passed as remaining accounts (in slot order, one per replaced contributor
/// who is owed something), so nobody's earned share moves.
#[event_cpi]
#[derive(Accounts)]
pub struct SyncSplit<'info> {
    #[account(
        seeds = [MODEL_SEED, vault.model_mint.as_ref()],
        bump = model.bump,
        seeds::program = model_registry::ID,
    )]
    pub model: Box<Account<'info, Model>>,
    #[account(
        constraint = vault.split_version != model.split_version @ EscrowError::SplitAlreadyCurrent,
    )]
    pub vault: VaultAccounts<'info>,
}

pub fn handler<'info>(ctx: Context<'info, SyncSplit<'info>>) -> Result<()> {
    let new_recipients = recipients_of(&ctx.accounts.model, ctx.accounts.vault.parent_vault)?;
    ctx.accounts.vault.close_epoch()?;
    let mut payout_accounts = ctx.remaining_accounts.iter();
    let mut settled_to_replaced = 0u64;
    for slot in FIRST_CONTRIBUTOR_SLOT..OWNER_SLOT {
        let old_wallet = ctx.accounts.vault.recipients[slot].wallet;
        if old_wallet == new_recipients[slot].0 {
            continue;
        }
        let owed = ctx.accounts.vault.take_closed_earnings(slot)?;
        if owed > 0 {
            let destination = payout_accounts
                .next()
                .ok_or(EscrowError::MissingPayoutAccount)?;
            let token_account = InterfaceAccount::<TokenAccount>::try_from(destination)?;
            require!(
                token_account.owner == old_wallet
                    && token_account.mint == ctx.accounts.vault.payment_mint.key(),
                EscrowError::MissingPayoutAccount
            );
            ctx.accounts.vault.pay(destination.clone(), owed)?;
            settled_to_replaced += owed;
        }
        // The slot starts afresh for its new contributor.
        let recipient = &mut ctx.accounts.vault.recipients[slot];
        recipient.earned_in_closed_epochs = 0;
        recipient.taken = 0;
    }
    let vault = &mut ctx.accounts.vault;
    vault.set_shares(&new_recipients);
    vault.split_version = ctx.accounts.model.split_version;
    emit_cpi!(SplitSynced {
        vault: vault.key(),
        split_version: vault.split_version,
        settled_to_replaced,
    });
    Ok(())
}
