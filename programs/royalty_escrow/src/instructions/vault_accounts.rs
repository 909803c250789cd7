//! The accounts of a vault that moves tokens: the vault, its token account,
//! its payment mint and token program, written once for every instruction
//! that pays into or out of a vault.

use {
    crate::{constants::*, state::Vault},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface},
    hex_common::token::transfer,
    std::ops::{Deref, DerefMut},
};

/// A vault with what its payments need. It reads as the vault itself
/// (`Deref`), so `vault.split_version` or `vault.key()` mean the Vault's.
#[derive(Accounts)]
pub struct VaultAccounts<'info> {
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
    #[account(address = vault.token_program)]
    pub token_program: Interface<'info, TokenInterface>,
}

impl<'info> Deref for VaultAccounts<'info> {
    type Target = Account<'info, Vault>;

    fn deref(&self) -> &Self::Target {
        &self.vault
    }
}

impl DerefMut for VaultAccounts<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.vault
    }
}

impl<'info> VaultAccounts<'info> {
    /// Moves `amount` out of the vault's token account, signed by the vault.
    pub fn pay(&self, destination: AccountInfo<'info>, amount: u64) -> Result<()> {
        let bump = [self.vault.bump];
        let seeds: &[&[u8]] = &[
            VAULT_SEED,
            self.vault.model_mint.as_ref(),
            self.vault.payment_mint.as_ref(),
            &bump,
        ];
        transfer(
            self.token_program.key(),
            &self.payment_mint,
            self.vault_tokens.to_account_info(),
            destination,
            self.vault.to_account_info(),
            &[seeds],
            amount,
        )
    }

    /// Pays the recipient in `slot` everything it is owed, which may be
    /// nothing, and returns the amount.
    pub fn pay_owed(&mut self, destination: AccountInfo<'info>, slot: usize) -> Result<u64> {
        let amount = self.vault.take_owed(slot)?;
        self.pay(destination, amount)?;
        Ok(amount)
    }

    /// Moves `amount` into the vault's token account from `source`, which
    /// `depositor` signed for.
    pub fn receive(
        &self,
        source: AccountInfo<'info>,
        depositor: AccountInfo<'info>,
        amount: u64,
    ) -> Result<()> {
        transfer(
            self.token_program.key(),
            &self.payment_mint,
            source,
            self.vault_tokens.to_account_info(),
            depositor,
            &[],
            amount,
        )
    }
}
