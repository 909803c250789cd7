pub mod config;
pub mod model;
pub mod profile;
pub mod sale;

pub use {config::*, model::*, profile::*, sale::*};
