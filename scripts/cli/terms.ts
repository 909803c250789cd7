// A listing's structured terms, trial and volume tiers from `listing create`
// flags, and terms as one line for `license show` and `license verify`.
import { LicenseTermsParams, STANDARD_TERMS, TerritoryScopeName, VolumeTierParams } from "../../sdk";
import { formatAmount, parseAmount, parseChoice, parseInteger } from "./amounts";
import { UserError } from "./errors";

export interface TermsOptions {
  nonCommercial?: boolean;
  /** commander's --no-attribution: false when given. */
  attribution?: boolean;
  derivatives?: string;
  reciprocal?: boolean;
  territories?: string;
  revenueShareCap?: string;
  seats?: string;
  derivativeRights?: boolean;
}

const DERIVATIVES = { none: "none", allowed: "allowed", approval: "approvalRequired" } as const;

/** "only:US,CA" or "except:RU" → the scope and its codes. */
function parseTerritories(text: string): { territoryScope: TerritoryScopeName; territories: string[] } {
  const match = /^(only|except):([A-Za-z]{2}(?:,[A-Za-z]{2})*)$/.exec(text.trim());
  if (!match) throw new UserError(`bad territories "${text}": write only:US,CA or except:RU (ISO 3166-1 alpha-2 codes, up to four)`);
  return { territoryScope: match[1] as TerritoryScopeName, territories: match[2].toUpperCase().split(",") };
}

/**
 * The terms the flags name, and whether they grant derivative rights
 * (--derivatives allowed|approval, or --derivative-rights); undefined when
 * no flag names any, so the SDK's default terms apply.
 */
export function termsFromOptions(options: TermsOptions, decimals: number): { terms?: LicenseTermsParams; derivativeRights?: boolean } {
  const derivatives = options.derivatives === undefined ? undefined : DERIVATIVES[parseChoice(options.derivatives, "derivatives", ["none", "allowed", "approval"] as const)];
  if (derivatives === "none" && options.derivativeRights) throw new UserError("--derivatives none contradicts --derivative-rights");
  const derivativeRights = derivatives === undefined ? options.derivativeRights : derivatives !== "none";
  const named = [options.nonCommercial, options.attribution === false, derivatives, options.reciprocal, options.territories, options.revenueShareCap, options.seats];
  if (named.every((value) => value === undefined || value === false)) return { derivativeRights };
  return {
    derivativeRights,
    terms: {
      ...STANDARD_TERMS,
      commercialUse: !options.nonCommercial,
      attributionRequired: options.attribution !== false,
      derivatives: derivatives ?? (derivativeRights ? "allowed" : "none"),
      reciprocal: options.reciprocal ?? false,
      ...(options.territories === undefined ? {} : parseTerritories(options.territories)),
      revenueShareCap: options.revenueShareCap === undefined ? 0n : parseAmount(options.revenueShareCap, decimals, "revenue-share cap"),
      seats: options.seats === undefined ? 0 : Number(parseInteger(options.seats, "seats", 1)),
    },
  };
}

/** --volume-tier FROM:PRICE, repeatable, at most two: from the FROM-th unit on, PRICE per unit. */
export function parseVolumeTiers(texts: string[], decimals: number): VolumeTierParams[] {
  if (texts.length > 2) throw new UserError(`at most 2 volume tiers, got ${texts.length}`);
  return texts.map((text) => {
    const match = /^(\d+):(.+)$/.exec(text.trim());
    if (!match) throw new UserError(`bad volume tier "${text}": write FROM:PRICE, e.g. 1000:0.002 (the unit price from the 1000th unit on)`);
    return { fromUnits: parseInteger(match[1], "volume tier's first unit", 1), unitPrice: parseAmount(match[2], decimals, "volume tier's unit price") };
  });
}

/** Collects a repeatable option's values. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The terms in one line, e.g. "commercial, attribution, derivatives: none, only US, CA, 5 seats". */
export function describeTerms(terms: LicenseTermsParams, decimals: number): string {
  const territories = terms.territoryScope === "worldwide" ? "worldwide" : `${terms.territoryScope} ${terms.territories.join(", ")}`;
  return [
    terms.commercialUse ? "commercial" : "non-commercial",
    terms.attributionRequired ? "attribution" : "no attribution",
    `derivatives: ${terms.derivatives === "approvalRequired" ? "with approval" : terms.derivatives}${terms.reciprocal ? " (reciprocal)" : ""}`,
    territories,
    ...(terms.revenueShareCap > 0n ? [`revenue share capped at ${formatAmount(terms.revenueShareCap, decimals)} per period`] : []),
    terms.seats > 0 ? `${terms.seats} seats` : "unlimited seats",
  ].join(", ");
}
