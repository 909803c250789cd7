use {
    crate::{
        constants::*,
        errors::MarketError,
        events::TierChanged,
        license_nft::{expiry_text, write_fields},
        payout::*,
        state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::{
        token_2022::Token2022,
        token_interface::{Mint, TokenAccount},
    },
};

/// The holder moves a subscription to another subscription listing of the
/// same model (an upgrade or a downgrade): the paid time left, valued at
/// its period's price, is credited against the new listing's price. If the
/// new price is higher the holder pays the difference and a new period
/// starts now; if lower, the new period is lengthened by what the credit
/// left over buys. The license keeps its NFT and serial.
#[event_cpi]
#[derive(Accounts)]
pub struct ChangeTier<'info> {
    #[account(mut)]
    pub holder: Signer<'info>,
    #[account(
        mut,
        seeds = [LICENSE_SEED, license.mint.as_ref()],
        bump = license.bump,
        constraint = license.holder == holder.key() @ MarketError::NotLicenseHolder,
        constraint = license.status == LicenseStatus::Active @ MarketError::LicenseRevoked,
        constraint = license.kind == PricingKind::Subscription @ MarketError::InvalidTierChange,
        constraint = license.resale_price == 0 @ MarketError::ListedForResale,
    )]
    pub license: Box<Account<'info, License>>,
    #[account(mut, address = license.listing @ MarketError::WrongListing)]
    pub from_listing: Box<Account<'info, Listing>>,
    #[account(
        mut,
        seeds = [LISTING_SEED, to_listing.model_mint.as_ref(), &to_listing.listing_id.to_le_bytes()],
        bump = to_listing.bump,
        constraint = to_listing.key() != from_listing.key()
            && to_listing.model_mint == license.model_mint
            && to_listing.model_mint == payout.model.mint
            && to_listing.payment_mint == payout.payment_mint.key()
            && to_listing.pricing.kind == PricingKind::Subscription
            @ MarketError::InvalidTierChange,
    )]
    pub to_listing: Box<Account<'info, Listing>>,
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

pub fn handler(mut ctx: Context<ChangeTier>, expected_price: u64) -> Result<()> {
    let accounts = &mut ctx.accounts;
    accounts.to_listing.check_on_sale()?;
    accounts.license.check_settled()?;
    let price = accounts.to_listing.pricing.price;
    require!(price == expected_price, MarketError::PriceMismatch);
    let now = Clock::get()?.unix_timestamp;
    let credit = accounts.license.remaining_value(now)?;
    let period = accounts.to_listing.pricing.period_secs;
    let (due, expires_at) = if price > credit {
        (price - credit, now + period)
    } else {
        // The credit left over buys extra time at the new price.
        let extra = (credit - price) as u128 * period as u128 / price as u128;
        let extra = i64::try_from(extra).map_err(|_| MarketError::MathOverflow)?;
        (
            0,
            now.checked_add(period)
                .and_then(|end| end.checked_add(extra))
                .ok_or(MarketError::MathOverflow)?,
        )
    };
    let split = split_payment(due, accounts.payout.license_fee_bps(), 0)?;
    let source = PaymentSource {
        tokens: accounts.holder_payment.to_account_info(),
        authority: accounts.holder.to_account_info(),
        signer_seeds: &[],
    };
    accounts.payout.pay(&source, &split, None)?;

    let from_key = accounts.from_listing.key();
    let to_key = accounts.to_listing.key();
    let from = &mut accounts.from_listing;
    from.count_open_license(false)?;
    from.sold = from.sold.checked_sub(1).ok_or(MarketError::MathOverflow)?;
    let to = &mut accounts.to_listing;
    to.count_open_license(true)?;
    to.sold = to.sold.checked_add(1).ok_or(MarketError::MathOverflow)?;

    let license = &mut accounts.license;
    license.adopt_listing(to, to_key, now, expires_at);
    license.total_paid = license
        .total_paid
        .checked_add(due)
        .ok_or(MarketError::MathOverflow)?;
    let bump = [license.bump];
    let seeds: &[&[u8]] = &[LICENSE_SEED, license.mint.as_ref(), &bump];
    write_fields(
        accounts.token_program.to_account_info(),
        accounts.license_mint.to_account_info(),
        license.to_account_info(),
        seeds,
        accounts.holder.to_account_info(),
        accounts.system_program.key(),
        vec![
            (METADATA_KEY_LISTING, to_key.to_string()),
            (METADATA_KEY_EXPIRES, expiry_text(expires_at)),
            (METADATA_KEY_LICENSE_TERMS, license.terms.metadata_text()),
        ],
    )?;
    let event = TierChanged {
        license: license.key(),
        holder: license.holder,
        from_listing: from_key,
        to_listing: to_key,
        credit,
        paid: due,
        platform_fee: split.fee,
        expires_at,
    };
    emit_cpi!(event);
    Ok(())
}
