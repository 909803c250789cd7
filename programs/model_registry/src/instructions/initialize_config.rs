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
    pub family: FamilySettings,
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

/// Only the program's upgrade authority may initialise the platform, so
/// that nobody can front-run the deployer. `expected_program_data` is the
/// program's ProgramData address (None for a builtin or an immutable
/// deployment: no upgrade authority to ask); `program_data` is the account
/// passed, as (address, its upgrade authority).
pub fn check_upgrade_authority(
    expected_program_data: Option<Pubkey>,
    program_data: Option<(Pubkey, Option<Pubkey>)>,
    authority: Pubkey,
) -> Result<()> {
    let Some(expected_program_data) = expected_program_data else {
        return Ok(());
    };
    match program_data {
        Some((address, upgrade_authority))
            if address == expected_program_data && upgrade_authority == Some(authority) =>
        {
            Ok(())
        }
        _ => err!(RegistryError::NotUpgradeAuthority),
    }
}

impl InitializeConfig<'_> {
    fn check_upgrade_authority(&self) -> Result<()> {
        check_upgrade_authority(
            self.registry_program.programdata_address()?,
            self.program_data
                .as_ref()
                .map(|data| (data.key(), data.upgrade_authority_address)),
            self.authority.key(),
        )
    }
}

pub fn handler(ctx: Context<InitializeConfig>, args: InitializeConfigArgs) -> Result<()> {
    ctx.accounts.check_upgrade_authority()?;
    let config = Config {
        account_version: ACCOUNT_VERSION,
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
        pending_authority: Pubkey::default(),
        family: args.family,
        attester: ctx.accounts.authority.key(),
        reserved: [0; 12],
    };
    config.validate()?;
    ctx.accounts.config.set_inner(config);
    emit_cpi!(ConfigInitialized {
        authority: ctx.accounts.authority.key(),
        treasury: args.treasury,
        fees: args.fees,
        fee_caps: args.fee_caps,
        min_model_sale_price: args.min_model_sale_price,
        family: args.family,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_upgrade_authority_initialises_an_upgradeable_deployment() {
        let (program_data, deployer, stranger) = (
            Pubkey::new_unique(),
            Pubkey::new_unique(),
            Pubkey::new_unique(),
        );
        let refused = |result: Result<()>| {
            assert_eq!(
                result.unwrap_err(),
                RegistryError::NotUpgradeAuthority.into()
            )
        };
        assert!(check_upgrade_authority(
            Some(program_data),
            Some((program_data, Some(deployer))),
            deployer
        )
        .is_ok());
        refused(check_upgrade_authority(
            Some(program_data),
            Some((program_data, Some(deployer))),
            stranger,
        ));
        // The ProgramData account left out, another one, or an immutable program.
        refused(check_upgrade_authority(Some(program_data), None, deployer));
        refused(check_upgrade_authority(
            Some(program_data),
            Some((Pubkey::new_unique(), Some(deployer))),
            deployer,
        ));
        refused(check_upgrade_authority(
            Some(program_data),
            Some((program_data, None)),
            deployer,
        ));
        // A builtin has no upgrade authority to ask.
        assert!(check_upgrade_authority(None, None, stranger).is_ok());
    }
}
