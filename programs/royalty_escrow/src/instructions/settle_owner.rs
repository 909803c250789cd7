use {
    crate::{constants::*, events::OwnerSettled, state::*, token::pay_owed},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface},
    model_registry::constants::MODEL_SEED,
};

/// The settlement hook of a sale: before the ownership NFT changes hands, the
/// registry pays the seller everything the owner's share earned so far. Only
/// the registry can sign for the model's PDA.
#[event_cpi]
#[derive(Accounts)]
pub struct SettleOwner<'info> {
    #[account(
        address = Pubkey::find_program_address(&[MODEL_SEED, vault.model_mint.as_ref()], &model_registry::ID).0
    )]
    pub model: Signer<'info>,
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
    #[account(address = vault.payment_mint)]
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    /// The seller's token account (the registry checks whose it is).
    #[account(mut, token::mint = payment_mint, token::token_program = token_program)]
    pub seller_destination: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(address = vault.token_program)]
    pub token_program: Interface<'info, TokenInterface>,
}

pub fn handler(mut ctx: Context<SettleOwner>) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let amount = pay_owed(
        &mut accounts.vault,
        &accounts.vault_tokens,
        accounts.seller_destination.to_account_info(),
        &accounts.payment_mint,
        accounts.token_program.key(),
        OWNER_SLOT,
    )?;
    emit_cpi!(OwnerSettled {
        vault: ctx.accounts.vault.key(),
        seller_destination: ctx.accounts.seller_destination.key(),
        amount,
    });
    Ok(())
}
