use {
    crate::{
        activity::record_activity, constants::*, errors::MarketError, events::LicenseRefunded,
        payout::transfer, state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::{
        token_2022::{self, Token2022},
        token_interface::{Mint, TokenAccount, TokenInterface},
    },
    model_registry::{
        constants::{MARKET_AUTHORITY_SEED, MODEL_SEED},
        instructions::LicenseActivity,
        ownership::thaw,
        program::ModelRegistry,
        state::Model,
    },
};

/// Inside the refund window, the buyer gives the license back: the NFT is
/// burned, its accounts closed, and every unit paid and every lamport of
/// rent returned to the buyer. Works while the platform is paused.
#[event_cpi]
#[derive(Accounts)]
pub struct RefundLicense<'info> {
    #[account(mut)]
    pub holder: Signer<'info>,
    #[account(
        mut,
        seeds = [LISTING_SEED, listing.model_mint.as_ref(), &listing.listing_id.to_le_bytes()],
        bump = listing.bump,
    )]
    pub listing: Box<Account<'info, Listing>>,
    #[account(
        mut,
        close = holder,
        seeds = [LICENSE_SEED, license.mint.as_ref()],
        bump = license.bump,
        constraint = license.listing == listing.key() @ MarketError::WrongListing,
        constraint = license.holder == holder.key() @ MarketError::NotLicenseHolder,
    )]
    pub license: Box<Account<'info, License>>,
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
    /// CHECK: PDA that owns the escrow token accounts; holds no data.
    #[account(seeds = [MARKET_AUTHORITY_SEED], bump)]
    pub market_authority: UncheckedAccount<'info>,
    #[account(
        mut,
        seeds = [MODEL_SEED, listing.model_mint.as_ref()],
        bump = model.bump,
        seeds::program = model_registry::ID,
    )]
    pub model: Box<Account<'info, Model>>,
    pub registry_program: Program<'info, ModelRegistry>,
    pub token_program: Program<'info, Token2022>,
    pub payment_token_program: Interface<'info, TokenInterface>,
}

/// Returns a pending purchase from escrow to its buyer and takes the
/// license off the listing's and the model's counts.
pub struct Unsale<'a, 'info> {
    pub listing: &'a mut Listing,
    pub payment_mint: &'a InterfaceAccount<'info, Mint>,
    pub payment_token_program: &'a Interface<'info, TokenInterface>,
    pub escrow_tokens: AccountInfo<'info>,
    pub buyer_payment: AccountInfo<'info>,
    pub market_authority: AccountInfo<'info>,
    pub market_authority_bump: u8,
    pub model: AccountInfo<'info>,
    pub registry_program: &'a Program<'info, ModelRegistry>,
}

impl Unsale<'_, '_> {
    pub fn refund(self, license: &mut License) -> Result<u64> {
        let amount = license.pending_payment;
        let bump = [self.market_authority_bump];
        let seeds: &[&[u8]] = &[MARKET_AUTHORITY_SEED, &bump];
        transfer(
            self.payment_token_program,
            self.payment_mint,
            self.escrow_tokens,
            self.buyer_payment,
            self.market_authority.clone(),
            &[seeds],
            amount,
        )?;
        license.pending_payment = 0;
        license.pending_fee = 0;
        license.disputed = false;
        self.listing.sold = self
            .listing
            .sold
            .checked_sub(1)
            .ok_or(MarketError::MathOverflow)?;
        record_activity(
            self.registry_program,
            self.market_authority,
            self.market_authority_bump,
            self.model,
            LicenseActivity::Refunded,
        )?;
        Ok(amount)
    }
}

impl<'info> RefundLicense<'info> {
    /// Burns the NFT and closes its token account and mint, rent to the holder.
    fn burn_license_nft(&self) -> Result<()> {
        let token_program = self.token_program.key();
        let mint_key = self.license_mint.key();
        let bump = [self.license.bump];
        let seeds: &[&[u8]] = &[LICENSE_SEED, mint_key.as_ref(), &bump];
        let (mint, license) = (
            self.license_mint.to_account_info(),
            self.license.to_account_info(),
        );
        thaw(
            token_program,
            self.holder_license_token.to_account_info(),
            mint.clone(),
            license.clone(),
            seeds,
        )?;
        token_2022::burn(
            CpiContext::new(
                token_program,
                token_2022::Burn {
                    mint: mint.clone(),
                    from: self.holder_license_token.to_account_info(),
                    authority: self.holder.to_account_info(),
                },
            ),
            1,
        )?;
        token_2022::close_account(CpiContext::new(
            token_program,
            token_2022::CloseAccount {
                account: self.holder_license_token.to_account_info(),
                destination: self.holder.to_account_info(),
                authority: self.holder.to_account_info(),
            },
        ))?;
        token_2022::close_account(CpiContext::new_with_signer(
            token_program,
            token_2022::CloseAccount {
                account: mint,
                destination: self.holder.to_account_info(),
                authority: license,
            },
            &[seeds],
        ))
    }
}

pub fn handler(mut ctx: Context<RefundLicense>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    ctx.accounts.license.check_refundable(now)?;
    ctx.accounts.burn_license_nft()?;
    let accounts = &mut ctx.accounts;
    let amount = Unsale {
        listing: &mut accounts.listing,
        payment_mint: &accounts.payment_mint,
        payment_token_program: &accounts.payment_token_program,
        escrow_tokens: accounts.escrow_tokens.to_account_info(),
        buyer_payment: accounts.holder_payment.to_account_info(),
        market_authority: accounts.market_authority.to_account_info(),
        market_authority_bump: ctx.bumps.market_authority,
        model: accounts.model.to_account_info(),
        registry_program: &accounts.registry_program,
    }
    .refund(&mut accounts.license)?;
    let event = LicenseRefunded {
        license: accounts.license.key(),
        holder: accounts.holder.key(),
        amount,
        revoked_by_arbiter: false,
    };
    emit_cpi!(event);
    Ok(())
}
