use {
    crate::{constants::*, errors::MarketError, license_nft::write_expiry, payout::*, state::*},
    anchor_lang::prelude::*,
    anchor_spl::{
        token_2022::Token2022,
        token_interface::{Mint, TokenAccount},
    },
};

/// A holder paying for another period of its license: a subscription
/// renewal or a revenue-share report.
#[derive(Accounts)]
pub struct LicensePayment<'info> {
    #[account(mut)]
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
        constraint = license.status == LicenseStatus::Active @ MarketError::LicenseRevoked,
    )]
    pub license: Box<Account<'info, License>>,
    #[account(mut, address = license.mint)]
    pub license_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        mut,
        token::mint = payout.payment_mint,
        token::authority = holder,
        token::token_program = payout.payment_token_program,
    )]
    pub holder_payment: Box<InterfaceAccount<'info, TokenAccount>>,
    pub payout: Payout<'info>,
    pub token_program: Program<'info, Token2022>,
    pub system_program: Program<'info, System>,
}

impl<'info> LicensePayment<'info> {
    /// Pays `amount` through the split and extends the license by one of
    /// the listing's periods, rewriting the NFT's expiry.
    pub fn pay_for_period(&mut self, amount: u64, now: i64) -> Result<PaymentSplit> {
        let split = split_payment(amount, self.payout.license_fee_bps(), 0)?;
        let source = PaymentSource {
            tokens: self.holder_payment.to_account_info(),
            authority: self.holder.to_account_info(),
            signer_seeds: &[],
        };
        self.payout.pay(&source, &split, None)?;
        let license = &mut self.license;
        license.total_paid = license
            .total_paid
            .checked_add(amount)
            .ok_or(MarketError::MathOverflow)?;
        license.extend(self.listing.pricing.period_secs, now)?;
        let bump = [license.bump];
        let seeds: &[&[u8]] = &[LICENSE_SEED, license.mint.as_ref(), &bump];
        write_expiry(
            self.token_program.to_account_info(),
            self.license_mint.to_account_info(),
            license.to_account_info(),
            seeds,
            self.holder.to_account_info(),
            self.system_program.key(),
            license.expires_at,
        )?;
        Ok(split)
    }
}
