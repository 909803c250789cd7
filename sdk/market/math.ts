// License market math, mirroring programs/license_market exactly (payout.rs,
// state/listing.rs, state/license.rs, change_tier.rs): integer math in
// bigint, rounding down. Previews of what an instruction will move, to the
// base unit.
import { BPS_DENOMINATOR } from "../core/math";
import type { VolumeTierParams } from "./instructions";
import type { LicenseAccount } from "./accounts";

/** A payment's split: platform fee and compute share rounded down, the model gets the rest. */
export interface PaymentSplit {
  fee: bigint;
  compute: bigint;
  model: bigint;
}

export function splitPayment(amount: bigint, feeBps: number, computeShareBps = 0): PaymentSplit {
  const fee = (amount * BigInt(feeBps)) / BPS_DENOMINATOR;
  const compute = (amount * BigInt(computeShareBps)) / BPS_DENOMINATOR;
  return { fee, compute, model: amount - fee - compute };
}

/** What the platform config says about license fees (decoded config fields). */
export interface LicenseFeeSchedule {
  fees: { licenseFeeBps: number };
  creatorTiers: { minLifetimeSales: { toString(): string } | bigint; licenseFeeBps: number }[];
}

/**
 * The license fee (bps) of a creator with `lifetimeSales` base units sold in
 * a mint of `decimals`: the base fee, lowered by each tier reached
 * (thresholds in whole units).
 */
export function licenseFeeBps(config: LicenseFeeSchedule, lifetimeSales: bigint, decimals: number): number {
  const wholeUnits = lifetimeSales / 10n ** BigInt(decimals);
  return config.creatorTiers
    .filter((tier) => wholeUnits >= BigInt(tier.minLifetimeSales.toString()))
    .reduce((lowest, tier) => Math.min(lowest, tier.licenseFeeBps), config.fees.licenseFeeBps);
}

/**
 * What `units` more units of pay-per-use cost after `used` units, at
 * `price` per unit and the volume tiers (each from its `fromUnits`-th unit on).
 */
export function volumeCost(price: bigint, tiers: VolumeTierParams[], used: bigint, units: bigint): bigint {
  const end = used + units;
  let cost = 0n;
  let from = 0n;
  let unitPrice = price;
  for (const tier of [...tiers.filter((entry) => entry.fromUnits > 0n), { fromUnits: end, unitPrice: 0n }]) {
    const upper = end < tier.fromUnits ? end : tier.fromUnits;
    const lower = used > from ? used : from;
    if (upper > lower) cost += (upper - lower) * unitPrice;
    from = tier.fromUnits;
    unitPrice = tier.unitPrice;
  }
  return cost;
}

/** What a license's next `units` units cost, at the prices it was sold with. */
export function licenseUsageCost(license: Pick<LicenseAccount, "lockedPrice" | "volumeTiers" | "totalUnits">, units: bigint): bigint {
  return volumeCost(license.lockedPrice, license.volumeTiers, license.totalUnits, units);
}

/** Thrown by previewTierChange where change_tier fails with RenewedAhead. */
export class RenewedAheadError extends Error {
  constructor() {
    super("the subscription is renewed beyond its current period: change tier once its last paid period has begun");
    this.name = "RenewedAheadError";
  }
}

export interface TierChangePreview {
  /** The paid time left, valued at the last period's price. */
  credit: bigint;
  /** What the holder pays (an upgrade): the new price less the credit; 0 for a downgrade. */
  due: bigint;
  /** The end of the new paid period (a downgrade's is lengthened by what the credit left over buys). */
  expiresAt: bigint;
}

/** What change_tier does at `now` when `license` moves to a subscription of `price` per `periodSecs`. */
export function previewTierChange(
  license: Pick<LicenseAccount, "expiresAt" | "usagePeriodSecs" | "periodPrice">,
  target: { price: bigint; periodSecs: bigint },
  now: bigint
): TierChangePreview {
  const left = BigInt(license.expiresAt) - now;
  const remaining = left > 0n ? left : 0n;
  if (remaining > license.usagePeriodSecs) throw new RenewedAheadError();
  const period = license.usagePeriodSecs > 1n ? license.usagePeriodSecs : 1n;
  const credit = (license.periodPrice * remaining) / period;
  if (target.price > credit) return { credit, due: target.price - credit, expiresAt: now + target.periodSecs };
  const extra = ((credit - target.price) * target.periodSecs) / target.price;
  return { credit, due: 0n, expiresAt: now + target.periodSecs + extra };
}
