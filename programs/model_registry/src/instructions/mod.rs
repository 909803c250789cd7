pub mod fork_model;
pub mod initialize_config;
pub mod model_owner;
pub mod publish_version;
pub mod register_model;
pub mod set_contributors;
pub mod set_paused;
pub mod set_taken_down;
pub mod set_visibility;

// Every instruction module names its entry `handler`; lib.rs calls them by path.
#[allow(ambiguous_glob_reexports)]
pub use {
    fork_model::*, initialize_config::*, model_owner::*, publish_version::*, register_model::*,
    set_contributors::*, set_paused::*, set_taken_down::*, set_visibility::*,
};
