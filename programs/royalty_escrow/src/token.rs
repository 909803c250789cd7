//! Token movements of the family pools, and the payment-mint rule of vaults
//! (a vault's own payments are `VaultAccounts`' methods).

use {
    crate::{constants::POOL_TOKENS_SEED, errors::EscrowError, state::FamilyPool},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::Mint,
    hex_common::{payment_mint::is_supported_payment_mint, token::transfer},
};

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
    transfer(
        token_program,
        payment_mint,
        pool_tokens,
        destination,
        pool.to_account_info(),
        &[seeds],
        amount,
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

/// Rejects payment mints whose transfers would not conserve the split.
pub fn check_payment_mint(mint: &AccountInfo) -> Result<()> {
    require!(
        is_supported_payment_mint(mint)?,
        EscrowError::UnsupportedMintExtension
    );
    Ok(())
}
