use {
    crate::{
        constants::*, errors::EscrowError, events::LicenseRevenueDeposited,
        instructions::vault_accounts::*, state::*, token::pool_tokens_address,
    },
    anchor_lang::prelude::*,
    anchor_spl::token_interface::TokenAccount,
    hex_common::{
        bps::{bps_of, mul_div_floor, BPS_DENOMINATOR},
        token::transfer,
    },
    model_registry::{
        constants::{CONFIG_SEED, MARKET_AUTHORITY_SEED, MODEL_SEED},
        state::{Config, Model},
    },
};

/// The license market pays a model's net license revenue (after the
/// platform fee): the family's trend share goes to the family pool and earns
/// the model trend points, the rest into the model's vault. Only the market
/// signs it, so points come only from fee-paying license activity.
#[event_cpi]
#[derive(Accounts)]
pub struct DepositLicenseRevenue<'info> {
    #[account(
        seeds = [MARKET_AUTHORITY_SEED],
        bump,
        seeds::program = model_registry::license_market::ID,
    )]
    pub market_authority: Signer<'info>,
    /// The owner of `source`: the buyer, or the market for payments it held.
    pub depositor: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump, seeds::program = model_registry::ID)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        seeds = [MODEL_SEED, vault.model_mint.as_ref()],
        bump = model.bump,
        seeds::program = model_registry::ID,
    )]
    pub model: Box<Account<'info, Model>>,
    #[account(
        constraint = vault.split_version == model.split_version @ EscrowError::SplitOutdated,
        constraint = vault.owner_period_is_current(&model) @ EscrowError::OwnerPeriodNotSettled,
    )]
    pub vault: VaultAccounts<'info>,
    #[account(
        mut,
        token::mint = vault.payment_mint,
        token::authority = depositor,
        token::token_program = vault.token_program,
    )]
    pub source: Box<InterfaceAccount<'info, TokenAccount>>,
    /// CHECK: the family pool's address; empty when the family has no pool
    /// in this mint, otherwise read as a `FamilyPool` in the handler.
    #[account(
        mut,
        seeds = [FAMILY_POOL_SEED, model.root.as_ref(), vault.payment_mint.key().as_ref()],
        bump,
    )]
    pub family_pool: UncheckedAccount<'info>,
    /// CHECK: the pool's token account, checked against the pool when it exists.
    #[account(mut)]
    pub pool_tokens: UncheckedAccount<'info>,
}

/// How a payment divides between the pool and the vault, and its points.
struct TrendSplit {
    to_pool: u64,
    points: u64,
}

impl<'info> DepositLicenseRevenue<'info> {
    /// The family pool, when the family has one in this mint.
    fn family_pool(&self) -> Result<Option<FamilyPool>> {
        let pool = read_optional::<FamilyPool>(&self.family_pool)?;
        if let Some(pool) = &pool {
            require_keys_eq!(
                self.pool_tokens.key(),
                pool_tokens_address(&self.family_pool.key(), pool.tokens_bump)?,
                EscrowError::WrongFamilyPool
            );
        }
        Ok(pool)
    }

    /// The trend share (under the platform's current cap) and the points it
    /// earns: what the model pays into the pool, weighted by its rating
    /// multiplier. A payment too small to pay the pool a unit earns nothing.
    fn trend_split(&self, pool: &FamilyPool, amount: u64) -> Result<TrendSplit> {
        let share = pool
            .trend_share_bps
            .min(self.config.family.max_trend_share_bps);
        let to_pool = bps_of(amount, share);
        let points = mul_div_floor(
            to_pool,
            self.model.rating_multiplier_bps(),
            BPS_DENOMINATOR as u64,
        )
        .ok_or(EscrowError::MathOverflow)?;
        Ok(TrendSplit { to_pool, points })
    }
}

pub fn handler(mut ctx: Context<DepositLicenseRevenue>, amount: u64) -> Result<()> {
    require!(amount > 0, EscrowError::ZeroAmount);
    let accounts = &mut ctx.accounts;
    let mut epoch = 0;
    let mut split = TrendSplit {
        to_pool: 0,
        points: 0,
    };
    let pool_key = match accounts.family_pool()? {
        Some(mut pool) => {
            pool.advance(Clock::get()?.unix_timestamp)?;
            split = accounts.trend_split(&pool, amount)?;
            transfer(
                accounts.vault.token_program.key(),
                &accounts.vault.payment_mint,
                accounts.source.to_account_info(),
                accounts.pool_tokens.to_account_info(),
                accounts.depositor.to_account_info(),
                &[],
                split.to_pool,
            )?;
            pool.record_income(split.to_pool, split.points)?;
            accrue_points(&mut accounts.vault.trend_points, &pool, split.points)?;
            epoch = pool.current_epoch;
            write_back(&accounts.family_pool, &pool)?;
            accounts.family_pool.key()
        }
        None => Pubkey::default(),
    };
    let to_vault = amount - split.to_pool;
    accounts.vault.receive(
        accounts.source.to_account_info(),
        accounts.depositor.to_account_info(),
        to_vault,
    )?;
    accounts.vault.record_income(to_vault)?;
    emit_cpi!(LicenseRevenueDeposited {
        vault: ctx.accounts.vault.key(),
        pool: pool_key,
        amount,
        to_vault,
        to_pool: split.to_pool,
        points: split.points,
        epoch,
    });
    Ok(())
}
