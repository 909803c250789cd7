pub mod family_pool;
pub mod payout_preferences;
pub mod previous_owner_earnings;
pub mod vault;

pub use {family_pool::*, payout_preferences::*, previous_owner_earnings::*, vault::*};

use anchor_lang::prelude::*;

/// Reads an account of this program passed unchecked at a PDA that may not
/// exist yet: `None` when nothing lives at the address.
pub fn read_optional<T: AccountDeserialize>(info: &AccountInfo) -> Result<Option<T>> {
    if info.data_is_empty() {
        return Ok(None);
    }
    require_keys_eq!(
        *info.owner,
        crate::ID,
        ErrorCode::AccountOwnedByWrongProgram
    );
    let data = info.try_borrow_data()?;
    Ok(Some(T::try_deserialize(&mut &data[..])?))
}

/// Writes back an account read with `read_optional`.
pub fn write_back<T: AccountSerialize>(info: &AccountInfo, account: &T) -> Result<()> {
    let mut data = info.try_borrow_mut_data()?;
    account.try_serialize(&mut &mut data[..])
}
