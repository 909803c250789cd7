//! Moves of a frozen ownership NFT, which only the Model PDA (its freeze
//! authority, and the delegate a listing approves) can perform.

use {
    anchor_lang::prelude::*,
    anchor_spl::token_2022::{self, FreezeAccount, ThawAccount},
};

pub fn thaw<'info>(
    token_program: Pubkey,
    account: AccountInfo<'info>,
    mint: AccountInfo<'info>,
    model: AccountInfo<'info>,
    model_seeds: &[&[u8]],
) -> Result<()> {
    token_2022::thaw_account(CpiContext::new_with_signer(
        token_program,
        ThawAccount {
            account,
            mint,
            authority: model,
        },
        &[model_seeds],
    ))
}

pub fn freeze<'info>(
    token_program: Pubkey,
    account: AccountInfo<'info>,
    mint: AccountInfo<'info>,
    model: AccountInfo<'info>,
    model_seeds: &[&[u8]],
) -> Result<()> {
    token_2022::freeze_account(CpiContext::new_with_signer(
        token_program,
        FreezeAccount {
            account,
            mint,
            authority: model,
        },
        &[model_seeds],
    ))
}
