pub mod claim_contributor;
pub mod claim_owner;
pub mod collect_family_reward;
pub mod create_vault;
pub mod deposit;
pub mod deposit_license_revenue;
pub mod distribute;
pub mod pay_previous_owner;
pub mod release_to_parent;
pub mod set_payout_preferences;
pub mod set_trend_share;
pub mod settle_owner_period;
pub mod sync_split;
pub mod vault_accounts;

// Every instruction module names its entry `handler`; lib.rs calls them by path.
#[allow(ambiguous_glob_reexports)]
pub use {
    claim_contributor::*, claim_owner::*, collect_family_reward::*, create_vault::*, deposit::*,
    deposit_license_revenue::*, distribute::*, pay_previous_owner::*, release_to_parent::*,
    set_payout_preferences::*, set_trend_share::*, settle_owner_period::*, sync_split::*,
    vault_accounts::*,
};
