pub mod config;
pub mod model;

pub use {config::*, model::*};
