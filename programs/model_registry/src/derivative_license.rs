//! Reads a license market `License` to decide whether it lets its holder
//! fork a closed model. The registry cannot depend on the market crate (the
//! market depends on the registry), so the account is read at the fixed
//! offsets of its layout; the market's tests pin both.

use {
    crate::{constants::LICENSE_MARKET_ID, errors::RegistryError},
    anchor_lang::prelude::*,
};

/// Anchor discriminator of the market's `License` account.
pub const LICENSE_DISCRIMINATOR: [u8; 8] = [248, 152, 195, 100, 185, 108, 176, 231];

/// Byte offsets of the fields read here, discriminator included.
pub mod license_offsets {
    pub const MODEL_MINT: usize = 74;
    pub const HOLDER: usize = 106;
    pub const STATUS: usize = 139;
    pub const DERIVATIVE_RIGHTS: usize = 141;
    pub const EXPIRES_AT: usize = 158;
    pub const TOTAL_PAID: usize = 240;
    pub const PENDING_PAYMENT: usize = 248;
    pub const END: usize = PENDING_PAYMENT + 8;
}

/// What a fork needs from a license.
#[derive(Debug, PartialEq, Eq)]
pub struct DerivativeLicense {
    pub model_mint: Pubkey,
    pub holder: Pubkey,
    pub active: bool,
    pub derivative_rights: bool,
    pub expires_at: i64,
    /// What reached the model from the license: 0 for a pay-per-use license
    /// that has not paid for any usage yet, which gives no right to build on.
    pub total_paid: u64,
    /// A purchase still refundable or disputed: not yet a license to build on.
    pub pending_payment: u64,
}

impl DerivativeLicense {
    /// Parses a License account's data; None if it is not one.
    pub fn parse(data: &[u8]) -> Option<Self> {
        use license_offsets::*;
        if data.len() < END || data[..8] != LICENSE_DISCRIMINATOR {
            return None;
        }
        let key = |at: usize| Pubkey::try_from(&data[at..at + 32]).ok();
        let number = |at: usize| data[at..at + 8].try_into().ok();
        Some(DerivativeLicense {
            model_mint: key(MODEL_MINT)?,
            holder: key(HOLDER)?,
            // LicenseStatus::Active is the enum's first variant.
            active: data[STATUS] == 0,
            derivative_rights: data[DERIVATIVE_RIGHTS] == 1,
            expires_at: i64::from_le_bytes(number(EXPIRES_AT)?),
            total_paid: u64::from_le_bytes(number(TOTAL_PAID)?),
            pending_payment: u64::from_le_bytes(number(PENDING_PAYMENT)?),
        })
    }

    /// Requires a license of `model_mint`, owned by the market, held by
    /// `holder`, active, unexpired at `now`, paid (a pay-per-use license
    /// costs nothing until its first paid usage) and settled (a refundable
    /// purchase could fork, then refund), from a listing granting
    /// derivative rights.
    pub fn check(
        account: &AccountInfo,
        model_mint: &Pubkey,
        holder: &Pubkey,
        now: i64,
    ) -> Result<()> {
        require_keys_eq!(
            *account.owner,
            LICENSE_MARKET_ID,
            RegistryError::InvalidDerivativeLicense
        );
        let license = DerivativeLicense::parse(&account.try_borrow_data()?)
            .ok_or(RegistryError::InvalidDerivativeLicense)?;
        require!(
            &license.model_mint == model_mint
                && &license.holder == holder
                && license.active
                && license.derivative_rights
                && license.total_paid > 0
                && license.pending_payment == 0
                && (license.expires_at == 0 || now < license.expires_at),
            RegistryError::InvalidDerivativeLicense
        );
        Ok(())
    }
}
