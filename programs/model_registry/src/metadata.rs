//! Writes to a model's ownership NFT metadata (Token-2022 token-metadata
//! extension, stored in the mint; the Model PDA is its update authority).

use {
    anchor_lang::{prelude::*, system_program},
    anchor_spl::token_interface::{
        spl_token_metadata_interface::state::{Field, TokenMetadata},
        token_metadata_initialize, token_metadata_update_field, TokenMetadataInitialize,
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

/// Initialises an NFT's token metadata (name, symbol, URI, then each extra
/// field), signed by `authority`, which is mint and update authority.
pub fn write_metadata<'info>(
    token_program: AccountInfo<'info>,
    mint: AccountInfo<'info>,
    authority: AccountInfo<'info>,
    authority_seeds: &[&[u8]],
    metadata: &TokenMetadata,
) -> Result<()> {
    token_metadata_initialize(
        CpiContext::new_with_signer(
            token_program.key(),
            TokenMetadataInitialize {
                program_id: token_program.clone(),
                mint: mint.clone(),
                metadata: mint.clone(),
                mint_authority: authority.clone(),
                update_authority: authority.clone(),
            },
            &[authority_seeds],
        ),
        metadata.name.clone(),
        metadata.symbol.clone(),
        metadata.uri.clone(),
    )?;
    for (key, value) in &metadata.additional_metadata {
        update_field(
            token_program.clone(),
            mint.clone(),
            authority.clone(),
            authority_seeds,
            Field::Key(key.clone()),
            value.clone(),
        )?;
    }
    Ok(())
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

/// Lower-case hex of a content hash, as written into the NFT metadata.
pub fn content_hash_hex(content_hash: &[u8; 32]) -> String {
    content_hash
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
