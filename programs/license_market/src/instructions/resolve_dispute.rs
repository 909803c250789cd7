use {
    crate::{
        constants::*,
        errors::MarketError,
        events::{DisputeResolved, LicenseRefunded},
        instructions::*,
        payout::*,
        state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
    model_registry::{constants::MARKET_AUTHORITY_SEED, program::ModelRegistry},
};

/// The platform arbiter decides an open dispute: refund the buyer (the
/// license is revoked) or settle the payment to the model as usual.
#[event_cpi]
#[derive(Accounts)]
pub struct ResolveDispute<'info> {
    #[account(address = payout.config.authority @ MarketError::NotArbiter)]
    pub arbiter: Signer<'info>,
    #[account(
        mut,
        seeds = [LISTING_SEED, listing.model_mint.as_ref(), &listing.listing_id.to_le_bytes()],
        bump = listing.bump,
        constraint = listing.model_mint == payout.model.mint @ MarketError::WrongListing,
        constraint = listing.payment_mint == payout.payment_mint.key() @ MarketError::WrongPaymentMint,
    )]
    pub listing: Box<Account<'info, Listing>>,
    #[account(
        mut,
        seeds = [LICENSE_SEED, license.mint.as_ref()],
        bump = license.bump,
        constraint = license.listing == listing.key() @ MarketError::WrongListing,
        constraint = license.disputed @ MarketError::NoDispute,
    )]
    pub license: Box<Account<'info, License>>,
    #[account(
        mut,
        token::mint = payout.payment_mint,
        token::authority = license.holder,
        token::token_program = payout.payment_token_program,
    )]
    pub holder_payment: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, seeds = [ESCROW_TOKENS_SEED, payout.payment_mint.key().as_ref()], bump)]
    pub escrow_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    /// CHECK: PDA that owns the escrow token accounts; holds no data.
    #[account(seeds = [MARKET_AUTHORITY_SEED], bump)]
    pub market_authority: UncheckedAccount<'info>,
    pub payout: Payout<'info>,
    pub registry_program: Program<'info, ModelRegistry>,
}

pub fn handler(mut ctx: Context<ResolveDispute>, refund_buyer: bool) -> Result<()> {
    let accounts = &mut ctx.accounts;
    let amount = accounts.license.pending_payment;
    if refund_buyer {
        Unsale {
            listing: &mut accounts.listing,
            payment_mint: &accounts.payout.payment_mint,
            payment_token_program: &accounts.payout.payment_token_program,
            escrow_tokens: accounts.escrow_tokens.to_account_info(),
            buyer_payment: accounts.holder_payment.to_account_info(),
            market_authority: accounts.market_authority.to_account_info(),
            market_authority_bump: ctx.bumps.market_authority,
            model: accounts.payout.model.to_account_info(),
            registry_program: &accounts.registry_program,
        }
        .refund(&mut accounts.license)?;
        accounts.license.status = LicenseStatus::Revoked;
    } else {
        pay_pending(
            &mut accounts.license,
            &mut accounts.payout,
            accounts.escrow_tokens.to_account_info(),
            accounts.market_authority.to_account_info(),
            ctx.bumps.market_authority,
        )?;
    }
    let refunded = refund_buyer.then(|| LicenseRefunded {
        license: accounts.license.key(),
        holder: accounts.license.holder,
        amount,
        revoked_by_arbiter: true,
    });
    let resolved = DisputeResolved {
        license: accounts.license.key(),
        arbiter: accounts.arbiter.key(),
        refunded: refund_buyer,
        amount,
    };
    if let Some(event) = refunded {
        emit_cpi!(event);
    }
    emit_cpi!(resolved);
    Ok(())
}
