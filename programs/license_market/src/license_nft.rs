//! The license NFT: a Token-2022 mint of one token with metadata, whose
//! License PDA is mint, freeze, close and metadata update authority and
//! permanent delegate, and the close authority of the token account that
//! holds it. So the market burns and closes a license without its holder:
//! a refund the arbiter decides, or one taken after a dispute's deadline.

use {
    crate::constants::*,
    anchor_lang::prelude::*,
    anchor_spl::{
        token_2022::{self, spl_token_2022::instruction::AuthorityType},
        token_interface::spl_token_metadata_interface::state::{Field, TokenMetadata},
    },
    hex_common::nft::{mint_single_frozen, thaw},
    model_registry::metadata::{fund_mint_rent, update_field, write_metadata},
};

/// The metadata's `expires` value: a unix timestamp, or "never".
pub fn expiry_text(expires_at: i64) -> String {
    if expires_at == 0 {
        NEVER_EXPIRES.to_string()
    } else {
        expires_at.to_string()
    }
}

/// Rewrites fields of the NFT's metadata; `payer` funds the mint's growth.
pub fn write_fields<'info>(
    token_program: AccountInfo<'info>,
    mint: AccountInfo<'info>,
    license: AccountInfo<'info>,
    license_seeds: &[&[u8]],
    payer: AccountInfo<'info>,
    system_program: Pubkey,
    fields: Vec<(&str, String)>,
) -> Result<()> {
    for (key, value) in fields {
        update_field(
            token_program.clone(),
            mint.clone(),
            license.clone(),
            license_seeds,
            Field::Key(key.to_string()),
            value,
        )?;
    }
    fund_mint_rent(payer, mint, system_program)
}

/// Rewrites the NFT's `expires` field after a renewal.
pub fn write_expiry<'info>(
    token_program: AccountInfo<'info>,
    mint: AccountInfo<'info>,
    license: AccountInfo<'info>,
    license_seeds: &[&[u8]],
    payer: AccountInfo<'info>,
    system_program: Pubkey,
    expires_at: i64,
) -> Result<()> {
    write_fields(
        token_program,
        mint,
        license,
        license_seeds,
        payer,
        system_program,
        vec![(METADATA_KEY_EXPIRES, expiry_text(expires_at))],
    )
}

/// Makes the License PDA `license` the close authority of `account`, a token
/// account about to hold its NFT, with the signature of `owner`; before the
/// account is frozen.
pub fn hand_close_authority<'info>(
    token_program: Pubkey,
    account: AccountInfo<'info>,
    owner: AccountInfo<'info>,
    license: Pubkey,
) -> Result<()> {
    token_2022::set_authority(
        CpiContext::new(
            token_program,
            token_2022::SetAuthority {
                current_authority: owner,
                account_or_mint: account,
            },
        ),
        AuthorityType::CloseAccount,
        Some(license),
    )
}

/// A license NFT's mint and a token account of it, which the License PDA
/// burns and closes.
pub struct HeldLicenseNft<'a, 'info> {
    pub token_program: Pubkey,
    pub mint: AccountInfo<'info>,
    pub holder_token: AccountInfo<'info>,
    pub license: AccountInfo<'info>,
    pub license_seeds: &'a [&'a [u8]],
}

impl<'info> HeldLicenseNft<'_, 'info> {
    /// Thaws the holder's account, burns the NFT as the mint's permanent
    /// delegate, and closes the token account and the mint, rent to `rent_to`.
    pub fn burn(&self, rent_to: AccountInfo<'info>) -> Result<()> {
        thaw(
            self.token_program,
            self.holder_token.clone(),
            self.mint.clone(),
            self.license.clone(),
            self.license_seeds,
        )?;
        token_2022::burn(
            CpiContext::new_with_signer(
                self.token_program,
                token_2022::Burn {
                    mint: self.mint.clone(),
                    from: self.holder_token.clone(),
                    authority: self.license.clone(),
                },
                &[self.license_seeds],
            ),
            1,
        )?;
        self.close(self.holder_token.clone(), rent_to.clone())?;
        self.close(self.mint.clone(), rent_to)
    }

    /// Closes the holder's emptied token account, or the burned mint.
    pub fn close(&self, account: AccountInfo<'info>, rent_to: AccountInfo<'info>) -> Result<()> {
        token_2022::close_account(CpiContext::new_with_signer(
            self.token_program,
            token_2022::CloseAccount {
                account,
                destination: rent_to,
                authority: self.license.clone(),
            },
            &[self.license_seeds],
        ))
    }
}

/// The accounts that mint a license NFT into its buyer's wallet.
pub struct LicenseNft<'a, 'info> {
    pub token_program: AccountInfo<'info>,
    pub mint: AccountInfo<'info>,
    pub license: AccountInfo<'info>,
    pub license_seeds: &'a [&'a [u8]],
    pub holder_token: AccountInfo<'info>,
    /// Owns the token account and pays the rent.
    pub buyer: AccountInfo<'info>,
    pub system_program: Pubkey,
}

impl LicenseNft<'_, '_> {
    /// Writes the metadata, mints the one token, removes the mint authority
    /// for good, hands the License PDA the token account's close authority
    /// and freezes the account.
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
        fund_mint_rent(self.buyer.clone(), self.mint.clone(), self.system_program)?;
        hand_close_authority(
            self.token_program.key(),
            self.holder_token.clone(),
            self.buyer.clone(),
            self.license.key(),
        )?;
        mint_single_frozen(
            self.token_program.key(),
            self.mint.clone(),
            self.holder_token.clone(),
            self.license.clone(),
            self.license_seeds,
        )
    }
}
