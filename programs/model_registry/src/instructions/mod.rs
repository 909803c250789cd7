pub mod accept_authority;
pub mod attest_model;
pub mod buy_model;
pub mod cancel_model_sale;
pub mod fork_model;
pub mod initialize_config;
pub mod list_model_for_sale;
pub mod model_owner;
pub mod new_model;
pub mod platform_authority;
pub mod propose_authority;
pub mod publish_version;
pub mod record_license_activity;
pub mod record_vault;
pub mod register_metaplex_model;
pub mod register_model;
pub mod set_contributors;
pub mod set_derivative_license;
pub mod set_model_profile;
pub mod set_paused;
pub mod set_taken_down;
pub mod set_visibility;
pub mod update_config;

// Every instruction module names its entry `handler`; lib.rs calls them by path.
#[allow(ambiguous_glob_reexports)]
pub use {
    accept_authority::*, attest_model::*, buy_model::*, cancel_model_sale::*, fork_model::*,
    initialize_config::*, list_model_for_sale::*, model_owner::*, new_model::*,
    platform_authority::*, propose_authority::*, publish_version::*, record_license_activity::*,
    record_vault::*, register_metaplex_model::*, register_model::*, set_contributors::*,
    set_derivative_license::*, set_model_profile::*, set_paused::*, set_taken_down::*,
    set_visibility::*, update_config::*,
};
