// Limits of programs/model_registry/src/constants.rs that the SDK checks
// before sending, or computes with, defined once here. Internal to the SDK
// (not exported from its index).

/** Longest URI the registry stores (a profile's evidence URI), in bytes. */
export const MAX_URI_LEN = 200;

/** A model's rating weighs on its family trend points from this many reviews on. */
export const MIN_REVIEWS_FOR_RATING = 3n;
/** The weight of a model's trend points: neutral, and its range from a 1-star to a 5-star average. */
export const RATING_MULTIPLIER_NEUTRAL_BPS = 10_000n;
export const RATING_MULTIPLIER_MIN_BPS = 5_000n;
export const RATING_MULTIPLIER_MAX_BPS = 15_000n;
