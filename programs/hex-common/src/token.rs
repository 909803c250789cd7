//! One checked token transfer, for SPL Token and Token-2022 alike.

use {
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{self, Mint, TransferChecked},
};

/// Moves `amount` of `mint` with `transfer_checked`, signed by `authority`
/// (with `signer_seeds` when it is a PDA of the calling program). Moving
/// nothing is no transfer at all.
pub fn transfer<'info>(
    token_program: Pubkey,
    mint: &InterfaceAccount<'info, Mint>,
    from: AccountInfo<'info>,
    to: AccountInfo<'info>,
    authority: AccountInfo<'info>,
    signer_seeds: &[&[&[u8]]],
    amount: u64,
) -> Result<()> {
    if amount == 0 {
        return Ok(());
    }
    token_interface::transfer_checked(
        CpiContext::new_with_signer(
            token_program,
            TransferChecked {
                from,
                mint: mint.to_account_info(),
                to,
                authority,
            },
            signer_seeds,
        ),
        amount,
        mint.decimals,
    )
}
