pub mod initialize_config;
pub mod register_model;
pub mod set_paused;

// Every instruction module names its entry `handler`; lib.rs calls them by path.
#[allow(ambiguous_glob_reexports)]
pub use {initialize_config::*, register_model::*, set_paused::*};
