use {
    crate::{constants::*, errors::RegistryError, events::MetaplexModelRegistered, state::*},
    anchor_lang::{prelude::*, solana_program::program_option::COption},
    anchor_spl::{
        token_2022::{
            self,
            spl_token_2022::{
                extension::{permanent_delegate::get_permanent_delegate, StateWithExtensions},
                state::Mint as MintState,
            },
        },
        token_interface::{Mint, TokenAccount},
    },
    hex_common::ids::MPL_TOKEN_METADATA,
};

/// `Key::MetadataV1` and `Key::MasterEditionV2` in the Token Metadata program.
const METADATA_V1_KEY: u8 = 4;
const MASTER_EDITION_V2_KEY: u8 = 6;

/// The mint named by a Token Metadata `MetadataV1` account, whose Borsh
/// layout starts with key (u8), update authority and mint.
fn metadata_mint(metadata: &AccountInfo) -> Result<Pubkey> {
    let data = metadata.try_borrow_data()?;
    let mut layout: &[u8] = &data;
    match <(u8, Pubkey, Pubkey)>::deserialize(&mut layout) {
        Ok((METADATA_V1_KEY, _update_authority, mint)) => Ok(mint),
        _ => err!(RegistryError::InvalidMetaplexMetadata),
    }
}

/// The maximum number of prints of a Token Metadata `MasterEditionV2`
/// account, whose Borsh layout starts with key (u8), supply (u64) and max
/// supply (Option<u64>; None: unlimited).
fn master_edition_max_supply(edition: &AccountInfo) -> Result<Option<u64>> {
    let data = edition.try_borrow_data()?;
    let mut layout: &[u8] = &data;
    match <(u8, u64, Option<u64>)>::deserialize(&mut layout) {
        Ok((MASTER_EDITION_V2_KEY, _supply, max_supply)) => Ok(max_supply),
        _ => err!(RegistryError::InvalidMasterEdition),
    }
}

/// Whether `mint` is a Token-2022 mint with a permanent delegate, who could
/// move the NFT out of its holder's account.
fn has_permanent_delegate(mint: &AccountInfo) -> Result<bool> {
    if mint.owner != &token_2022::ID {
        return Ok(false);
    }
    let data = mint.try_borrow_data()?;
    let state = StateWithExtensions::<MintState>::unpack(&data)?;
    Ok(get_permanent_delegate(&state).is_some())
}

/// Registers an existing Metaplex Token Metadata NFT as a base model, signed
/// by its holder. The NFT must stay one of a kind: a mint of supply 1 whose
/// mint authority is its master edition (max supply 0, so no prints), whose
/// freeze authority is that edition or none, as Token Metadata leaves them,
/// and without a Token-2022 permanent delegate. Its metadata and master
/// edition must belong to the Token Metadata program at the PDAs of the
/// mint. The NFT keeps its Metaplex metadata; Hex records the model beside it.
#[event_cpi]
#[derive(Accounts)]
pub struct RegisterMetaplexModel<'info> {
    #[account(mut)]
    pub creator: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump, constraint = !config.paused @ RegistryError::PlatformPaused)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        constraint = mint.supply == 1 && mint.decimals == 0 @ RegistryError::NotAnNft,
        constraint = mint.mint_authority == COption::Some(master_edition.key())
            @ RegistryError::MintAuthorityNotMasterEdition,
        constraint = mint.freeze_authority.is_none()
            || mint.freeze_authority == COption::Some(master_edition.key())
            @ RegistryError::FreezeAuthorityNotMasterEdition,
        constraint = !has_permanent_delegate(&mint.to_account_info())?
            @ RegistryError::MintHasPermanentDelegate,
    )]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// CHECK: owner and address checked here, its layout by `metadata_mint`.
    #[account(
        owner = MPL_TOKEN_METADATA @ RegistryError::InvalidMetaplexMetadata,
        seeds = [b"metadata", MPL_TOKEN_METADATA.as_ref(), mint.key().as_ref()],
        seeds::program = MPL_TOKEN_METADATA,
        bump,
        constraint = metadata_mint(&metadata)? == mint.key() @ RegistryError::InvalidMetaplexMetadata,
    )]
    pub metadata: UncheckedAccount<'info>,
    /// CHECK: owner and address checked here, its layout by
    /// `master_edition_max_supply`.
    #[account(
        owner = MPL_TOKEN_METADATA @ RegistryError::InvalidMasterEdition,
        seeds = [b"metadata", MPL_TOKEN_METADATA.as_ref(), mint.key().as_ref(), b"edition"],
        seeds::program = MPL_TOKEN_METADATA,
        bump,
        constraint = master_edition_max_supply(&master_edition)? == Some(0)
            @ RegistryError::MasterEditionAllowsPrints,
    )]
    pub master_edition: UncheckedAccount<'info>,
    /// The creator's token account holding the NFT.
    #[account(
        token::mint = mint,
        token::authority = creator,
        constraint = holder_token.amount == 1 @ RegistryError::NotMetaplexHolder,
    )]
    pub holder_token: Box<InterfaceAccount<'info, TokenAccount>>,
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
