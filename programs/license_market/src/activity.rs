//! Reports to the registry, signed by the market authority PDA, which keep
//! a model's license count and rating in step with the market.

use {
    anchor_lang::prelude::*,
    model_registry::{
        constants::MARKET_AUTHORITY_SEED, instructions::LicenseActivity, program::ModelRegistry,
    },
};

pub fn record_activity<'info>(
    registry_program: &Program<'info, ModelRegistry>,
    market_authority: AccountInfo<'info>,
    market_authority_bump: u8,
    model: AccountInfo<'info>,
    activity: LicenseActivity,
) -> Result<()> {
    let bump = [market_authority_bump];
    let seeds: &[&[u8]] = &[MARKET_AUTHORITY_SEED, &bump];
    model_registry::cpi::record_license_activity(
        CpiContext::new_with_signer(
            registry_program.key(),
            model_registry::cpi::accounts::RecordLicenseActivity {
                market_authority,
                model,
            },
            &[seeds],
        ),
        activity,
    )
}
