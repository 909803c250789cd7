//! The market's escrow in one payment mint, written once for the
//! instructions that move tokens into or out of it directly: refundable
//! purchases, usage credits and trial budgets.

use {
    crate::constants::*,
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface},
    hex_common::{pda::MARKET_AUTHORITY_SIGNER_SEEDS, token::transfer},
    model_registry::constants::MARKET_AUTHORITY_SEED,
};

/// The escrow token account of a payment mint, the mint and its token
/// program, and the market authority PDA that owns the account.
#[derive(Accounts)]
pub struct MarketEscrow<'info> {
    #[account(mint::token_program = payment_token_program)]
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, seeds = [ESCROW_TOKENS_SEED, payment_mint.key().as_ref()], bump)]
    pub escrow_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    /// CHECK: PDA that owns the escrow token accounts; holds no data.
    #[account(seeds = [MARKET_AUTHORITY_SEED], bump)]
    pub market_authority: UncheckedAccount<'info>,
    pub payment_token_program: Interface<'info, TokenInterface>,
}

impl<'info> MarketEscrow<'info> {
    /// Moves `amount` out of escrow to `to`, signed by the market authority.
    pub fn pay_out(&self, to: AccountInfo<'info>, amount: u64) -> Result<()> {
        transfer(
            self.payment_token_program.key(),
            &self.payment_mint,
            self.escrow_tokens.to_account_info(),
            to,
            self.market_authority.to_account_info(),
            &[MARKET_AUTHORITY_SIGNER_SEEDS],
            amount,
        )
    }

    /// Moves `amount` into escrow from `from`, signed by its `owner`.
    pub fn take_in(
        &self,
        from: AccountInfo<'info>,
        owner: AccountInfo<'info>,
        amount: u64,
    ) -> Result<()> {
        transfer(
            self.payment_token_program.key(),
            &self.payment_mint,
            from,
            self.escrow_tokens.to_account_info(),
            owner,
            &[],
            amount,
        )
    }
}
