use {
    crate::{constants::*, errors::MarketError, state::*},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface},
    hex_common::token::transfer,
};

/// A pay-per-use license's prepaid credits, held in the market's escrow
/// token account for the listing's payment mint.
#[derive(Accounts)]
pub struct LicenseCredits<'info> {
    pub holder: Signer<'info>,
    #[account(
        seeds = [LISTING_SEED, listing.model_mint.as_ref(), &listing.listing_id.to_le_bytes()],
        bump = listing.bump,
    )]
    pub listing: Box<Account<'info, Listing>>,
    #[account(
        mut,
        seeds = [LICENSE_SEED, license.mint.as_ref()],
        bump = license.bump,
        constraint = license.listing == listing.key() @ MarketError::WrongListing,
        constraint = license.holder == holder.key() @ MarketError::NotLicenseHolder,
        constraint = license.kind == PricingKind::PayPerUse @ MarketError::NotPayPerUse,
    )]
    pub license: Box<Account<'info, License>>,
    #[account(
        address = listing.payment_mint @ MarketError::WrongPaymentMint,
        mint::token_program = payment_token_program,
    )]
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        mut,
        token::mint = payment_mint,
        token::authority = holder,
        token::token_program = payment_token_program,
    )]
    pub holder_payment: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, seeds = [ESCROW_TOKENS_SEED, payment_mint.key().as_ref()], bump)]
    pub escrow_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    pub payment_token_program: Interface<'info, TokenInterface>,
}

impl<'info> LicenseCredits<'info> {
    /// Moves credits between the holder and the escrow: in with the
    /// holder's signature, out with the market authority's.
    pub fn move_credits(
        &self,
        from: AccountInfo<'info>,
        to: AccountInfo<'info>,
        authority: AccountInfo<'info>,
        signer_seeds: &[&[&[u8]]],
        amount: u64,
    ) -> Result<()> {
        require!(amount > 0, MarketError::ZeroAmount);
        transfer(
            self.payment_token_program.key(),
            &self.payment_mint,
            from,
            to,
            authority,
            signer_seeds,
            amount,
        )
    }
}
