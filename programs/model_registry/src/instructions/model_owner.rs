//! The accounts of the instructions only a model's owner may send.

use {
    crate::{constants::MODEL_SEED, errors::RegistryError, state::Model},
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
};

/// The owner is whoever holds the model's ownership NFT.
#[derive(Accounts)]
pub struct ModelOwner<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(
        mut,
        constraint = ownership_token.mint == model.mint @ RegistryError::NotModelOwner,
        constraint = ownership_token.owner == owner.key() @ RegistryError::NotModelOwner,
        constraint = ownership_token.amount == 1 @ RegistryError::NotModelOwner,
    )]
    pub ownership_token: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, seeds = [MODEL_SEED, model.mint.as_ref()], bump = model.bump)]
    pub model: Box<Account<'info, Model>>,
}

/// Owner-gated changes wait until the model is off the market, so that a
/// seller cannot change what a buyer is about to pay for.
pub fn not_listed_for_sale(model_owner: &ModelOwner) -> Result<()> {
    require!(
        !model_owner.model.listed_for_sale,
        RegistryError::ModelListedForSale
    );
    Ok(())
}
