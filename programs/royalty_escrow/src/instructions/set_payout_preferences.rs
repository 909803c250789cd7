use {
    crate::{constants::*, events::PayoutPreferencesSet, state::*},
    anchor_lang::prelude::*,
};

/// A wallet chooses whether keepers may pay it with `distribute`, and
/// whether they may create its associated token account to do so.
#[event_cpi]
#[derive(Accounts)]
pub struct SetPayoutPreferences<'info> {
    #[account(mut)]
    pub wallet: Signer<'info>,
    #[account(
        init_if_needed,
        payer = wallet,
        space = 8 + PayoutPreferences::INIT_SPACE,
        seeds = [PAYOUT_PREFERENCES_SEED, wallet.key().as_ref()],
        bump,
    )]
    pub preferences: Box<Account<'info, PayoutPreferences>>,
    pub system_program: Program<'info, System>,
}

pub fn handler(
    ctx: Context<SetPayoutPreferences>,
    opt_out: bool,
    allow_account_creation: bool,
) -> Result<()> {
    let wallet = ctx.accounts.wallet.key();
    ctx.accounts.preferences.set_inner(PayoutPreferences {
        account_version: ACCOUNT_VERSION,
        bump: ctx.bumps.preferences,
        wallet,
        opt_out,
        allow_account_creation,
        reserved: [0; 16],
    });
    emit_cpi!(PayoutPreferencesSet {
        wallet,
        opt_out,
        allow_account_creation,
    });
    Ok(())
}
