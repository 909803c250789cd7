//! Payment mints whose transfers move exactly what a split assigns. Checked
//! by the registry (model sales) and the royalty escrow (vaults, and so
//! every license listing).

use {
    anchor_lang::prelude::*,
    anchor_spl::token_2022::{
        self,
        spl_token_2022::{
            extension::{BaseStateWithExtensions, ExtensionType, StateWithExtensions},
            state::Mint as MintState,
        },
    },
};

/// Token-2022 extensions under which a transfer may not move exactly the
/// amount the split assigns (fees, hooks, delegates, confidential balances)
/// or may not move at all.
pub const UNSUPPORTED_EXTENSIONS: [ExtensionType; 7] = [
    ExtensionType::TransferFeeConfig,
    ExtensionType::TransferHook,
    ExtensionType::PermanentDelegate,
    ExtensionType::ConfidentialTransferMint,
    ExtensionType::NonTransferable,
    ExtensionType::Pausable,
    ExtensionType::DefaultAccountState,
];

/// Whether payments in `mint` conserve every unit: any SPL Token mint, and
/// Token-2022 mints without the extensions above.
pub fn is_supported_payment_mint(mint: &AccountInfo) -> Result<bool> {
    if mint.owner != &token_2022::ID {
        return Ok(true);
    }
    let data = mint.try_borrow_data()?;
    let state = StateWithExtensions::<MintState>::unpack(&data)?;
    Ok(!state
        .get_extension_types()?
        .iter()
        .any(|extension| UNSUPPORTED_EXTENSIONS.contains(extension)))
}
