pub mod previous_owner_earnings;
pub mod vault;

pub use {previous_owner_earnings::*, vault::*};
