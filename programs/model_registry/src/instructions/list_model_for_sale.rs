use {
    crate::{
        constants::*, derivative_license, errors::RegistryError, events::ModelListed,
        instructions::model_owner::*, state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::{
        token_2022::{self, Approve, Token2022},
        token_interface::Mint,
    },
    hex_common::{
        nft::{freeze, thaw},
        payment_mint::is_supported_payment_mint,
    },
};

/// The owner offers the model (its ownership NFT) for sale at a price in any
/// SPL mint. The NFT stays frozen in the owner's wallet; the Model PDA is
/// approved as its delegate so that the sale can move it without the seller.
#[event_cpi]
#[derive(Accounts)]
pub struct ListModelForSale<'info> {
    pub model_owner: ModelOwner<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, constraint = !config.paused @ RegistryError::PlatformPaused)]
    pub config: Box<Account<'info, Config>>,
    #[account(address = model_owner.model.mint)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    /// Pays the listing's rent, which returns to the seller when it closes.
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(
        init,
        payer = payer,
        space = 8 + ModelSale::INIT_SPACE,
        seeds = [SALE_SEED, model_owner.model.mint.as_ref()],
        bump,
    )]
    pub sale: Box<Account<'info, ModelSale>>,
    /// Any SPL Token mint, or a Token-2022 mint whose transfers conserve amounts.
    #[account(
        constraint = is_supported_payment_mint(&payment_mint.to_account_info())?
            @ RegistryError::UnsupportedMintExtension,
    )]
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    pub token_program: Program<'info, Token2022>,
    pub system_program: Program<'info, System>,
    /// CHECK: a fork made under a license: that license, still valid for
    /// the owner (`derivative_license::check_still_licensed`).
    pub derivative_license: Option<UncheckedAccount<'info>>,
}

pub fn handler(ctx: Context<ListModelForSale>, price: u64) -> Result<()> {
    let accounts = &ctx.accounts;
    require!(
        price >= accounts.config.min_model_sale_price,
        RegistryError::PriceBelowMinimum
    );
    let model = &accounts.model_owner.model;
    require!(!model.taken_down, RegistryError::ModelTakenDown);
    derivative_license::check_still_licensed(
        model,
        accounts.derivative_license.as_deref(),
        Clock::get()?.unix_timestamp,
    )?;
    let (mint_key, bump) = (model.mint, [model.bump]);
    let model_seeds: &[&[u8]] = &[MODEL_SEED, mint_key.as_ref(), &bump];
    let token_program = accounts.token_program.key();
    let (token, mint, model_info) = (
        accounts.model_owner.ownership_token.to_account_info(),
        accounts.mint.to_account_info(),
        model.to_account_info(),
    );
    thaw(
        token_program,
        token.clone(),
        mint.clone(),
        model_info.clone(),
        model_seeds,
    )?;
    token_2022::approve(
        CpiContext::new(
            token_program,
            Approve {
                to: token.clone(),
                delegate: model_info.clone(),
                authority: accounts.model_owner.owner.to_account_info(),
            },
        ),
        1,
    )?;
    freeze(token_program, token, mint, model_info, model_seeds)?;

    let sale = ModelSale {
        account_version: ACCOUNT_VERSION,
        bump: ctx.bumps.sale,
        model_mint: mint_key,
        seller: accounts.model_owner.owner.key(),
        payment_mint: accounts.payment_mint.key(),
        price,
        listed_at: Clock::get()?.unix_timestamp,
        reserved: [0; 32],
    };
    ctx.accounts.sale.set_inner(sale);
    ctx.accounts.model_owner.model.listed_for_sale = true;
    emit_cpi!(ModelListed {
        model: ctx.accounts.model_owner.model.key(),
        seller: ctx.accounts.model_owner.owner.key(),
        payment_mint: ctx.accounts.payment_mint.key(),
        price,
    });
    Ok(())
}
