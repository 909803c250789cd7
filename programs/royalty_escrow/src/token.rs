//! Token movements of the vaults, for SPL Token and Token-2022 alike.

use {
    crate::{constants::VAULT_SEED, errors::EscrowError, state::Vault},
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
