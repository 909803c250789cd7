//! Hex royalty escrow: one revenue vault per (model, payment mint), and the
//! split of every unit it receives between the parent model's vault, the
//! contributors and the owner, by cumulative pull-based accounting.

use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod state;
pub mod token;

use instructions::*;

declare_id!(hex_common::ids::ROYALTY_ESCROW);

#[program]
pub mod royalty_escrow {
    use super::*;

    /// Opens a model's vault for a payment mint (anyone may pay for it),
    /// with the split of the model's registry entry.
    pub fn create_vault(ctx: Context<CreateVault>) -> Result<()> {
        instructions::create_vault::handler(ctx)
    }

    /// Pays revenue into a model's vault.
    pub fn deposit(ctx: Context<Deposit>, amount: u64) -> Result<()> {
        instructions::deposit::handler(ctx, amount)
    }

    /// Moves the parent's entitlement into the parent model's vault.
    pub fn release_to_parent(ctx: Context<ReleaseToParent>) -> Result<()> {
        instructions::release_to_parent::handler(ctx)
    }

    /// A contributor takes what it is owed.
    pub fn claim_contributor(ctx: Context<ClaimContributor>, slot: u8) -> Result<()> {
        instructions::claim_contributor::handler(ctx, slot)
    }

    /// The holder of the ownership NFT takes the owner's share.
    pub fn claim_owner(ctx: Context<ClaimOwner>) -> Result<()> {
        instructions::claim_owner::handler(ctx)
    }

    /// Settles the vault under the old split after the model's contributors
    /// changed, and adopts the new split.
    pub fn sync_split<'info>(ctx: Context<'info, SyncSplit<'info>>) -> Result<()> {
        instructions::sync_split::handler(ctx)
    }

    /// Permissionless, after a sale of the model: sets aside what the
    /// owner's share earned for the previous owner and starts the new
    /// owner's period in this vault.
    pub fn settle_owner_period(ctx: Context<SettleOwnerPeriod>) -> Result<()> {
        instructions::settle_owner_period::handler(ctx)
    }

    /// Pays a previous owner what a vault settled to it.
    pub fn pay_previous_owner(ctx: Context<PayPreviousOwner>) -> Result<()> {
        instructions::pay_previous_owner::handler(ctx)
    }

    /// The license market pays a model's net license revenue: the family's
    /// trend share to its reward pool (earning the model trend points), the
    /// rest into the model's vault.
    pub fn deposit_license_revenue(ctx: Context<DepositLicenseRevenue>, amount: u64) -> Result<()> {
        instructions::deposit_license_revenue::handler(ctx, amount)
    }

    /// The owner of a family's root model opens its reward pool for a
    /// payment mint, or changes its trend share.
    pub fn set_trend_share(ctx: Context<SetTrendShare>, trend_share_bps: u16) -> Result<()> {
        instructions::set_trend_share::handler(ctx, trend_share_bps)
    }

    /// Permissionless: pays a family member its rewards of closed epochs
    /// into its vault.
    pub fn collect_family_reward(ctx: Context<CollectFamilyReward>) -> Result<()> {
        instructions::collect_family_reward::handler(ctx)
    }

    /// Permissionless: pays a contributor or the model's owner what it is
    /// owed into its associated token account.
    pub fn distribute(ctx: Context<Distribute>, slot: u8) -> Result<()> {
        instructions::distribute::handler(ctx, slot)
    }

    /// A wallet chooses whether keepers may pay it with `distribute`.
    pub fn set_payout_preferences(
        ctx: Context<SetPayoutPreferences>,
        opt_out: bool,
        allow_account_creation: bool,
    ) -> Result<()> {
        instructions::set_payout_preferences::handler(ctx, opt_out, allow_account_creation)
    }
}
