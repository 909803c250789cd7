pub mod claim_contributor;
pub mod claim_owner;
pub mod create_vault;
pub mod deposit;
pub mod pay_previous_owner;
pub mod release_to_parent;
pub mod settle_owner_period;
pub mod sync_split;

// Every instruction module names its entry `handler`; lib.rs calls them by path.
#[allow(ambiguous_glob_reexports)]
pub use {
    claim_contributor::*, claim_owner::*, create_vault::*, deposit::*, pay_previous_owner::*,
    release_to_parent::*, settle_owner_period::*, sync_split::*,
};
