pub mod fork_model;
pub mod initialize_config;
pub mod register_model;
pub mod set_contributors;
pub mod set_paused;

// Every instruction module names its entry `handler`; lib.rs calls them by path.
#[allow(ambiguous_glob_reexports)]
pub use {
    fork_model::*, initialize_config::*, register_model::*, set_contributors::*, set_paused::*,
};
