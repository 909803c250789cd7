use {
    crate::errors::MarketError,
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
    model_registry::{constants::MODEL_SEED, state::Model},
};

/// The holder of a model's ownership NFT, who manages its listings.
#[derive(Accounts)]
pub struct ModelOwner<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(
        seeds = [MODEL_SEED, model.mint.as_ref()],
        bump = model.bump,
        seeds::program = model_registry::ID,
    )]
    pub model: Box<Account<'info, Model>>,
    #[account(
        token::mint = model.mint,
        constraint = ownership_token.owner == owner.key() && ownership_token.amount == 1
            @ MarketError::NotModelOwner,
    )]
    pub ownership_token: Box<InterfaceAccount<'info, TokenAccount>>,
}
