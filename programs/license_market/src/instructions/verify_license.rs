use {
    crate::{constants::*, state::*},
    anchor_lang::prelude::*,
    model_registry::{constants::MODEL_SEED, state::Model},
};

/// Read-only: whether `license` is valid for `holder` at `at` (now if
/// omitted), with the terms it was sold under; no license of a model the
/// platform took down is valid. The answer is the instruction's return data, for programs
/// calling by CPI and gateways simulating the transaction.
#[derive(Accounts)]
pub struct VerifyLicense<'info> {
    #[account(seeds = [LICENSE_SEED, license.mint.as_ref()], bump = license.bump)]
    pub license: Box<Account<'info, License>>,
    #[account(
        seeds = [MODEL_SEED, license.model_mint.as_ref()],
        bump = model.bump,
        seeds::program = model_registry::ID,
    )]
    pub model: Box<Account<'info, Model>>,
}

pub fn handler(
    ctx: Context<VerifyLicense>,
    holder: Pubkey,
    at: Option<i64>,
) -> Result<LicenseAnswer> {
    let at = match at {
        Some(at) => at,
        None => Clock::get()?.unix_timestamp,
    };
    let license = &ctx.accounts.license;
    let answer = LicenseAnswer {
        validity: license.validity(&holder, at, ctx.accounts.model.taken_down),
        terms: license.terms,
    };
    // Natively (off SBF) Anchor's return data is a no-op: hand it to the
    // runtime's stub instead, so the embedded chain answers like a validator.
    #[cfg(not(target_os = "solana"))]
    {
        let mut return_data = Vec::new();
        answer.serialize(&mut return_data)?;
        anchor_lang::compat::solana_sysvar::program_stubs::sol_set_return_data(&return_data);
    }
    Ok(answer)
}
