//! Frozen NFTs (a model's ownership NFT, a license NFT): minted once and
//! frozen, then moved only by their PDA (freeze authority, and the delegate
//! a listing approves).

use {
    anchor_lang::prelude::*,
    anchor_spl::token_2022::{
        self, spl_token_2022::instruction::AuthorityType, FreezeAccount, ThawAccount,
    },
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

/// Mints the NFT's single token to `holder_token`, removes the mint
/// authority for good and freezes the holder's account; `authority` is the
/// PDA that is mint and freeze authority.
pub fn mint_single_frozen<'info>(
    token_program: Pubkey,
    mint: AccountInfo<'info>,
    holder_token: AccountInfo<'info>,
    authority: AccountInfo<'info>,
    authority_seeds: &[&[u8]],
) -> Result<()> {
    let signer = &[authority_seeds];
    token_2022::mint_to(
        CpiContext::new_with_signer(
            token_program,
            token_2022::MintTo {
                mint: mint.clone(),
                to: holder_token.clone(),
                authority: authority.clone(),
            },
            signer,
        ),
        1,
    )?;
    token_2022::set_authority(
        CpiContext::new_with_signer(
            token_program,
            token_2022::SetAuthority {
                current_authority: authority.clone(),
                account_or_mint: mint.clone(),
            },
            signer,
        ),
        AuthorityType::MintTokens,
        None,
    )?;
    freeze(
        token_program,
        holder_token,
        mint,
        authority,
        authority_seeds,
    )
}
