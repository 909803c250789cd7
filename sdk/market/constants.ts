// Limits of the license market that the SDK checks before sending, read from
// its IDL (programs/license_market/src/constants.rs publishes them).
// Internal to the SDK (not exported from its index).
import licenseMarketIdl from "../idl/license_market.json";
import { idlNumber } from "../core/idl";

/** A numeric constant of the market's IDL (its name as in constants.rs). */
export const market = (name: string) => idlNumber(licenseMarketIdl, name);

/** Largest compute-node share of a pay-per-use payment. */
export const MAX_COMPUTE_SHARE_BPS = market("MAX_COMPUTE_SHARE_BPS");
/** Largest share of a license resale paid to the model. */
export const MAX_RESALE_ROYALTY_BPS = market("MAX_RESALE_ROYALTY_BPS");
/** Longest URI the market stores (a listing's, a review's), in bytes. */
export const MAX_URI_LEN = market("MAX_URI_LEN");
