use {
    crate::{constants::*, events::VaultCreated, state::*, token::check_payment_mint},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface},
    model_registry::{constants::MODEL_SEED, program::ModelRegistry, state::Model},
};

#[event_cpi]
#[derive(Accounts)]
pub struct CreateVault<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(
        mut,
        seeds = [MODEL_SEED, model.mint.as_ref()],
        bump = model.bump,
        seeds::program = model_registry::ID,
    )]
    pub model: Box<Account<'info, Model>>,
    #[account(mint::token_program = token_program)]
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        init,
        payer = payer,
        space = 8 + Vault::INIT_SPACE,
        seeds = [VAULT_SEED, model.mint.as_ref(), payment_mint.key().as_ref()],
        bump,
    )]
    pub vault: Box<Account<'info, Vault>>,
    #[account(
        init,
        payer = payer,
        seeds = [VAULT_TOKENS_SEED, vault.key().as_ref()],
        bump,
        token::mint = payment_mint,
        token::authority = vault,
        token::token_program = token_program,
    )]
    pub vault_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    pub token_program: Interface<'info, TokenInterface>,
    pub registry_program: Program<'info, ModelRegistry>,
    pub system_program: Program<'info, System>,
}

/// Counts the vault in the registry: the vault signs for itself.
fn record_vault(accounts: &CreateVault, payment_mint: Pubkey) -> Result<()> {
    let model_mint = accounts.model.mint;
    let bump = [accounts.vault.bump];
    let seeds: &[&[u8]] = &[
        VAULT_SEED,
        model_mint.as_ref(),
        payment_mint.as_ref(),
        &bump,
    ];
    model_registry::cpi::record_vault(
        CpiContext::new_with_signer(
            accounts.registry_program.key(),
            model_registry::cpi::accounts::RecordVault {
                vault: accounts.vault.to_account_info(),
                model: accounts.model.to_account_info(),
            },
            &[seeds],
        ),
        payment_mint,
    )
}

pub fn handler(ctx: Context<CreateVault>) -> Result<()> {
    check_payment_mint(&ctx.accounts.payment_mint.to_account_info())?;
    let model = &ctx.accounts.model;
    let payment_mint = ctx.accounts.payment_mint.key();
    let parent_vault = if model.parent == Pubkey::default() {
        Pubkey::default()
    } else {
        hex_common::pda::vault(&model.parent, &payment_mint)
    };
    let mut vault = Vault {
        account_version: ACCOUNT_VERSION,
        bump: ctx.bumps.vault,
        tokens_bump: ctx.bumps.vault_tokens,
        model_mint: model.mint,
        payment_mint,
        token_program: ctx.accounts.token_program.key(),
        parent_vault,
        split_version: model.split_version,
        total_income: 0,
        total_paid_out: 0,
        epoch_start: 0,
        recipients: [Recipient::default(); RECIPIENT_SLOTS],
        owner_of_record: model.owner,
        owner_sale_count: model.sale_count,
        owed_to_previous_owners: 0,
        trend_points: [MemberPoints::default(); MEMBER_EPOCH_SLOTS],
        reserved: [0; 20],
    };
    vault.set_shares(&recipients_of(model, parent_vault)?);
    ctx.accounts.vault.set_inner(vault);
    record_vault(&ctx.accounts, payment_mint)?;
    emit_cpi!(VaultCreated {
        vault: ctx.accounts.vault.key(),
        model_mint: model.mint,
        payment_mint,
        parent_vault,
        split_version: model.split_version,
    });
    Ok(())
}
