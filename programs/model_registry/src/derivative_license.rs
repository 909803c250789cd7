//! Reads a license market `License` to decide whether it lets its holder
//! fork a closed model. The registry cannot depend on the market crate (the
//! market depends on the registry): the account's owner, discriminator and
//! layout are the market's own, declared from its IDL (`declare_program!` in
//! lib.rs).

use {
    crate::{
        errors::RegistryError,
        license_market::{
            self,
            accounts::License,
            types::{DerivativePolicy, LicenseStatus},
        },
        state::Model,
    },
    anchor_lang::prelude::*,
};

/// Requires a license of `model_mint`, owned by the market, held by
/// `holder`, active, unexpired at `now`, paid (a pay-per-use license costs
/// nothing until its first paid usage) and settled (a refundable purchase
/// could fork, then refund), from a listing granting derivative rights.
pub fn check(account: &AccountInfo, model_mint: &Pubkey, holder: &Pubkey, now: i64) -> Result<()> {
    require_keys_eq!(
        *account.owner,
        license_market::ID,
        RegistryError::InvalidDerivativeLicense
    );
    let license = License::try_deserialize(&mut &account.try_borrow_data()?[..])
        .map_err(|_| RegistryError::InvalidDerivativeLicense)?;
    require!(
        grants_derivative_rights(&license, model_mint, holder, now),
        RegistryError::InvalidDerivativeLicense
    );
    Ok(())
}

/// A fork made under a license stays sellable only while that license still
/// lets the fork's owner build on the parent: `account` must be it, and
/// valid. Other models pass.
pub fn check_still_licensed(model: &Model, account: Option<&AccountInfo>, now: i64) -> Result<()> {
    if model.derivative_license == Pubkey::default() {
        return Ok(());
    }
    let account = account.ok_or(RegistryError::DerivativeLicenseEnded)?;
    require_keys_eq!(
        account.key(),
        model.derivative_license,
        RegistryError::DerivativeLicenseEnded
    );
    check(account, &model.parent, &model.owner, now)
        .map_err(|_| RegistryError::DerivativeLicenseEnded.into())
}

/// Whether `license` lets `holder` fork the model of `model_mint` at `now`:
/// under terms that need the creator's approval, once approved.
fn grants_derivative_rights(
    license: &License,
    model_mint: &Pubkey,
    holder: &Pubkey,
    now: i64,
) -> bool {
    &license.model_mint == model_mint
        && &license.holder == holder
        && matches!(license.status, LicenseStatus::Active)
        && license.derivative_rights
        && (!matches!(
            license.terms.derivatives,
            DerivativePolicy::ApprovalRequired
        ) || license.derivative_approved)
        && license.total_paid > 0
        && license.pending_payment == 0
        && (license.expires_at == 0 || now < license.expires_at)
}
