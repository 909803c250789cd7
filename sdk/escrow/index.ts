// royalty_escrow: revenue vaults and their split, family reward pools, and
// the keeper that pays them out.
export type { RoyaltyEscrow } from "../idl/royalty_escrow";
export * from "./pda";
export * from "./accounts";
export * from "./math";
export * from "./instructions";
export * from "./actions";
export * from "./family";
export * from "./keeper";
