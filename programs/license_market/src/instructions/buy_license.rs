use {
    crate::{
        activity::record_activity,
        constants::*,
        errors::MarketError,
        events::LicensePurchased,
        license_nft::{expiry_text, LicenseNft},
        payout::*,
        state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::{
        associated_token::AssociatedToken,
        token_2022::Token2022,
        token_interface::{Mint, TokenAccount},
    },
    hex_common::token::transfer,
    model_registry::{
        derivative_license::check_still_licensed, instructions::LicenseActivity,
        program::ModelRegistry,
    },
};

/// Buys a license: mints the buyer a frozen license NFT and pays the
/// listing's upfront price, into escrow while the refund window is open,
/// otherwise straight to the treasury and the model's vault. A license with
/// no upfront payment (pay-per-use) is issued but not counted as a sale.
#[event_cpi]
#[derive(Accounts)]
pub struct BuyLicense<'info> {
    #[account(mut)]
    pub buyer: Signer<'info>,
    #[account(
        mut,
        seeds = [LISTING_SEED, listing.model_mint.as_ref(), &listing.listing_id.to_le_bytes()],
        bump = listing.bump,
    )]
    pub listing: Box<Account<'info, Listing>>,
    #[account(
        init,
        payer = buyer,
        space = 8 + License::INIT_SPACE,
        seeds = [LICENSE_SEED, license_mint.key().as_ref()],
        bump,
    )]
    pub license: Box<Account<'info, License>>,
    #[account(
        init,
        payer = buyer,
        mint::decimals = 0,
        mint::authority = license,
        mint::freeze_authority = license,
        mint::token_program = token_program,
        extensions::metadata_pointer::authority = license,
        extensions::metadata_pointer::metadata_address = license_mint,
        extensions::close_authority::authority = license,
        extensions::permanent_delegate::delegate = license,
    )]
    pub license_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        init,
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
    #[account(mut, seeds = [ESCROW_TOKENS_SEED, payout.payment_mint.key().as_ref()], bump)]
    pub escrow_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    pub payout: Payout<'info>,
    pub registry_program: Program<'info, ModelRegistry>,
    pub token_program: Program<'info, Token2022>,
    pub associated_token_program: Program<'info, AssociatedToken>,
    pub system_program: Program<'info, System>,
    /// CHECK: for a fork made under a license, that license (of the parent,
    /// held by the fork's owner and still valid): checked by the registry's rule.
    pub derivative_license: Option<UncheckedAccount<'info>>,
}

impl<'info> BuyLicense<'info> {
    /// Takes the upfront payment and returns its split, and whether it
    /// waits in escrow (a refundable purchase) or was paid out.
    fn take_payment(&mut self, amount: u64) -> Result<(PaymentSplit, bool)> {
        let split = split_payment(amount, self.payout.license_fee_bps(), 0)?;
        if self.listing.refund_window_secs > 0 && amount > 0 {
            transfer(
                self.payout.payment_token_program.key(),
                &self.payout.payment_mint,
                self.buyer_payment.to_account_info(),
                self.escrow_tokens.to_account_info(),
                self.buyer.to_account_info(),
                &[],
                amount,
            )?;
            return Ok((split, true));
        }
        let source = PaymentSource {
            tokens: self.buyer_payment.to_account_info(),
            authority: self.buyer.to_account_info(),
            signer_seeds: &[],
        };
        self.payout.pay(&source, &split, None)?;
        Ok((split, false))
    }
}

pub fn handler(mut ctx: Context<BuyLicense>, expected_price: u64) -> Result<()> {
    let accounts = &mut ctx.accounts;
    accounts.listing.check_on_sale()?;
    let pricing = accounts.listing.pricing;
    require!(pricing.price == expected_price, MarketError::PriceMismatch);
    let now = Clock::get()?.unix_timestamp;
    // A fork whose license ended sells nothing until its owner holds one again.
    check_still_licensed(
        &accounts.payout.model,
        accounts.derivative_license.as_deref(),
        now,
    )
    .map_err(|_| MarketError::DerivativeLicenseEnded)?;
    let expires_at = if pricing.expires() {
        now.checked_add(pricing.period_secs)
            .ok_or(MarketError::MathOverflow)?
    } else {
        0
    };
    let amount = pricing.upfront_payment();
    let (split, in_escrow) = accounts.take_payment(amount)?;

    let mint_key = accounts.license_mint.key();
    let bump = [ctx.bumps.license];
    let license_seeds: &[&[u8]] = &[LICENSE_SEED, mint_key.as_ref(), &bump];
    let listing_key = accounts.listing.key();
    LicenseNft {
        token_program: accounts.token_program.to_account_info(),
        mint: accounts.license_mint.to_account_info(),
        license: accounts.license.to_account_info(),
        license_seeds,
        holder_token: accounts.buyer_license_token.to_account_info(),
        buyer: accounts.buyer.to_account_info(),
        system_program: accounts.system_program.key(),
    }
    .mint(
        accounts.listing.uri.clone(),
        vec![
            (METADATA_KEY_MODEL, accounts.listing.model_mint.to_string()),
            (METADATA_KEY_LISTING, listing_key.to_string()),
            (METADATA_KEY_TERMS, pricing.kind.name().to_string()),
            (METADATA_KEY_EXPIRES, expiry_text(expires_at)),
            (
                METADATA_KEY_LICENSE_TERMS,
                accounts.listing.terms.metadata_text(),
            ),
        ],
    )?;

    let counted_as_sale = amount > 0;
    let listing = &mut accounts.listing;
    if counted_as_sale {
        listing.sold = listing
            .sold
            .checked_add(1)
            .ok_or(MarketError::MathOverflow)?;
    }
    listing.issued = listing
        .issued
        .checked_add(1)
        .ok_or(MarketError::MathOverflow)?;
    listing.count_open_license(true)?;
    let (pending_payment, pending_fee, total_paid, refundable_until) = if in_escrow {
        let until = now
            .checked_add(listing.refund_window_secs)
            .ok_or(MarketError::MathOverflow)?;
        (amount, split.fee, 0, until)
    } else {
        (0, 0, amount, 0)
    };
    accounts.license.set_inner(License::new(
        listing,
        NewLicense {
            bump: ctx.bumps.license,
            mint: mint_key,
            listing: listing_key,
            holder: accounts.buyer.key(),
            now,
            expires_at,
            total_paid,
            pending_payment,
            pending_fee,
            refundable_until,
        },
    ));
    if counted_as_sale {
        record_activity(
            &accounts.registry_program,
            accounts.payout.market_authority.to_account_info(),
            accounts.payout.model.to_account_info(),
            LicenseActivity::Issued,
        )?;
    }
    let event = LicensePurchased {
        license: accounts.license.key(),
        mint: mint_key,
        listing: listing_key,
        buyer: accounts.buyer.key(),
        kind: pricing.kind,
        price: amount,
        platform_fee: split.fee,
        in_escrow,
        expires_at,
        refundable_until,
        meter_authority: accounts.license.meter_authority,
        compute_node: accounts.license.compute_node,
        counted_as_sale,
    };
    emit_cpi!(event);
    Ok(())
}
