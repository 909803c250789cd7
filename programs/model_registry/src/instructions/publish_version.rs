use {
    crate::{
        constants::*,
        errors::RegistryError,
        events::VersionPublished,
        instructions::model_owner::*,
        metadata::content_hash_hex,
        metadata::{fund_mint_rent, update_field},
    },
    anchor_lang::prelude::*,
    anchor_spl::{
        token_2022::Token2022,
        token_interface::{spl_token_metadata_interface::state::Field, Mint},
    },
};

/// The owner publishes a new version: new weights (content hash) and
/// metadata URI, version number up by one. The history lives in the events.
#[event_cpi]
#[derive(Accounts)]
pub struct PublishVersion<'info> {
    pub model_owner: ModelOwner<'info>,
    #[account(mut, address = model_owner.model.mint)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    pub token_program: Program<'info, Token2022>,
    pub system_program: Program<'info, System>,
}

pub fn handler(
    mut ctx: Context<PublishVersion>,
    content_hash: [u8; 32],
    uri: String,
) -> Result<()> {
    require!(
        !uri.is_empty() && uri.len() <= MAX_URI_LEN as usize,
        RegistryError::InvalidUri
    );
    let accounts = &mut ctx.accounts;
    let model = &mut accounts.model_owner.model;
    model.model_version = model
        .model_version
        .checked_add(1)
        .ok_or(RegistryError::MathOverflow)?;
    model.content_hash = content_hash;
    model.updated_at = Clock::get()?.unix_timestamp;

    let (mint, bump, version) = (model.mint, [model.bump], model.model_version);
    let model_seeds: &[&[u8]] = &[MODEL_SEED, mint.as_ref(), &bump];
    for (field, value) in [
        (Field::Uri, uri.clone()),
        (
            Field::Key(METADATA_KEY_CONTENT_HASH.to_string()),
            content_hash_hex(&content_hash),
        ),
        (
            Field::Key(METADATA_KEY_VERSION.to_string()),
            version.to_string(),
        ),
    ] {
        update_field(
            accounts.token_program.to_account_info(),
            accounts.mint.to_account_info(),
            accounts.model_owner.model.to_account_info(),
            model_seeds,
            field,
            value,
        )?;
    }
    fund_mint_rent(
        accounts.model_owner.owner.to_account_info(),
        accounts.mint.to_account_info(),
        accounts.system_program.key(),
    )?;
    emit_cpi!(VersionPublished {
        model: ctx.accounts.model_owner.model.key(),
        version,
        content_hash,
        uri,
    });
    Ok(())
}
