use {
    crate::{events::ConfigUpdated, instructions::platform_authority::*, state::*},
    anchor_lang::prelude::*,
};

/// The settings to change; `None` keeps the current one. The fee caps are
/// not among them: written once at initialisation, they bound every update.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, Default)]
pub struct ConfigUpdate {
    pub treasury: Option<Pubkey>,
    pub fees: Option<FeeSchedule>,
    pub creator_tiers: Option<[CreatorTier; CREATOR_TIER_COUNT]>,
    pub max_fork_royalty_bps: Option<u16>,
    pub max_refund_window_secs: Option<i64>,
    pub min_model_sale_price: Option<u64>,
    pub family: Option<FamilySettings>,
    pub attester: Option<Pubkey>,
}

/// The platform authority changes settings under the hard caps. A change
/// applies to what is listed and bought after it: a purchase in escrow
/// keeps the fee it was bought with, a license the terms it was sold with.
#[event_cpi]
#[derive(Accounts)]
pub struct UpdateConfig<'info> {
    pub platform: PlatformAuthority<'info>,
}

pub fn handler(ctx: Context<UpdateConfig>, update: ConfigUpdate) -> Result<()> {
    let config = &mut ctx.accounts.platform.config;
    if let Some(treasury) = update.treasury {
        config.treasury = treasury;
    }
    if let Some(fees) = update.fees {
        config.fees = fees;
    }
    if let Some(creator_tiers) = update.creator_tiers {
        config.creator_tiers = creator_tiers;
    }
    if let Some(max_fork_royalty_bps) = update.max_fork_royalty_bps {
        config.max_fork_royalty_bps = max_fork_royalty_bps;
    }
    if let Some(max_refund_window_secs) = update.max_refund_window_secs {
        config.max_refund_window_secs = max_refund_window_secs;
    }
    if let Some(min_model_sale_price) = update.min_model_sale_price {
        config.min_model_sale_price = min_model_sale_price;
    }
    if let Some(family) = update.family {
        config.family = family;
    }
    if let Some(attester) = update.attester {
        config.attester = attester;
    }
    config.validate()?;
    emit_cpi!(ConfigUpdated {
        treasury: config.treasury,
        fees: config.fees,
        creator_tiers: config.creator_tiers,
        max_fork_royalty_bps: config.max_fork_royalty_bps,
        max_refund_window_secs: config.max_refund_window_secs,
        min_model_sale_price: config.min_model_sale_price,
        family: config.family,
        attester: config.attester,
    });
    Ok(())
}
