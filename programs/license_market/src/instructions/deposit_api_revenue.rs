use {
    crate::{errors::MarketError, events::ApiRevenueDeposited, payout::*},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
};

/// Revenue a model earned through off-chain API billing, paid in like any
/// other license revenue: the platform's API fee (the license fee, lowered
/// by the creator's tier) to the treasury, the rest to the model (its
/// family's trend share included). Anyone may pay it, e.g. the billing
/// service.
#[event_cpi]
#[derive(Accounts)]
pub struct DepositApiRevenue<'info> {
    pub payer: Signer<'info>,
    #[account(
        mut,
        token::mint = payout.payment_mint,
        token::authority = payer,
        token::token_program = payout.payment_token_program,
    )]
    pub payer_payment: Box<InterfaceAccount<'info, TokenAccount>>,
    pub payout: Payout<'info>,
}

pub fn handler(mut ctx: Context<DepositApiRevenue>, amount: u64) -> Result<()> {
    require!(amount > 0, MarketError::ZeroAmount);
    let accounts = &mut ctx.accounts;
    accounts.payout.check_model_live()?;
    let split = split_payment(amount, accounts.payout.license_fee_bps(), 0)?;
    let source = PaymentSource {
        tokens: accounts.payer_payment.to_account_info(),
        authority: accounts.payer.to_account_info(),
        signer_seeds: &[],
    };
    accounts.payout.pay(&source, &split, None)?;
    let event = ApiRevenueDeposited {
        model_mint: accounts.payout.model.mint,
        payer: accounts.payer.key(),
        amount,
        platform_fee: split.fee,
        to_model: split.model,
    };
    emit_cpi!(event);
    Ok(())
}
