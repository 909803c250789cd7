pub mod approve_derivative;
pub mod buy_license;
pub mod buy_resold_license;
pub mod change_tier;
pub mod claim_trial;
pub mod close_license;
pub mod close_listing;
pub mod create_listing;
pub mod deposit_api_revenue;
pub mod deposit_credits;
pub mod license_credits;
pub mod license_payment;
pub mod list_license_for_resale;
pub mod market_escrow;
pub mod model_owner;
pub mod open_dispute;
pub mod pending_purchase;
pub mod reclaim_listing;
pub mod record_usage;
pub mod refund_license;
pub mod renew_license;
pub mod report_revenue;
pub mod resolve_dispute;
pub mod review_model;
pub mod settle_purchase;
pub mod trial_budget;
pub mod update_listing;
pub mod verify_license;
pub mod withdraw_credits;

// Every instruction module names its entry `handler`; lib.rs calls them by path.
#[allow(ambiguous_glob_reexports)]
pub use {
    approve_derivative::*, buy_license::*, buy_resold_license::*, change_tier::*, claim_trial::*,
    close_license::*, close_listing::*, create_listing::*, deposit_api_revenue::*,
    deposit_credits::*, license_credits::*, license_payment::*, list_license_for_resale::*,
    market_escrow::*, model_owner::*, open_dispute::*, pending_purchase::*, reclaim_listing::*,
    record_usage::*, refund_license::*, renew_license::*, report_revenue::*, resolve_dispute::*,
    review_model::*, settle_purchase::*, trial_budget::*, update_listing::*, verify_license::*,
    withdraw_credits::*,
};
