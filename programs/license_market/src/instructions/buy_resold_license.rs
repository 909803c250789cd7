use {
    crate::{
        constants::*,
        errors::MarketError,
        events::LicenseResold,
        license_nft::{hand_close_authority, HeldLicenseNft},
        payout::*,
        state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::{
        associated_token::AssociatedToken,
        token_2022::{self, Token2022},
        token_interface::{Mint, TokenAccount},
    },
    hex_common::{
        bps::bps_of,
        nft::{freeze, thaw},
        token::transfer,
    },
};

/// Buys a license offered for resale: the platform takes its resale fee,
/// the model the listing's resale royalty (into its vault), the seller the
/// rest; the NFT moves to the buyer and is frozen again, and the seller's
/// emptied token account is closed, its rent back to the seller.
#[event_cpi]
#[derive(Accounts)]
pub struct BuyResoldLicense<'info> {
    #[account(mut)]
    pub buyer: Signer<'info>,
    /// CHECK: the license's holder, who receives the proceeds.
    #[account(mut, address = license.holder @ MarketError::NotLicenseHolder)]
    pub seller: UncheckedAccount<'info>,
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
        constraint = license.resale_price > 0 @ MarketError::NotForResale,
    )]
    pub license: Box<Account<'info, License>>,
    #[account(address = license.mint)]
    pub license_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        mut,
        token::mint = license_mint,
        token::authority = seller,
        token::token_program = token_program,
    )]
    pub seller_license_token: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        init_if_needed,
        payer = buyer,
        associated_token::mint = license_mint,
        associated_token::authority = buyer,
        associated_token::token_program = token_program,
    )]
    pub buyer_license_token: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        mut,
        token::mint = payout.payment_mint,
        token::authority = buyer,
        token::token_program = payout.payment_token_program,
    )]
    pub buyer_payment: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        mut,
        token::mint = payout.payment_mint,
        token::authority = seller,
        token::token_program = payout.payment_token_program,
    )]
    pub seller_payment: Box<InterfaceAccount<'info, TokenAccount>>,
    pub payout: Payout<'info>,
    pub token_program: Program<'info, Token2022>,
    pub associated_token_program: Program<'info, AssociatedToken>,
    pub system_program: Program<'info, System>,
}

impl<'info> BuyResoldLicense<'info> {
    /// Thaws the seller's account, moves the NFT as the approved delegate,
    /// closes the seller's account (rent to the seller), hands the License
    /// the buyer's account's close authority and freezes that account.
    fn transfer_license_nft(&self) -> Result<()> {
        let token_program = self.token_program.key();
        let bump = [self.license.bump];
        let seeds: &[&[u8]] = &[LICENSE_SEED, self.license.mint.as_ref(), &bump];
        let (mint, license) = (
            self.license_mint.to_account_info(),
            self.license.to_account_info(),
        );
        let seller_nft = HeldLicenseNft {
            token_program,
            mint: mint.clone(),
            holder_token: self.seller_license_token.to_account_info(),
            license: license.clone(),
            license_seeds: seeds,
        };
        thaw(
            token_program,
            seller_nft.holder_token.clone(),
            mint.clone(),
            license.clone(),
            seeds,
        )?;
        token_2022::transfer_checked(
            CpiContext::new_with_signer(
                token_program,
                token_2022::TransferChecked {
                    from: self.seller_license_token.to_account_info(),
                    mint: mint.clone(),
                    to: self.buyer_license_token.to_account_info(),
                    authority: license.clone(),
                },
                &[seeds],
            ),
            1,
            0,
        )?;
        seller_nft.close(
            seller_nft.holder_token.clone(),
            self.seller.to_account_info(),
        )?;
        hand_close_authority(
            token_program,
            self.buyer_license_token.to_account_info(),
            self.buyer.to_account_info(),
            license.key(),
        )?;
        freeze(
            token_program,
            self.buyer_license_token.to_account_info(),
            mint,
            license,
            seeds,
        )
    }
}

pub fn handler(mut ctx: Context<BuyResoldLicense>, expected_price: u64) -> Result<()> {
    let accounts = &mut ctx.accounts;
    // A pending purchase or credits would change hands with the license.
    accounts.license.check_resellable()?;
    let price = accounts.license.resale_price;
    require!(price == expected_price, MarketError::PriceMismatch);
    let fee = bps_of(price, accounts.payout.config.fees.license_resale_fee_bps);
    let royalty = bps_of(price, accounts.listing.resale_royalty_bps);
    let proceeds = price
        .checked_sub(fee)
        .and_then(|rest| rest.checked_sub(royalty))
        .ok_or(MarketError::MathOverflow)?;

    let payout = &accounts.payout;
    let pay = |to, amount| {
        transfer(
            payout.payment_token_program.key(),
            &payout.payment_mint,
            accounts.buyer_payment.to_account_info(),
            to,
            accounts.buyer.to_account_info(),
            &[],
            amount,
        )
    };
    pay(payout.treasury_payment.to_account_info(), fee)?;
    pay(accounts.seller_payment.to_account_info(), proceeds)?;
    payout.deposit_to_vault(
        &PaymentSource {
            tokens: accounts.buyer_payment.to_account_info(),
            authority: accounts.buyer.to_account_info(),
            signer_seeds: &[],
        },
        royalty,
    )?;
    accounts.transfer_license_nft()?;

    let license = &mut accounts.license;
    let seller = license.holder;
    license.holder = accounts.buyer.key();
    // The owner approved the seller's derivative, not the buyer's.
    license.derivative_approved = false;
    license.resale_price = 0;
    let event = LicenseResold {
        license: license.key(),
        seller,
        buyer: license.holder,
        price,
        platform_fee: fee,
        model_royalty: royalty,
        seller_proceeds: proceeds,
    };
    emit_cpi!(event);
    Ok(())
}
