pub mod vault;

pub use vault::*;
