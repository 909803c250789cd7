use {
    crate::{constants::*, errors::MarketError, events::UsageRecorded, payout::*, state::*},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
    hex_common::pda::MARKET_AUTHORITY_SIGNER_SEEDS,
};

/// The meter fixed into a license when it was sold records units used under
/// it. For pay-per-use, the units' cost (price x units, lower past the
/// license's volume tiers) leaves the prepaid credits: platform
/// fee, compute share to the node fixed into the license, the rest to the
/// model's vault. A listing's later meter or node never reaches a license
/// already sold.
#[event_cpi]
#[derive(Accounts)]
pub struct RecordUsage<'info> {
    #[account(address = license.meter_authority @ MarketError::UnauthorizedMeter)]
    pub meter: Signer<'info>,
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
    )]
    pub license: Box<Account<'info, License>>,
    #[account(mut, seeds = [ESCROW_TOKENS_SEED, payout.payment_mint.key().as_ref()], bump)]
    pub escrow_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The license's compute node's account for its share, when the listing
    /// pays one. Never the vault's: a share paid there would escape its
    /// accounting.
    #[account(
        mut,
        token::mint = payout.payment_mint,
        token::token_program = payout.payment_token_program,
        constraint = node_payment.key() != payout.vault_tokens.key() @ MarketError::InvalidNodeAccount,
        constraint = node_payment.owner == license.compute_node @ MarketError::WrongComputeNode,
    )]
    pub node_payment: Option<Box<InterfaceAccount<'info, TokenAccount>>>,
    pub payout: Payout<'info>,
}

pub fn handler(mut ctx: Context<RecordUsage>, units: u64, sequence: u64) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let now = Clock::get()?.unix_timestamp;
    let license = &mut accounts.license;
    require!(
        matches!(
            license.kind,
            PricingKind::Subscription | PricingKind::PayPerUse
        ),
        MarketError::UsageNotMetered
    );
    license.check_usable(now)?;
    accounts.payout.check_model_live()?;
    // Priced before counting: the units' numbers set their volume tier.
    let cost = if license.kind == PricingKind::PayPerUse {
        license
            .usage_cost(units)
            .ok_or(MarketError::InsufficientCredits)?
    } else {
        0
    };
    license.count_usage(units, sequence, now)?;
    license.spend_credits(cost)?;
    license.total_paid = license
        .total_paid
        .checked_add(cost)
        .ok_or(MarketError::MathOverflow)?;

    let split = split_payment(
        cost,
        accounts.payout.license_fee_bps(),
        accounts.listing.pricing.compute_share_bps,
    )?;
    if cost > 0 {
        let source = PaymentSource {
            tokens: accounts.escrow_tokens.to_account_info(),
            authority: accounts.payout.market_authority.to_account_info(),
            signer_seeds: &[MARKET_AUTHORITY_SIGNER_SEEDS],
        };
        let node = accounts
            .node_payment
            .as_ref()
            .map(|node| node.to_account_info());
        accounts.payout.pay(&source, &split, node)?;
    }
    let license = &accounts.license;
    let event = UsageRecorded {
        license: license.key(),
        meter: accounts.meter.key(),
        units,
        sequence,
        cost,
        platform_fee: split.fee,
        compute_share: split.compute,
        node: accounts.node_payment.as_ref().map(|node| node.owner),
        credits: license.credits,
        used_in_period: license.used_in_period,
    };
    emit_cpi!(event);
    Ok(())
}
