use {
    crate::{
        activity::record_activity, constants::*, errors::MarketError,
        instructions::market_escrow::*, license_nft::HeldLicenseNft, state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::{
        token_2022::Token2022,
        token_interface::{Mint, TokenAccount},
    },
    model_registry::{instructions::LicenseActivity, program::ModelRegistry},
};

/// A purchase whose payment may wait in escrow, with everything a refund
/// pays or closes: the listing that counts it, the License and its NFT in
/// the holder's account, the holder's payment account and the escrow.
#[derive(Accounts)]
pub struct PendingPurchase<'info> {
    #[account(
        mut,
        seeds = [LISTING_SEED, listing.model_mint.as_ref(), &listing.listing_id.to_le_bytes()],
        bump = listing.bump,
    )]
    pub listing: Box<Account<'info, Listing>>,
    #[account(
        mut,
        seeds = [LICENSE_SEED, license.mint.as_ref()],
        bump = license.bump,
        constraint = license.listing == listing.key() @ MarketError::WrongListing,
    )]
    pub license: Box<Account<'info, License>>,
    /// CHECK: the license's holder, the buyer: a refund's tokens and rent go back to it.
    #[account(mut, address = license.holder @ MarketError::NotLicenseHolder)]
    pub holder: UncheckedAccount<'info>,
    #[account(mut, address = license.mint)]
    pub license_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        mut,
        token::mint = license_mint,
        token::authority = holder,
        token::token_program = token_program,
    )]
    pub holder_license_token: Box<InterfaceAccount<'info, TokenAccount>>,
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
    pub registry_program: Program<'info, ModelRegistry>,
    pub token_program: Program<'info, Token2022>,
}

impl<'info> PendingPurchase<'info> {
    /// Undoes the purchase: its payment back from escrow to the buyer, the
    /// license off the listing's and `model`'s counts, the NFT burned, and
    /// the License, its mint and the holder's token account closed with their
    /// rent to the holder, who paid all of it (a pending purchase never
    /// changes hands). Needs no signature of the holder: the License PDA
    /// burns and closes (see `license_nft`). Returns the amount refunded.
    pub fn refund(&mut self, model: AccountInfo<'info>) -> Result<u64> {
        let amount = self.license.pending_payment;
        let license_bump = [self.license.bump];
        let license_seeds: &[&[u8]] = &[LICENSE_SEED, self.license.mint.as_ref(), &license_bump];
        HeldLicenseNft {
            token_program: self.token_program.key(),
            mint: self.license_mint.to_account_info(),
            holder_token: self.holder_license_token.to_account_info(),
            license: self.license.to_account_info(),
            license_seeds,
        }
        .burn(self.holder.to_account_info())?;
        self.escrow
            .pay_out(self.holder_payment.to_account_info(), amount)?;
        self.listing.sold = self
            .listing
            .sold
            .checked_sub(1)
            .ok_or(MarketError::MathOverflow)?;
        self.listing.count_open_license(false)?;
        record_activity(
            &self.registry_program,
            self.escrow.market_authority.to_account_info(),
            model,
            LicenseActivity::Refunded,
        )?;
        self.license.close(self.holder.to_account_info())?;
        Ok(amount)
    }
}
