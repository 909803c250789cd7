pub mod creator_sales;
pub mod license;
pub mod listing;
pub mod review;
pub mod terms;
pub mod trial_claim;

pub use {creator_sales::*, license::*, listing::*, review::*, terms::*, trial_claim::*};
