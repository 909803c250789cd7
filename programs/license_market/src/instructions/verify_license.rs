use {
    crate::{constants::*, state::*},
    anchor_lang::prelude::*,
};

/// Read-only: whether `license` is valid for `holder` at `at` (now if
/// omitted). The answer is the instruction's return data, for programs
/// calling by CPI and gateways simulating the transaction.
#[derive(Accounts)]
pub struct VerifyLicense<'info> {
    #[account(seeds = [LICENSE_SEED, license.mint.as_ref()], bump = license.bump)]
    pub license: Box<Account<'info, License>>,
}

pub fn handler(
    ctx: Context<VerifyLicense>,
    holder: Pubkey,
    at: Option<i64>,
) -> Result<LicenseValidity> {
    let at = match at {
        Some(at) => at,
        None => Clock::get()?.unix_timestamp,
    };
    let validity = ctx.accounts.license.validity(&holder, at);
    // Natively (off SBF) Anchor's return data is a no-op: hand it to the
    // runtime's stub instead, so the embedded chain answers like a validator.
    #[cfg(not(target_os = "solana"))]
    {
        let mut return_data = Vec::with_capacity(1);
        validity.serialize(&mut return_data)?;
        anchor_lang::compat::solana_sysvar::program_stubs::sol_set_return_data(&return_data);
    }
    Ok(validity)
}
