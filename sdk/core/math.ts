// Basis-point math shared by the programs: integer math in bigint, rounding
// down, as on chain.

export const BPS_DENOMINATOR = 10_000n;

/** floor(income x share / 10,000). */
export function shareOf(income: bigint, shareBps: number): bigint {
  return (income * BigInt(shareBps)) / BPS_DENOMINATOR;
}
