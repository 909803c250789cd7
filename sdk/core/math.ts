// Basis-point math shared by the programs: integer math in bigint, rounding
// down, as on chain.
import modelRegistryIdl from "../idl/model_registry.json";
import { idlNumber } from "./idl";

/** Basis points in one whole (hex_common's, published in the registry's IDL). */
export const BPS_DENOMINATOR = BigInt(idlNumber(modelRegistryIdl, "BPS_DENOMINATOR"));

/** floor(income x share / 10,000). */
export function shareOf(income: bigint, shareBps: number): bigint {
  return (income * BigInt(shareBps)) / BPS_DENOMINATOR;
}
