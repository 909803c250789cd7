// Limits of the registry that the SDK checks before sending, or computes
// with, read from its IDL (programs/model_registry/src/constants.rs
// publishes them). Internal to the SDK (not exported from its index).
import modelRegistryIdl from "../idl/model_registry.json";
import { idlNumber } from "../core/idl";

/** A numeric constant of the registry's IDL (its name as in constants.rs). */
export const registry = (name: string) => idlNumber(modelRegistryIdl, name);

/** Longest URI the registry stores (a profile's evidence URI), in bytes. */
export const MAX_URI_LEN = registry("MAX_URI_LEN");

/** A model's rating weighs on its family trend points from this many reviews on. */
export const MIN_REVIEWS_FOR_RATING = BigInt(registry("MIN_REVIEWS_FOR_RATING"));
/** The weight of a model's trend points: neutral, and its range from a 1-star to a 5-star average. */
export const RATING_MULTIPLIER_NEUTRAL_BPS = BigInt(registry("RATING_MULTIPLIER_NEUTRAL_BPS"));
export const RATING_MULTIPLIER_MIN_BPS = BigInt(registry("RATING_MULTIPLIER_MIN_BPS"));
export const RATING_MULTIPLIER_MAX_BPS = BigInt(registry("RATING_MULTIPLIER_MAX_BPS"));
