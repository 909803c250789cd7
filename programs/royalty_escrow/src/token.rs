//! Token movements of the vaults, for SPL Token and Token-2022 alike.

use {
    crate::{
        constants::{POOL_TOKENS_SEED, VAULT_SEED},
        errors::EscrowError,
        state::{FamilyPool, Vault},
    },
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{self, Mint, TokenAccount, TransferChecked},
    model_registry::payment_mint::is_supported_payment_mint,
};

/// Moves `amount` out of a vault's token account, signed by the vault.
pub fn pay_from_vault<'info>(
    vault: &Account<'info, Vault>,
    vault_tokens: &InterfaceAccount<'info, TokenAccount>,
    destination: AccountInfo<'info>,
    payment_mint: &InterfaceAccount<'info, Mint>,
    token_program: Pubkey,
    amount: u64,
) -> Result<()> {
    let bump = [vault.bump];
    let seeds: &[&[u8]] = &[
        VAULT_SEED,
        vault.model_mint.as_ref(),
        vault.payment_mint.as_ref(),
        &bump,
    ];
    token_interface::transfer_checked(
        CpiContext::new_with_signer(
            token_program,
            TransferChecked {
                from: vault_tokens.to_account_info(),
                mint: payment_mint.to_account_info(),
                to: destination,
                authority: vault.to_account_info(),
            },
            &[seeds],
        ),
        amount,
        payment_mint.decimals,
    )
}

/// Moves `amount` from a depositor's token account, which it signs for.
pub fn transfer_in<'info>(
    token_program: Pubkey,
    payment_mint: &InterfaceAccount<'info, Mint>,
    source: AccountInfo<'info>,
    depositor: AccountInfo<'info>,
    destination: AccountInfo<'info>,
    amount: u64,
) -> Result<()> {
    if amount == 0 {
        return Ok(());
    }
    token_interface::transfer_checked(
        CpiContext::new(
            token_program,
            TransferChecked {
                from: source,
                mint: payment_mint.to_account_info(),
                to: destination,
                authority: depositor,
            },
        ),
        amount,
        payment_mint.decimals,
    )
}

/// Moves `amount` out of a family pool's token account, signed by the pool.
pub fn pay_from_pool<'info>(
    pool: &Account<'info, FamilyPool>,
    pool_tokens: AccountInfo<'info>,
    destination: AccountInfo<'info>,
    payment_mint: &InterfaceAccount<'info, Mint>,
    token_program: Pubkey,
    amount: u64,
) -> Result<()> {
    let bump = [pool.bump];
    let seeds: &[&[u8]] = &[
        crate::constants::FAMILY_POOL_SEED,
        pool.root_mint.as_ref(),
        pool.payment_mint.as_ref(),
        &bump,
    ];
    token_interface::transfer_checked(
        CpiContext::new_with_signer(
            token_program,
            TransferChecked {
                from: pool_tokens,
                mint: payment_mint.to_account_info(),
                to: destination,
                authority: pool.to_account_info(),
            },
            &[seeds],
        ),
        amount,
        payment_mint.decimals,
    )
}

/// The address of a family pool's token account.
pub fn pool_tokens_address(pool: &Pubkey, tokens_bump: u8) -> Result<Pubkey> {
    Pubkey::create_program_address(
        &[POOL_TOKENS_SEED, pool.as_ref(), &[tokens_bump]],
        &crate::ID,
    )
    .map_err(|_| EscrowError::WrongFamilyPool.into())
}

/// Pays the recipient in `slot` everything it is owed, which may be nothing,
/// and returns the amount.
pub fn pay_owed<'info>(
    vault: &mut Account<'info, Vault>,
    vault_tokens: &InterfaceAccount<'info, TokenAccount>,
    destination: AccountInfo<'info>,
    payment_mint: &InterfaceAccount<'info, Mint>,
    token_program: Pubkey,
    slot: usize,
) -> Result<u64> {
    let amount = vault.take_owed(slot)?;
    if amount > 0 {
        pay_from_vault(
            vault,
            vault_tokens,
            destination,
            payment_mint,
            token_program,
            amount,
        )?;
    }
    Ok(amount)
}

/// Rejects payment mints whose transfers would not conserve the split.
pub fn check_payment_mint(mint: &AccountInfo) -> Result<()> {
    require!(
        is_supported_payment_mint(mint)?,
        EscrowError::UnsupportedMintExtension
    );
    Ok(())
}
