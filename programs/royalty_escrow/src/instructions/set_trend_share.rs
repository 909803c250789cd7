use {
    crate::{
        constants::*, errors::EscrowError, events::TrendShareSet, state::*,
        token::check_payment_mint,
    },
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface},
    model_registry::{
        constants::{CONFIG_SEED, MODEL_SEED},
        state::{Config, Model},
    },
};

/// The owner of a family's root model opens its reward pool for a payment
/// mint, or changes its trend share: the part of every member's license
/// revenue that goes to the pool (0 turns the pool off). Refused while the
/// root is listed for sale, like any change of the split.
#[event_cpi]
#[derive(Accounts)]
pub struct SetTrendShare<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(
        constraint = ownership_token.mint == root_model.mint @ EscrowError::NotModelOwner,
        constraint = ownership_token.owner == owner.key() @ EscrowError::NotModelOwner,
        constraint = ownership_token.amount == 1 @ EscrowError::NotModelOwner,
    )]
    pub ownership_token: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        seeds = [MODEL_SEED, root_model.mint.as_ref()],
        bump = root_model.bump,
        seeds::program = model_registry::ID,
        constraint = root_model.root == root_model.mint @ EscrowError::NotAFamilyRoot,
        constraint = !root_model.listed_for_sale @ EscrowError::ModelListedForSale,
    )]
    pub root_model: Box<Account<'info, Model>>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, seeds::program = model_registry::ID)]
    pub config: Box<Account<'info, Config>>,
    #[account(mint::token_program = token_program)]
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        init_if_needed,
        payer = owner,
        space = 8 + FamilyPool::INIT_SPACE,
        seeds = [FAMILY_POOL_SEED, root_model.mint.as_ref(), payment_mint.key().as_ref()],
        bump,
    )]
    pub family_pool: Box<Account<'info, FamilyPool>>,
    #[account(
        init_if_needed,
        payer = owner,
        seeds = [POOL_TOKENS_SEED, family_pool.key().as_ref()],
        bump,
        token::mint = payment_mint,
        token::authority = family_pool,
        token::token_program = token_program,
    )]
    pub pool_tokens: Box<InterfaceAccount<'info, TokenAccount>>,
    pub token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

pub fn handler(mut ctx: Context<SetTrendShare>, trend_share_bps: u16) -> Result<()> {
    let accounts = &mut ctx.accounts;
    require!(
        trend_share_bps <= accounts.config.family.max_trend_share_bps,
        EscrowError::TrendShareAboveCap
    );
    let pool = &mut accounts.family_pool;
    if pool.account_version == 0 {
        check_payment_mint(&accounts.payment_mint.to_account_info())?;
        pool.set_inner(FamilyPool {
            account_version: ACCOUNT_VERSION,
            bump: ctx.bumps.family_pool,
            tokens_bump: ctx.bumps.pool_tokens,
            root_mint: accounts.root_model.mint,
            payment_mint: accounts.payment_mint.key(),
            token_program: accounts.token_program.key(),
            trend_share_bps,
            epoch_secs: accounts.config.family.epoch_secs,
            origin: Clock::get()?.unix_timestamp,
            current_epoch: 0,
            current_income: 0,
            current_points: 0,
            closed: [ClosedEpoch::default(); COLLECT_WINDOW_EPOCHS],
            total_income: 0,
            total_collected: 0,
            total_rolled_over: 0,
            reserved: [0; 32],
        });
    } else {
        pool.trend_share_bps = trend_share_bps;
    }
    let event = TrendShareSet {
        pool: pool.key(),
        root_mint: pool.root_mint,
        payment_mint: pool.payment_mint,
        trend_share_bps,
    };
    emit_cpi!(event);
    Ok(())
}
