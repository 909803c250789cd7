pub mod creator_sales;
pub mod license;
pub mod listing;
pub mod review;
pub mod terms;

pub use {creator_sales::*, license::*, listing::*, review::*, terms::*};
