use {
    crate::{
        constants::*, errors::RegistryError, events::ModelSaleCancelled,
        instructions::model_owner::*, state::*,
    },
    anchor_lang::prelude::*,
    anchor_spl::{
        token_2022::{self, Revoke, Token2022},
        token_interface::Mint,
    },
    hex_common::nft::{freeze, thaw},
};

/// The owner withdraws its offer: the listing closes (rent back to the
/// owner), the Model PDA is no longer the NFT's delegate, and owner-gated
/// changes are allowed again.
#[event_cpi]
#[derive(Accounts)]
pub struct CancelModelSale<'info> {
    pub model_owner: ModelOwner<'info>,
    #[account(address = model_owner.model.mint)]
    pub mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        mut,
        seeds = [SALE_SEED, model_owner.model.mint.as_ref()],
        bump = sale.bump,
        constraint = sale.seller == model_owner.owner.key() @ RegistryError::NotModelOwner,
    )]
    pub sale: Box<Account<'info, ModelSale>>,
    pub token_program: Program<'info, Token2022>,
}

pub fn handler(ctx: Context<CancelModelSale>) -> Result<()> {
    let accounts = &ctx.accounts;
    let model = &accounts.model_owner.model;
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
    token_2022::revoke(CpiContext::new(
        token_program,
        Revoke {
            source: token.clone(),
            authority: accounts.model_owner.owner.to_account_info(),
        },
    ))?;
    freeze(token_program, token, mint, model_info, model_seeds)?;
    ctx.accounts
        .sale
        .close(ctx.accounts.model_owner.owner.to_account_info())?;
    ctx.accounts.model_owner.model.listed_for_sale = false;
    emit_cpi!(ModelSaleCancelled {
        model: ctx.accounts.model_owner.model.key()
    });
    Ok(())
}
