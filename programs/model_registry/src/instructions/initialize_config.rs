use {
    crate::{
        constants::*, errors::RegistryError, events::ConfigInitialized, program::ModelRegistry,
        state::*,
    },
    anchor_lang::prelude::*,
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct InitializeConfigArgs {
    pub treasury: Pubkey,
    pub fees: FeeSchedule,
    pub fee_caps: FeeSchedule,
    pub creator_tiers: [CreatorTier; CREATOR_TIER_COUNT],
    pub max_fork_royalty_bps: u16,
    pub max_refund_window_secs: i64,
    pub min_model_sale_price: u64,
}

#[event_cpi]
#[derive(Accounts)]
pub struct InitializeConfig<'info> {
    #[account(mut)]
    pub authority: Signer<'info>,
    #[account(
        init,
        payer = authority,
        space = 8 + Config::INIT_SPACE,
        seeds = [CONFIG_SEED],
        bump,
    )]
    pub config: Box<Account<'info, Config>>,
    /// Present when the program is upgradeable: its upgrade authority must be
    /// the one initialising the platform, so nobody can front-run the deployer.
    pub program_data: Option<Account<'info, ProgramData>>,
    pub registry_program: Program<'info, ModelRegistry>,
    pub system_program: Program<'info, System>,
}

impl InitializeConfig<'_> {
    fn check_upgrade_authority(&self) -> Result<()> {
        let Some(expected_program_data) = self.registry_program.programdata_address()? else {
            // A builtin or immutable deployment has no upgrade authority to ask.
            return Ok(());
        };
        let program_data = self
            .program_data
            .as_ref()
            .filter(|data| data.key() == expected_program_data)
            .ok_or(RegistryError::NotUpgradeAuthority)?;
        require!(
            program_data.upgrade_authority_address == Some(self.authority.key()),
            RegistryError::NotUpgradeAuthority
        );
        Ok(())
    }
}

pub fn handler(ctx: Context<InitializeConfig>, args: InitializeConfigArgs) -> Result<()> {
    ctx.accounts.check_upgrade_authority()?;
    args.fees.validate_under(&args.fee_caps)?;
    validate_creator_tiers(args.fees.license_fee_bps, &args.creator_tiers)?;
    require!(
        args.max_fork_royalty_bps <= MAX_FORK_ROYALTY_LIMIT_BPS,
        RegistryError::ForkRoyaltyAboveCap
    );
    require!(
        (0..=MAX_REFUND_WINDOW_LIMIT_SECS).contains(&args.max_refund_window_secs),
        RegistryError::InvalidRefundWindow
    );
    require!(args.min_model_sale_price > 0, RegistryError::ZeroPrice);

    ctx.accounts.config.set_inner(Config {
        version: ACCOUNT_VERSION,
        bump: ctx.bumps.config,
        authority: ctx.accounts.authority.key(),
        treasury: args.treasury,
        fees: args.fees,
        fee_caps: args.fee_caps,
        creator_tiers: args.creator_tiers,
        max_fork_royalty_bps: args.max_fork_royalty_bps,
        max_refund_window_secs: args.max_refund_window_secs,
        paused: false,
        model_count: 0,
        min_model_sale_price: args.min_model_sale_price,
        reserved: [0; 56],
    });
    emit_cpi!(ConfigInitialized {
        authority: ctx.accounts.authority.key(),
        treasury: args.treasury,
        fees: args.fees,
        fee_caps: args.fee_caps,
        min_model_sale_price: args.min_model_sale_price,
    });
    Ok(())
}
