// Limits of programs/license_market/src/constants.rs that the SDK checks
// before sending, defined once here. Internal to the SDK (not exported from
// its index).

/** Largest compute-node share of a pay-per-use payment. */
export const MAX_COMPUTE_SHARE_BPS = 5_000;
/** Largest share of a license resale paid to the model. */
export const MAX_RESALE_ROYALTY_BPS = 5_000;
/** Longest URI the market stores (a listing's, a review's), in bytes. */
export const MAX_URI_LEN = 200;
