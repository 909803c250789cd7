//! The arguments and accounts every new model needs, base or fork
//! (`register_model`, `fork_model`), and the minting they share.

use {
    crate::{
        constants::*,
        errors::RegistryError,
        metadata::{content_hash_hex, fund_mint_rent, write_metadata},
        state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::{
        associated_token::AssociatedToken,
        token_2022::Token2022,
        token_interface::{spl_token_metadata_interface::state::TokenMetadata, Mint, TokenAccount},
    },
    hex_common::nft::mint_single_frozen,
};
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct RegisterModelArgs {
    pub name: String,
    pub symbol: String,
    pub uri: String,
    /// sha256 of the weights artifact.
    pub content_hash: [u8; 32],
    pub open_source: bool,
    pub fork_royalty_bps: u16,
    pub creator_resale_royalty_bps: u16,
}

impl RegisterModelArgs {
    fn terms(&self) -> ModelTerms {
        ModelTerms {
            content_hash: self.content_hash,
            open_source: self.open_source,
            fork_royalty_bps: self.fork_royalty_bps,
            creator_resale_royalty_bps: self.creator_resale_royalty_bps,
        }
    }

    fn validate(&self, config: &Config) -> Result<()> {
        require!(
            !self.name.is_empty() && self.name.len() <= MAX_NAME_LEN,
            RegistryError::InvalidName
        );
        require!(
            self.symbol.len() <= MAX_SYMBOL_LEN,
            RegistryError::SymbolTooLong
        );
        require!(
            !self.uri.is_empty() && self.uri.len() <= MAX_URI_LEN as usize,
            RegistryError::InvalidUri
        );
        require!(
            self.fork_royalty_bps <= config.max_fork_royalty_bps,
            RegistryError::ForkRoyaltyAboveCap
        );
        require!(
            (MIN_CREATOR_RESALE_ROYALTY_BPS..=MAX_CREATOR_RESALE_ROYALTY_BPS)
                .contains(&self.creator_resale_royalty_bps),
            RegistryError::InvalidResaleRoyalty
        );
        Ok(())
    }
}

/// The accounts every new model needs, base or fork: its Model PDA, its
/// ownership NFT and the creator's token account for it.
#[derive(Accounts)]
pub struct NewModel<'info> {
    #[account(mut)]
    pub creator: Signer<'info>,
    #[account(
        mut,
        seeds = [CONFIG_SEED],
        bump = config.bump,
        constraint = !config.paused @ RegistryError::PlatformPaused,
    )]
    pub config: Box<Account<'info, Config>>,
    #[account(
        init,
        payer = creator,
        space = 8 + Model::INIT_SPACE,
        seeds = [MODEL_SEED, mint.key().as_ref()],
        bump,
    )]
    pub model: Box<Account<'info, Model>>,
    /// The ownership NFT: minted once, then its mint authority is removed.
    /// The model PDA is its freeze authority and metadata update authority.
    #[account(
        init,
        payer = creator,
        mint::decimals = 0,
        mint::authority = model,
        mint::freeze_authority = model,
        mint::token_program = token_program,
        extensions::metadata_pointer::authority = model,
        extensions::metadata_pointer::metadata_address = mint,
    )]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        init,
        payer = creator,
        associated_token::mint = mint,
        associated_token::authority = creator,
        associated_token::token_program = token_program,
    )]
    pub ownership_token: Box<InterfaceAccount<'info, TokenAccount>>,
    pub token_program: Program<'info, Token2022>,
    pub associated_token_program: Program<'info, AssociatedToken>,
    pub system_program: Program<'info, System>,
}

impl<'info> NewModel<'info> {
    /// Mints the ownership NFT with its metadata and records the model.
    pub fn create(
        &mut self,
        model_bump: u8,
        args: &RegisterModelArgs,
        lineage: Lineage,
    ) -> Result<()> {
        args.validate(&self.config)?;
        let mint_key = self.mint.key();
        let mut additional_metadata = vec![
            (
                METADATA_KEY_CONTENT_HASH.to_string(),
                content_hash_hex(&args.content_hash),
            ),
            (METADATA_KEY_VERSION.to_string(), "1".to_string()),
        ];
        if lineage.parent != Pubkey::default() {
            additional_metadata.push((METADATA_KEY_PARENT.to_string(), lineage.parent.to_string()));
        }
        let metadata = TokenMetadata {
            update_authority: Some(self.model.key()).try_into()?,
            mint: mint_key,
            name: args.name.clone(),
            symbol: args.symbol.clone(),
            uri: args.uri.clone(),
            additional_metadata,
        };
        let bump = [model_bump];
        let model_seeds: &[&[u8]] = &[MODEL_SEED, mint_key.as_ref(), &bump];
        write_metadata(
            self.token_program.to_account_info(),
            self.mint.to_account_info(),
            self.model.to_account_info(),
            model_seeds,
            &metadata,
        )?;
        fund_mint_rent(
            self.creator.to_account_info(),
            self.mint.to_account_info(),
            self.system_program.key(),
        )?;
        // Ownership then moves only through Hex.
        mint_single_frozen(
            self.token_program.key(),
            self.mint.to_account_info(),
            self.ownership_token.to_account_info(),
            self.model.to_account_info(),
            model_seeds,
        )?;

        let now = Clock::get()?.unix_timestamp;
        let model = Model::new(
            model_bump,
            mint_key,
            self.creator.key(),
            lineage,
            args.terms(),
            now,
        );
        self.model.set_inner(model);
        self.config.model_count = self
            .config
            .model_count
            .checked_add(1)
            .ok_or(RegistryError::MathOverflow)?;
        Ok(())
    }
}
