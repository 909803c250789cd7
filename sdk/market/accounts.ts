// Typed fetchers of license_market accounts (listings, licenses, reviews),
// with SDK-friendly field types: amounts as bigint, enums as names.
import { AccountInfo, PublicKey } from "@solana/web3.js";
import { Buffer } from "buffer";
import { HexClient } from "../core/programs";
import { market } from "./constants";
import { exactly, IdlDecoded, idlDecoder } from "../core/decode";
import type { LicenseMarket } from "../idl/license_market";
import { licensePda, listingPda, reviewPda } from "./pda";
import type { LicenseTermsParams, VolumeTierParams } from "./instructions";

const decode = idlDecoder<LicenseMarket>();

// Offsets of the fields memcmp filters read, from the market's IDL (see idlNumber).

/** Listing: account_version u8, bump u8, model_mint, listing_id u64, payment_mint. */
export const LISTING_OFFSETS = {
  modelMint: market("LISTING_MODEL_MINT_OFFSET"),
  listingId: market("LISTING_LISTING_ID_OFFSET"),
  paymentMint: market("LISTING_PAYMENT_MINT_OFFSET"),
} as const;

/**
 * License: account_version u8, bump u8, mint, listing, model_mint, holder, kind u8,
 * status u8, transferable, derivative_rights, serial u64, created_at i64,
 * expires_at i64, ..., total_paid u64, pending_payment u64.
 */
export const LICENSE_OFFSETS = {
  mint: market("LICENSE_MINT_OFFSET"),
  listing: market("LICENSE_LISTING_OFFSET"),
  modelMint: market("LICENSE_MODEL_MINT_OFFSET"),
  holder: market("LICENSE_HOLDER_OFFSET"),
  kind: market("LICENSE_KIND_OFFSET"),
  status: market("LICENSE_STATUS_OFFSET"),
  transferable: market("LICENSE_TRANSFERABLE_OFFSET"),
  derivativeRights: market("LICENSE_DERIVATIVE_RIGHTS_OFFSET"),
  serial: market("LICENSE_SERIAL_OFFSET"),
  createdAt: market("LICENSE_CREATED_AT_OFFSET"),
  expiresAt: market("LICENSE_EXPIRES_AT_OFFSET"),
  totalPaid: market("LICENSE_TOTAL_PAID_OFFSET"),
  pendingPayment: market("LICENSE_PENDING_PAYMENT_OFFSET"),
} as const;

/** Review: account_version u8, bump u8, license, model_mint, reviewer. */
export const REVIEW_OFFSETS = {
  license: market("REVIEW_LICENSE_OFFSET"),
  modelMint: market("REVIEW_MODEL_MINT_OFFSET"),
  reviewer: market("REVIEW_REVIEWER_OFFSET"),
} as const;

export type PricingKindName = "oneTime" | "subscription" | "payPerUse" | "revenueShare";
export const PRICING_KINDS: readonly PricingKindName[] = ["oneTime", "subscription", "payPerUse", "revenueShare"];

export interface Pricing {
  kind: PricingKindName;
  /** One-time: the price. Subscription: per period. Pay-per-use: per unit. Revenue share: minimum per period. */
  price: bigint;
  /** Subscription / revenue share: the period. Pay-per-use: the usage cap's period (0: the license's life). */
  periodSecs: bigint;
  /** Units the meter may record per period; 0 for no cap. */
  usageCap: bigint;
  revenueShareBps: number;
  computeShareBps: number;
}

export interface ListingAccount {
  address: PublicKey;
  modelMint: PublicKey;
  listingId: bigint;
  paymentMint: PublicKey;
  paymentTokenProgram: PublicKey;
  pricing: Pricing;
  supplyCap: bigint;
  sold: bigint;
  issued: bigint;
  refundWindowSecs: bigint;
  transferable: boolean;
  resaleRoyaltyBps: number;
  derivativeRights: boolean;
  /** The meter of licenses sold from now on (each license keeps its own). */
  meterAuthority: PublicKey;
  active: boolean;
  closed: boolean;
  createdAt: number;
  updatedAt: number;
  uri: string;
  /** The node paid the compute share of licenses sold from now on; PublicKey.default for none. */
  computeNode: PublicKey;
  terms: LicenseTermsParams;
  /** Pay-per-use: free units per new wallet, and the owner's budget paying them. */
  trialUnits: bigint;
  trialBudget: bigint;
  /** License accounts of the listing that exist (a closed listing at 0 can be reclaimed). */
  openLicenses: bigint;
  /** Pay-per-use: the volume discounts in use (up to two), copied into each license sold. */
  volumeTiers: VolumeTierParams[];
}

export type LicenseStatusName = "active" | "revoked";

export interface LicenseAccount {
  address: PublicKey;
  /** The license NFT mint. */
  mint: PublicKey;
  listing: PublicKey;
  modelMint: PublicKey;
  holder: PublicKey;
  kind: PricingKindName;
  status: LicenseStatusName;
  transferable: boolean;
  derivativeRights: boolean;
  serial: bigint;
  createdAt: number;
  /** End of the paid time; 0 for a license that never expires. */
  expiresAt: number;
  lockedPrice: bigint;
  revenueShareBps: number;
  usageCap: bigint;
  usagePeriodSecs: bigint;
  usagePeriodStart: number;
  usedInPeriod: bigint;
  totalUnits: bigint;
  lastUsageSequence: bigint;
  credits: bigint;
  revenueReported: bigint;
  totalPaid: bigint;
  pendingPayment: bigint;
  pendingFee: bigint;
  refundableUntil: number;
  disputed: boolean;
  /** 0 when not offered for resale. */
  resalePrice: bigint;
  /** The only key that records this license's usage: the listing's meter when it was sold. */
  meterAuthority: PublicKey;
  /** The only wallet paid the compute share of its usage (fixed when sold); PublicKey.default for none. */
  computeNode: PublicKey;
  terms: LicenseTermsParams;
  /** Trial units' worth of credits, spent before `credits`, never withdrawn. */
  trialCredits: bigint;
  /** Subscription: what its last paid period cost. */
  periodPrice: bigint;
  /** Under terms that need it: the model's owner approved the holder's derivative. */
  derivativeApproved: boolean;
  /** Pay-per-use: the volume discounts it was sold with. */
  volumeTiers: VolumeTierParams[];
}

export interface ReviewAccount {
  address: PublicKey;
  license: PublicKey;
  modelMint: PublicKey;
  reviewer: PublicKey;
  rating: number;
  uri: string;
  createdAt: number;
}

/** A license's or listing's terms as the SDK shows them (from the program's `LicenseTerms`). */
export function termsFromRaw(raw: RawListing["terms"]): LicenseTermsParams {
  return licenseTerms(decode("licenseTerms", raw));
}

/** The territories in use: the program keeps unused ones zeroed. */
function licenseTerms(terms: IdlDecoded<LicenseMarket, "licenseTerms">): LicenseTermsParams {
  const territories = terms.territories.filter((code) => code[0] !== 0).map((code) => Buffer.from(code).toString("ascii"));
  return exactly<LicenseTermsParams>()({ ...terms, territories });
}

/** The volume tiers in use: the program keeps unused ones zeroed, after the used ones. */
const usedTiers = (tiers: VolumeTierParams[]) => tiers.filter((tier) => tier.fromUnits > 0n);

/** The name of an Anchor-decoded enum value (exported for decoders of return data). */
export const enumName = (value: object): string => Object.keys(value)[0];

type RawListing = Awaited<ReturnType<HexClient["market"]["account"]["listing"]["fetch"]>>;
type RawLicense = Awaited<ReturnType<HexClient["market"]["account"]["license"]["fetch"]>>;
type RawReview = Awaited<ReturnType<HexClient["market"]["account"]["review"]["fetch"]>>;

export function toListingAccount(address: PublicKey, raw: RawListing): ListingAccount {
  // openLicenses and the volume tiers in use come last, in the order the SDK has always given them.
  const { openLicenses, ...listing } = decode("listing", raw, ["createdAt", "updatedAt"]);
  const { volumeTiers, ...pricing } = listing.pricing;
  return exactly<ListingAccount>()({
    address,
    ...listing,
    pricing,
    terms: licenseTerms(listing.terms),
    openLicenses,
    volumeTiers: usedTiers(volumeTiers),
  });
}

export function toLicenseAccount(address: PublicKey, raw: RawLicense): LicenseAccount {
  const numbers = ["createdAt", "expiresAt", "usagePeriodStart", "refundableUntil"] as const;
  const { volumeTiers, derivativeApproved, ...license } = decode("license", raw, numbers);
  // derivativeApproved and the volume tiers in use come last, in the order the SDK has always given them.
  return exactly<LicenseAccount>()({ address, ...license, terms: licenseTerms(license.terms), derivativeApproved, volumeTiers: usedTiers(volumeTiers) });
}

function toReviewAccount(address: PublicKey, raw: RawReview): ReviewAccount {
  return exactly<ReviewAccount>()({ address, ...decode("review", raw, ["createdAt"]) });
}

/** Decodes a listing from raw account data (no RPC). */
export function decodeListing(client: HexClient, address: PublicKey, info: AccountInfo<Buffer>): ListingAccount {
  return toListingAccount(address, client.market.coder.accounts.decode("listing", info.data));
}

/** Decodes a license from raw account data (no RPC). */
export function decodeLicense(client: HexClient, address: PublicKey, info: AccountInfo<Buffer>): LicenseAccount {
  return toLicenseAccount(address, client.market.coder.accounts.decode("license", info.data));
}

/**
 * The listing at `address`, or (given a model mint and a listing id) the
 * model's listing with that id; null if none (one RPC round trip).
 */
export async function fetchListing(client: HexClient, address: PublicKey): Promise<ListingAccount | null>;
export async function fetchListing(client: HexClient, modelMint: PublicKey, listingId: bigint): Promise<ListingAccount | null>;
export async function fetchListing(client: HexClient, key: PublicKey, listingId?: bigint): Promise<ListingAccount | null> {
  const address = listingId === undefined ? key : listingPda(key, listingId, client.market.programId);
  const raw = await client.market.account.listing.fetchNullable(address, "confirmed");
  return raw ? toListingAccount(address, raw) : null;
}

/** Every listing of a model, closed ones included, by listing id (one getProgramAccounts). */
export async function listingsByModel(client: HexClient, modelMint: PublicKey): Promise<ListingAccount[]> {
  const accounts = await client.market.account.listing.all([
    { memcmp: { offset: LISTING_OFFSETS.modelMint, bytes: modelMint.toBase58() } },
  ]);
  return accounts
    .map(({ publicKey, account }) => toListingAccount(publicKey, account))
    .sort((a, b) => (a.listingId < b.listingId ? -1 : a.listingId > b.listingId ? 1 : 0));
}

/**
 * The license at `address` (the License PDA; pass `{ mint }` for a license
 * NFT mint), or null if there is none: never issued, or refunded and closed
 * (one RPC round trip).
 */
export async function fetchLicense(client: HexClient, license: PublicKey | { mint: PublicKey }): Promise<LicenseAccount | null> {
  const address = license instanceof PublicKey ? license : licensePda(license.mint, client.market.programId);
  const raw = await client.market.account.license.fetchNullable(address, "confirmed");
  return raw ? toLicenseAccount(address, raw) : null;
}

/** Every license `holder` holds, by model then serial (one getProgramAccounts). */
export async function licensesByHolder(client: HexClient, holder: PublicKey): Promise<LicenseAccount[]> {
  const accounts = await client.market.account.license.all([
    { memcmp: { offset: LICENSE_OFFSETS.holder, bytes: holder.toBase58() } },
  ]);
  return accounts
    .map(({ publicKey, account }) => toLicenseAccount(publicKey, account))
    .sort((a, b) => a.modelMint.toBase58().localeCompare(b.modelMint.toBase58()) || Number(a.serial - b.serial));
}

/** The review written under `license` (a License address), or null (one RPC round trip). */
export async function fetchReview(client: HexClient, license: PublicKey): Promise<ReviewAccount | null> {
  const address = reviewPda(license, client.market.programId);
  const raw = await client.market.account.review.fetchNullable(address, "confirmed");
  return raw && raw.rating > 0 ? toReviewAccount(address, raw) : null;
}
