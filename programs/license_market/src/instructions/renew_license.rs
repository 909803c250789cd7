use {
    crate::{errors::MarketError, events::LicenseRenewed, instructions::*, state::*},
    anchor_lang::prelude::*,
};

/// Renews a subscription for one period at the listing's current price,
/// which the holder confirms: from the expiry if the license is still
/// valid, from now if it lapsed.
#[event_cpi]
#[derive(Accounts)]
pub struct RenewLicense<'info> {
    pub payment: LicensePayment<'info>,
}

pub fn handler(ctx: Context<RenewLicense>, expected_price: u64) -> Result<()> {
    let payment = &mut ctx.accounts.payment;
    require!(
        payment.license.kind == PricingKind::Subscription,
        MarketError::NotRenewable
    );
    // A refund returns only the escrowed purchase and burns the license: a
    // renewal paid before the purchase settles would be lost with it.
    payment.license.check_settled()?;
    require!(!payment.listing.closed, MarketError::ListingClosed);
    let price = payment.listing.pricing.price;
    require!(price == expected_price, MarketError::PriceMismatch);
    let now = Clock::get()?.unix_timestamp;
    let split = payment.pay_for_period(price, now)?;
    payment.license.period_price = price;
    let event = LicenseRenewed {
        license: payment.license.key(),
        holder: payment.holder.key(),
        price,
        platform_fee: split.fee,
        expires_at: payment.license.expires_at,
    };
    emit_cpi!(event);
    Ok(())
}
