use {
    crate::{errors::MarketError, events::CreditsWithdrawn, instructions::*},
    anchor_lang::prelude::*,
    hex_common::pda::MARKET_AUTHORITY_SIGNER_SEEDS,
    model_registry::constants::MARKET_AUTHORITY_SEED,
};

/// Takes unused credits back, at any time, even while the platform is paused.
#[event_cpi]
#[derive(Accounts)]
pub struct WithdrawCredits<'info> {
    pub credits: LicenseCredits<'info>,
    /// CHECK: PDA that owns the escrow token accounts; holds no data.
    #[account(seeds = [MARKET_AUTHORITY_SEED], bump)]
    pub market_authority: UncheckedAccount<'info>,
}

pub fn handler(ctx: Context<WithdrawCredits>, amount: u64) -> Result<()> {
    let credits = &mut ctx.accounts.credits;
    require!(
        amount <= credits.license.credits,
        MarketError::InsufficientCredits
    );
    credits.move_credits(
        credits.escrow_tokens.to_account_info(),
        credits.holder_payment.to_account_info(),
        ctx.accounts.market_authority.to_account_info(),
        &[MARKET_AUTHORITY_SIGNER_SEEDS],
        amount,
    )?;
    let license = &mut credits.license;
    license.credits -= amount;
    let event = CreditsWithdrawn {
        license: license.key(),
        amount,
        credits: license.credits,
    };
    emit_cpi!(event);
    Ok(())
}
