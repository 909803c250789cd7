use {
    crate::{constants::*, errors::MarketError, instructions::market_escrow::*, state::*},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
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
        constraint = escrow.payment_mint.key() == listing.payment_mint @ MarketError::WrongPaymentMint,
    )]
    pub escrow: MarketEscrow<'info>,
    #[account(
        mut,
        token::mint = escrow.payment_mint,
        token::authority = holder,
        token::token_program = escrow.payment_token_program,
    )]
    pub holder_payment: Box<InterfaceAccount<'info, TokenAccount>>,
}

impl LicenseCredits<'_> {
    /// Credits in from the holder's account, with its signature.
    pub fn take_credits(&self, amount: u64) -> Result<()> {
        require!(amount > 0, MarketError::ZeroAmount);
        self.escrow.take_in(
            self.holder_payment.to_account_info(),
            self.holder.to_account_info(),
            amount,
        )
    }

    /// Credits back to the holder's account, signed by the market authority.
    pub fn return_credits(&self, amount: u64) -> Result<()> {
        require!(amount > 0, MarketError::ZeroAmount);
        self.escrow
            .pay_out(self.holder_payment.to_account_info(), amount)
    }
}
