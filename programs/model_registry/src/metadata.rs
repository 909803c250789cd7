//! Writes to a model's ownership NFT metadata (Token-2022 token-metadata
//! extension, stored in the mint; the Model PDA is its update authority).

use {
    anchor_lang::{prelude::*, system_program},
    anchor_spl::token_interface::{
        spl_token_metadata_interface::state::Field, token_metadata_update_field,
        TokenMetadataUpdateField,
    },
};

/// Sets one metadata field, signed by the Model PDA.
pub fn update_field<'info>(
    token_program: AccountInfo<'info>,
    mint: AccountInfo<'info>,
    model: AccountInfo<'info>,
    model_seeds: &[&[u8]],
    field: Field,
    value: String,
) -> Result<()> {
    token_metadata_update_field(
        CpiContext::new_with_signer(
            token_program.key(),
            TokenMetadataUpdateField {
                program_id: token_program,
                metadata: mint,
                update_authority: model,
            },
            &[model_seeds],
        ),
        field,
        value,
    )
}

/// Token-2022 resizes the mint for its metadata but does not fund the
/// growth: `payer` tops the mint up to rent exemption at its new size (the
/// runtime checks rent exemption when the transaction ends).
pub fn fund_mint_rent<'info>(
    payer: AccountInfo<'info>,
    mint: AccountInfo<'info>,
    system_program: Pubkey,
) -> Result<()> {
    let shortfall = Rent::get()?
        .minimum_balance(mint.data_len())
        .saturating_sub(mint.lamports());
    if shortfall == 0 {
        return Ok(());
    }
    system_program::transfer(
        CpiContext::new(
            system_program,
            system_program::Transfer {
                from: payer,
                to: mint,
            },
        ),
        shortfall,
    )
}
