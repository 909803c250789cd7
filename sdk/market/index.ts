// license_market: listings, licenses and their payments, reviews, and
// license access proofs. (support.ts is internal.)
export type { LicenseMarket } from "../idl/license_market";
export * from "./pda";
export * from "./accounts";
export * from "./instructions";
export * from "./math";
export * from "./actions";
export * from "./licensing";
export * from "./access";
