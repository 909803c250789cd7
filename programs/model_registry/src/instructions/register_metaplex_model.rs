use {
    crate::{constants::*, errors::RegistryError, events::MetaplexModelRegistered, state::*},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{Mint, TokenAccount},
};

/// The fields of a Metaplex Token Metadata account that registration checks:
/// the start of its Borsh layout (key, update authority, mint).
struct MetaplexMetadataHeader {
    update_authority: Pubkey,
    mint: Pubkey,
}

/// `Key::MetadataV1` in the Token Metadata program.
const METADATA_V1_KEY: u8 = 4;

fn read_metadata_header(metadata: &AccountInfo) -> Result<MetaplexMetadataHeader> {
    let data = metadata.try_borrow_data()?;
    require!(
        data.len() >= 65 && data[0] == METADATA_V1_KEY,
        RegistryError::InvalidMetaplexMetadata
    );
    let key_at = |offset: usize| {
        Pubkey::try_from(&data[offset..offset + 32])
            .map_err(|_| RegistryError::InvalidMetaplexMetadata)
    };
    Ok(MetaplexMetadataHeader {
        update_authority: key_at(1)?,
        mint: key_at(33)?,
    })
}

/// Registers an existing Metaplex Token Metadata NFT as a base model. Its
/// metadata account must belong to the Token Metadata program at the PDA of
/// the mint, and the signer must be its update authority or hold the NFT.
/// The NFT keeps its Metaplex metadata; Hex records the model beside it.
#[event_cpi]
#[derive(Accounts)]
pub struct RegisterMetaplexModel<'info> {
    #[account(mut)]
    pub creator: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump, constraint = !config.paused @ RegistryError::PlatformPaused)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        constraint = mint.supply == 1 && mint.decimals == 0 @ RegistryError::NotAnNft,
    )]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// CHECK: owner and address checked here; the layout in the handler.
    #[account(
        owner = MPL_TOKEN_METADATA_ID @ RegistryError::InvalidMetaplexMetadata,
        seeds = [b"metadata", MPL_TOKEN_METADATA_ID.as_ref(), mint.key().as_ref()],
        seeds::program = MPL_TOKEN_METADATA_ID,
        bump,
    )]
    pub metadata: UncheckedAccount<'info>,
    /// The creator's token account holding the NFT, when the creator signs
    /// as its holder rather than as the metadata's update authority.
    #[account(token::mint = mint, token::authority = creator)]
    pub holder_token: Option<Box<InterfaceAccount<'info, TokenAccount>>>,
    #[account(
        init,
        payer = creator,
        space = 8 + Model::INIT_SPACE,
        seeds = [MODEL_SEED, mint.key().as_ref()],
        bump,
    )]
    pub model: Box<Account<'info, Model>>,
    pub system_program: Program<'info, System>,
}

pub fn handler(ctx: Context<RegisterMetaplexModel>, terms: ModelTerms) -> Result<()> {
    let accounts = &ctx.accounts;
    let header = read_metadata_header(&accounts.metadata)?;
    require_keys_eq!(
        header.mint,
        accounts.mint.key(),
        RegistryError::InvalidMetaplexMetadata
    );
    let holds_it = accounts
        .holder_token
        .as_ref()
        .is_some_and(|token| token.amount == 1);
    require!(
        header.update_authority == accounts.creator.key() || holds_it,
        RegistryError::NotMetaplexAuthority
    );
    require!(
        terms.fork_royalty_bps <= accounts.config.max_fork_royalty_bps,
        RegistryError::ForkRoyaltyAboveCap
    );
    require!(
        (MIN_CREATOR_RESALE_ROYALTY_BPS..=MAX_CREATOR_RESALE_ROYALTY_BPS)
            .contains(&terms.creator_resale_royalty_bps),
        RegistryError::InvalidResaleRoyalty
    );

    let now = Clock::get()?.unix_timestamp;
    let (content_hash, open_source) = (terms.content_hash, terms.open_source);
    let mint = accounts.mint.key();
    let creator = accounts.creator.key();
    let model = Model::new(
        ctx.bumps.model,
        mint,
        creator,
        Lineage::base(mint),
        terms,
        now,
    );
    ctx.accounts.model.set_inner(model);
    let config = &mut ctx.accounts.config;
    config.model_count = config
        .model_count
        .checked_add(1)
        .ok_or(RegistryError::MathOverflow)?;
    emit_cpi!(MetaplexModelRegistered {
        model: ctx.accounts.model.key(),
        mint,
        creator,
        metadata: ctx.accounts.metadata.key(),
        content_hash,
        open_source,
    });
    Ok(())
}
