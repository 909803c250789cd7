pub mod config;
pub mod model;
pub mod sale;

pub use {config::*, model::*, sale::*};
