//! Reports to the registry, signed by the market authority PDA, which keep
//! a model's license count and rating in step with the market.

use {
    anchor_lang::prelude::*,
    hex_common::pda::MARKET_AUTHORITY_SIGNER_SEEDS,
    model_registry::{instructions::LicenseActivity, program::ModelRegistry},
};

pub fn record_activity<'info>(
    registry_program: &Program<'info, ModelRegistry>,
    market_authority: AccountInfo<'info>,
    model: AccountInfo<'info>,
    activity: LicenseActivity,
) -> Result<()> {
    model_registry::cpi::record_license_activity(
        CpiContext::new_with_signer(
            registry_program.key(),
            model_registry::cpi::accounts::RecordLicenseActivity {
                market_authority,
                model,
            },
            &[MARKET_AUTHORITY_SIGNER_SEEDS],
        ),
        activity,
    )
}
