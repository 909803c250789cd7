//! The license NFT: a Token-2022 mint of one token with metadata, whose
//! License PDA is mint, freeze, close and metadata update authority.

use {
    crate::constants::*,
    anchor_lang::prelude::*,
    anchor_spl::token_interface::spl_token_metadata_interface::state::{Field, TokenMetadata},
    model_registry::{
        metadata::{fund_mint_rent, update_field, write_metadata},
        ownership::mint_single_frozen,
    },
};

/// The metadata's `expires` value: a unix timestamp, or "never".
pub fn expiry_text(expires_at: i64) -> String {
    if expires_at == 0 {
        NEVER_EXPIRES.to_string()
    } else {
        expires_at.to_string()
    }
}

/// Rewrites the NFT's `expires` field after a renewal; `payer` funds the
/// mint's growth.
pub fn write_expiry<'info>(
    token_program: AccountInfo<'info>,
    mint: AccountInfo<'info>,
    license: AccountInfo<'info>,
    license_seeds: &[&[u8]],
    payer: AccountInfo<'info>,
    system_program: Pubkey,
    expires_at: i64,
) -> Result<()> {
    update_field(
        token_program,
        mint.clone(),
        license,
        license_seeds,
        Field::Key(METADATA_KEY_EXPIRES.to_string()),
        expiry_text(expires_at),
    )?;
    fund_mint_rent(payer, mint, system_program)
}

/// The accounts that mint a license NFT into its holder's wallet.
pub struct LicenseNft<'a, 'info> {
    pub token_program: AccountInfo<'info>,
    pub mint: AccountInfo<'info>,
    pub license: AccountInfo<'info>,
    pub license_seeds: &'a [&'a [u8]],
    pub holder_token: AccountInfo<'info>,
    pub payer: AccountInfo<'info>,
    pub system_program: Pubkey,
}

impl LicenseNft<'_, '_> {
    /// Writes the metadata, mints the one token, removes the mint authority
    /// for good and freezes the holder's account.
    pub fn mint(&self, uri: String, fields: Vec<(&str, String)>) -> Result<()> {
        let metadata = TokenMetadata {
            update_authority: Some(self.license.key()).try_into()?,
            mint: self.mint.key(),
            name: LICENSE_NAME.to_string(),
            symbol: LICENSE_SYMBOL.to_string(),
            uri,
            additional_metadata: fields
                .into_iter()
                .map(|(key, value)| (key.to_string(), value))
                .collect(),
        };
        write_metadata(
            self.token_program.clone(),
            self.mint.clone(),
            self.license.clone(),
            self.license_seeds,
            &metadata,
        )?;
        fund_mint_rent(self.payer.clone(), self.mint.clone(), self.system_program)?;
        mint_single_frozen(
            self.token_program.key(),
            self.mint.clone(),
            self.holder_token.clone(),
            self.license.clone(),
            self.license_seeds,
        )
    }
}
