use {
    crate::{errors::MarketError, events::RevenueReported, instructions::*, state::*},
    anchor_lang::prelude::*,
    hex_common::bps::bps_of,
};

/// A revenue-share licensee reports a period's revenue and pays the
/// license's share of it, or the minimum per period if that is more; the
/// license stays valid for another period.
#[event_cpi]
#[derive(Accounts)]
pub struct ReportRevenue<'info> {
    pub payment: LicensePayment<'info>,
}

pub fn handler(ctx: Context<ReportRevenue>, revenue: u64) -> Result<()> {
    let payment = &mut ctx.accounts.payment;
    let license = &payment.license;
    require!(
        license.kind == PricingKind::RevenueShare,
        MarketError::NotRevenueShare
    );
    let amount = license.terms.revenue_share_payment(
        bps_of(revenue, license.revenue_share_bps),
        license.locked_price,
    );
    let now = Clock::get()?.unix_timestamp;
    let split = payment.pay_for_period(amount, now)?;
    let license = &mut payment.license;
    license.revenue_reported = license
        .revenue_reported
        .checked_add(revenue)
        .ok_or(MarketError::MathOverflow)?;
    let event = RevenueReported {
        license: license.key(),
        holder: payment.holder.key(),
        revenue,
        paid: amount,
        platform_fee: split.fee,
        expires_at: license.expires_at,
    };
    emit_cpi!(event);
    Ok(())
}
