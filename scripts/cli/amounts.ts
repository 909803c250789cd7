// Amounts in human units of a mint ("12.5 USDC") and its base units.
import { UserError } from "./errors";

/** "12.5" with 6 decimals → 12_500_000n; rejects signs, junk and excess precision. */
export function parseAmount(text: string, decimals: number, what = "amount", unit = "this mint"): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new UserError(`bad ${what} "${text}": write a positive number such as 12.5`);
  const [, whole, fraction = ""] = match;
  if (fraction.length > decimals) {
    throw new UserError(`bad ${what} "${text}": ${unit} has ${decimals} decimals`);
  }
  const units = BigInt(whole + fraction.padEnd(decimals, "0"));
  if (units === 0n) throw new UserError(`bad ${what} "${text}": it must be greater than zero`);
  return units;
}

/** 12_500_000n with 6 decimals → "12.5". */
export function formatAmount(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** A whole number of basis points between `min` and `max`. */
export function parseBps(text: string, what: string, min = 0, max = 10_000): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UserError(`bad ${what} "${text}": give whole basis points from ${min} to ${max}`);
  }
  return value;
}

/** A whole number within [min, max] (seconds, counts, ids). */
export function parseInteger(text: string, what: string, min = 0): bigint {
  if (!/^\d+$/.test(text.trim())) throw new UserError(`bad ${what} "${text}": give a whole number`);
  const value = BigInt(text.trim());
  if (value < BigInt(min)) throw new UserError(`bad ${what} "${text}": it must be at least ${min}`);
  return value;
}

/** "3600", "90m", "12h" or "30d" → seconds. */
export function parseDuration(text: string, what: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match) throw new UserError(`bad ${what} "${text}": give seconds, or a number with s, m, h or d (e.g. 30d)`);
  const unit = { "": 1, s: 1, m: 60, h: 3_600, d: 86_400 }[match[2] as "" | "s" | "m" | "h" | "d"];
  return Number(match[1]) * unit;
}

/** One of a few words ("open" or "closed"). */
export function parseChoice<T extends string>(text: string, what: string, choices: readonly T[]): T {
  const choice = choices.find((candidate) => candidate === text.trim().toLowerCase());
  if (!choice) throw new UserError(`bad ${what} "${text}": use ${choices.join(" or ")}`);
  return choice;
}
