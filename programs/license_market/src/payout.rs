//! Where a license payment goes: the platform fee (lowered by the creator's
//! tier) to the treasury, a compute share to the node for usage, and the
//! rest into the model's revenue vault through the royalty escrow.

use {
    crate::{
        constants::*,
        errors::MarketError,
        state::{CreatorSales, License, Listing},
    },
    anchor_lang::prelude::*,
    anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface},
    hex_common::{bps::bps_of, pda::MARKET_AUTHORITY_SIGNER_SEEDS, token::transfer},
    model_registry::{
        constants::{CONFIG_SEED, MARKET_AUTHORITY_SEED, MODEL_SEED},
        state::{Config, Model},
    },
    royalty_escrow::{
        constants::{FAMILY_POOL_SEED, VAULT_SEED},
        program::RoyaltyEscrow,
        state::Vault,
    },
};

/// The accounts that receive a license payment.
#[derive(Accounts)]
pub struct Payout<'info> {
    #[account(seeds = [CONFIG_SEED], bump = config.bump, seeds::program = model_registry::ID)]
    pub config: Box<Account<'info, Config>>,
    #[account(
        mut,
        seeds = [MODEL_SEED, model.mint.as_ref()],
        bump = model.bump,
        seeds::program = model_registry::ID,
    )]
    pub model: Box<Account<'info, Model>>,
    #[account(
        mut,
        seeds = [CREATOR_SALES_SEED, model.creator.as_ref(), payment_mint.key().as_ref()],
        bump = creator_sales.bump,
    )]
    pub creator_sales: Box<Account<'info, CreatorSales>>,
    #[account(mint::token_program = payment_token_program)]
    pub payment_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        mut,
        token::mint = payment_mint,
        token::authority = config.treasury,
        token::token_program = payment_token_program,
    )]
    pub treasury_payment: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        mut,
        seeds = [VAULT_SEED, model.mint.as_ref(), payment_mint.key().as_ref()],
        bump = vault.bump,
        seeds::program = royalty_escrow::ID,
    )]
    pub vault: Box<Account<'info, Vault>>,
    /// CHECK: the vault's token account; the escrow's deposit checks it.
    #[account(mut)]
    pub vault_tokens: UncheckedAccount<'info>,
    /// CHECK: the reward pool of the model's family in this mint (empty if
    /// none); the escrow reads it.
    #[account(
        mut,
        seeds = [FAMILY_POOL_SEED, model.root.as_ref(), payment_mint.key().as_ref()],
        bump,
        seeds::program = royalty_escrow::ID,
    )]
    pub family_pool: UncheckedAccount<'info>,
    /// CHECK: the pool's token account; the escrow checks it.
    #[account(mut)]
    pub pool_tokens: UncheckedAccount<'info>,
    /// CHECK: PDA that signs the market's license revenue to the escrow, and
    /// owns the market's escrow token accounts; holds no data.
    #[account(seeds = [MARKET_AUTHORITY_SEED], bump)]
    pub market_authority: UncheckedAccount<'info>,
    pub payment_token_program: Interface<'info, TokenInterface>,
    pub escrow_program: Program<'info, RoyaltyEscrow>,
    /// CHECK: the escrow's event authority; the escrow checks it.
    pub escrow_event_authority: UncheckedAccount<'info>,
}

/// How one payment divides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PaymentSplit {
    pub fee: u64,
    pub compute: u64,
    pub model: u64,
}

/// Splits a payment: platform fee and compute share rounded down, the model
/// gets every remaining unit.
pub fn split_payment(amount: u64, fee_bps: u16, compute_share_bps: u16) -> Result<PaymentSplit> {
    let fee = bps_of(amount, fee_bps);
    let compute = bps_of(amount, compute_share_bps);
    let model = amount
        .checked_sub(fee)
        .and_then(|rest| rest.checked_sub(compute))
        .ok_or(MarketError::MathOverflow)?;
    Ok(PaymentSplit {
        fee,
        compute,
        model,
    })
}

/// The license fee for a creator with `lifetime_sales` base units sold:
/// the base fee, lowered by each tier reached (thresholds in whole units).
pub fn tiered_fee_bps(config: &Config, lifetime_sales: u64, decimals: u8) -> u16 {
    let whole_units = lifetime_sales / 10u64.saturating_pow(decimals as u32);
    config
        .creator_tiers
        .iter()
        .filter(|tier| whole_units >= tier.min_lifetime_sales)
        .map(|tier| tier.license_fee_bps)
        .fold(config.fees.license_fee_bps, u16::min)
}

/// Where a payment comes from: a token account and the key that signs for it.
pub struct PaymentSource<'a, 'info> {
    pub tokens: AccountInfo<'info>,
    pub authority: AccountInfo<'info>,
    pub signer_seeds: &'a [&'a [&'a [u8]]],
}

impl<'info> Payout<'info> {
    /// A model the platform took down earns nothing new: no sale, renewal,
    /// usage or revenue report (withdrawals, refunds and claims stay open).
    pub fn check_model_live(&self) -> Result<()> {
        require!(!self.model.taken_down, MarketError::ModelTakenDown);
        Ok(())
    }

    /// The listing sells this model's licenses, paid in this mint.
    pub fn check_listing(&self, listing: &Listing) -> Result<()> {
        require_keys_eq!(
            listing.model_mint,
            self.model.mint,
            MarketError::WrongListing
        );
        require_keys_eq!(
            listing.payment_mint,
            self.payment_mint.key(),
            MarketError::WrongPaymentMint
        );
        Ok(())
    }

    /// A sale or renewal needs the platform running and the model live.
    pub fn check_selling(&self) -> Result<()> {
        require!(!self.config.paused, MarketError::PlatformPaused);
        self.check_model_live()
    }

    /// The license fee this model's creator pays now.
    pub fn license_fee_bps(&self) -> u16 {
        tiered_fee_bps(
            &self.config,
            self.creator_sales.total_sales,
            self.payment_mint.decimals,
        )
    }

    /// Pays a split out of `source`: fee to the treasury, compute share to
    /// `node`, the model's part into its vault. Counts the whole payment
    /// towards the creator's lifetime sales.
    pub fn pay(
        &mut self,
        source: &PaymentSource<'_, 'info>,
        split: &PaymentSplit,
        node: Option<AccountInfo<'info>>,
    ) -> Result<()> {
        let mint = &self.payment_mint;
        let send = |to: AccountInfo<'info>, amount: u64| {
            transfer(
                self.payment_token_program.key(),
                mint,
                source.tokens.clone(),
                to,
                source.authority.clone(),
                source.signer_seeds,
                amount,
            )
        };
        send(self.treasury_payment.to_account_info(), split.fee)?;
        if split.compute > 0 {
            send(node.ok_or(MarketError::NodeAccountMissing)?, split.compute)?;
        }
        self.deposit_license_revenue(source, split.model)?;
        let total = split
            .fee
            .checked_add(split.compute)
            .and_then(|sum| sum.checked_add(split.model))
            .ok_or(MarketError::MathOverflow)?;
        self.creator_sales.total_sales = self
            .creator_sales
            .total_sales
            .checked_add(total)
            .ok_or(MarketError::MathOverflow)?;
        Ok(())
    }

    /// Pays license revenue to the model by CPI: the escrow takes the
    /// family's trend share into its pool and the rest into the vault.
    fn deposit_license_revenue(
        &self,
        source: &PaymentSource<'_, 'info>,
        amount: u64,
    ) -> Result<()> {
        if amount == 0 {
            return Ok(());
        }
        // The market authority signs too: the escrow gives trend points only
        // to revenue the market reports.
        let signer_seeds: Vec<&[&[u8]]> = source
            .signer_seeds
            .iter()
            .copied()
            .chain(std::iter::once(MARKET_AUTHORITY_SIGNER_SEEDS))
            .collect();
        royalty_escrow::cpi::deposit_license_revenue(
            CpiContext::new_with_signer(
                self.escrow_program.key(),
                royalty_escrow::cpi::accounts::DepositLicenseRevenue {
                    market_authority: self.market_authority.to_account_info(),
                    depositor: source.authority.clone(),
                    config: self.config.to_account_info(),
                    model: self.model.to_account_info(),
                    vault: self.escrow_vault(),
                    source: source.tokens.clone(),
                    family_pool: self.family_pool.to_account_info(),
                    pool_tokens: self.pool_tokens.to_account_info(),
                    event_authority: self.escrow_event_authority.to_account_info(),
                    program: self.escrow_program.to_account_info(),
                },
                &signer_seeds,
            ),
            amount,
        )
    }

    /// The model's vault as the escrow's instructions take it.
    fn escrow_vault(&self) -> royalty_escrow::cpi::accounts::VaultAccounts<'info> {
        royalty_escrow::cpi::accounts::VaultAccounts {
            vault: self.vault.to_account_info(),
            vault_tokens: self.vault_tokens.to_account_info(),
            payment_mint: self.payment_mint.to_account_info(),
            token_program: self.payment_token_program.to_account_info(),
        }
    }

    /// Deposits into the model's vault by CPI, outside the family pool.
    pub fn deposit_to_vault(&self, source: &PaymentSource<'_, 'info>, amount: u64) -> Result<()> {
        if amount == 0 {
            return Ok(());
        }
        royalty_escrow::cpi::deposit(
            CpiContext::new_with_signer(
                self.escrow_program.key(),
                royalty_escrow::cpi::accounts::Deposit {
                    depositor: source.authority.clone(),
                    model: self.model.to_account_info(),
                    vault: self.escrow_vault(),
                    source: source.tokens.clone(),
                    event_authority: self.escrow_event_authority.to_account_info(),
                    program: self.escrow_program.to_account_info(),
                },
                source.signer_seeds,
            ),
            amount,
        )
    }
}

/// Pays `amount` of a pending purchase, with `fee` of its fee, out of
/// escrow through the split, and books it as paid; returns the split.
pub fn pay_from_escrow<'info>(
    license: &mut License,
    payout: &mut Payout<'info>,
    escrow_tokens: AccountInfo<'info>,
    amount: u64,
    fee: u64,
) -> Result<PaymentSplit> {
    let split = PaymentSplit {
        fee,
        compute: 0,
        model: amount.checked_sub(fee).ok_or(MarketError::MathOverflow)?,
    };
    let source = PaymentSource {
        tokens: escrow_tokens,
        authority: payout.market_authority.to_account_info(),
        signer_seeds: &[MARKET_AUTHORITY_SIGNER_SEEDS],
    };
    payout.pay(&source, &split, None)?;
    license.total_paid = license
        .total_paid
        .checked_add(amount)
        .ok_or(MarketError::MathOverflow)?;
    license.pending_payment = license
        .pending_payment
        .checked_sub(amount)
        .ok_or(MarketError::MathOverflow)?;
    license.pending_fee = license
        .pending_fee
        .checked_sub(fee)
        .ok_or(MarketError::MathOverflow)?;
    Ok(split)
}

/// Pays a pending purchase out of escrow and clears it; returns its split.
pub fn pay_pending<'info>(
    license: &mut License,
    payout: &mut Payout<'info>,
    escrow_tokens: AccountInfo<'info>,
) -> Result<PaymentSplit> {
    let (amount, fee) = (license.pending_payment, license.pending_fee);
    require!(amount > 0, MarketError::NothingInEscrow);
    let split = pay_from_escrow(license, payout, escrow_tokens, amount, fee)?;
    license.disputed = false;
    Ok(split)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payment_splits_without_losing_a_unit() {
        assert_eq!(
            split_payment(1_000_001, 2_000, 1_000).unwrap(),
            PaymentSplit {
                fee: 200_000,
                compute: 100_000,
                model: 700_001
            }
        );
        let max = split_payment(u64::MAX, 3_000, 5_000).unwrap();
        assert_eq!(max.fee + max.compute + max.model, u64::MAX);
    }
}
