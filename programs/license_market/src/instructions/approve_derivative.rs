use {
    crate::{
        constants::*, errors::MarketError, events::DerivativeApproved, instructions::*, state::*,
    },
    anchor_lang::prelude::*,
};

/// The model's owner approves (or withdraws its approval of) the derivative
/// of a license's holder, under terms that require the creator's approval:
/// the registry lets the holder fork only once approved.
#[event_cpi]
#[derive(Accounts)]
pub struct ApproveDerivative<'info> {
    pub model_owner: ModelOwner<'info>,
    #[account(
        mut,
        seeds = [LICENSE_SEED, license.mint.as_ref()],
        bump = license.bump,
        constraint = license.model_mint == model_owner.model.mint @ MarketError::WrongListing,
        constraint = license.terms.derivatives == DerivativePolicy::ApprovalRequired
            @ MarketError::ApprovalNotRequired,
    )]
    pub license: Box<Account<'info, License>>,
}

pub fn handler(ctx: Context<ApproveDerivative>, approved: bool) -> Result<()> {
    let license = &mut ctx.accounts.license;
    license.derivative_approved = approved;
    let event = DerivativeApproved {
        license: license.key(),
        holder: license.holder,
        approved,
    };
    emit_cpi!(event);
    Ok(())
}
