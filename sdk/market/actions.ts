// High-level license_market flows. Each says how many RPC reads it makes
// before sending (every read is one getMultipleAccounts round trip) and how
// many transactions it sends (sending one is a blockhash fetch, the send and
// the confirmation). Payments first sync the vault's split when the model's
// contributors changed; in the rare case where that sync (paying many
// replaced contributors) does not fit beside the payment under 1232 bytes,
// it is sent first, in transactions of its own. Bad input throws a MarketInputError before
// anything is sent; rules that depend on chain state (price changes, supply,
// replayed usage, refund windows, ...) are left to the program, whose errors
// arrive as AnchorErrors carrying the error's name.
import { Keypair, PublicKey, TransactionMessage, TransactionSignature, VersionedTransaction } from "@solana/web3.js";
import { createAssociatedTokenAccountIdempotentInstruction } from "@solana/spl-token";
import { Buffer } from "buffer";
import { HexClient } from "../core/programs";
import { sendInstructions } from "../core/tx";
import { paymentTokenAddress } from "../core/accounts";
import { BPS_DENOMINATOR, shareOf } from "../core/math";
import { configPda, modelPda } from "../registry/pda";
import { vaultPda } from "../escrow/pda";
import { licensePda, listingPda } from "./pda";
import { MAX_COMPUTE_SHARE_BPS, MAX_RESALE_ROYALTY_BPS, MAX_URI_LEN } from "./constants";
import {
  getAccounts,
  LicenseInput,
  licenseAndListing,
  ListingInput,
  loadPayment,
  MarketInputError,
  PreparedTransaction,
  RawConfig,
  RawModel,
  ref,
  requireFunds,
  requireHolder,
  requireU64,
  resolveLicense,
  resolveListing,
  sendWithSetup,
} from "./support";
import {
  enumName,
  fetchLicense,
  LicenseAccount,
  ListingAccount,
  PricingKindName,
  PRICING_KINDS,
  termsFromRaw,
} from "./accounts";
import {
  buyLicenseInstruction,
  buyResoldLicenseInstruction,
  closeListingInstruction,
  createListingInstruction,
  depositCreditsInstruction,
  LicenseTermsParams,
  ListingChanges,
  ListingParams,
  listLicenseForResaleInstruction,
  openDisputeInstruction,
  PricingParams,
  recordUsageInstruction,
  MAX_TERRITORIES,
  defaultTerms,
  STANDARD_TERMS,
  VOLUME_TIERS,
  refundLicenseInstruction,
  renewLicenseInstruction,
  reportRevenueInstruction,
  resolveDisputeInstruction,
  reviewModelInstruction,
  settlePurchaseInstruction,
  updateListingInstruction,
  verifyLicenseInstruction,
  withdrawCreditsInstruction,
} from "./instructions";

export { MarketInputError };
export type { LicenseInput, ListingInput, PreparedTransaction };

const I64_MAX = (1n << 63n) - 1n;

function requireSeconds(name: string, value: bigint | number) {
  const seconds = BigInt(value);
  if (seconds < 0n || seconds > I64_MAX) throw new MarketInputError(`${name} must be zero or more seconds, got ${value}`);
  return seconds;
}

function requireBps(name: string, value: number, max: number, min = 0) {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new MarketInputError(`${name} must be a whole number of bps from ${min} to ${max}, got ${value}`);
  }
}

function requireUri(uri: string) {
  const bytes = Buffer.byteLength(uri, "utf8");
  if (bytes === 0 || bytes > MAX_URI_LEN) throw new MarketInputError(`the URI must be 1-${MAX_URI_LEN} bytes, got ${bytes}`);
}

/**
 * The checks of the program's Pricing::validate, with the SDK's messages. A
 * price of 0 is a free license: one-time, under `terms` that are
 * non-commercial and grant no derivatives.
 */
export function validatePricing(pricing: PricingParams, terms: LicenseTermsParams = STANDARD_TERMS): void {
  if (!PRICING_KINDS.includes(pricing.kind)) throw new MarketInputError(`unknown pricing kind ${String(pricing.kind)}`);
  const free = pricing.kind === "oneTime" && pricing.price === 0n;
  if (free && (terms.commercialUse || terms.derivatives !== "none")) {
    throw new MarketInputError("the price must be positive, unless the license is free: one-time, non-commercial terms, no derivatives");
  }
  requireU64("the price", pricing.price, { positive: !free });
  const period = requireSeconds("the period", pricing.periodSecs ?? 0);
  const periodic = pricing.kind === "subscription" || pricing.kind === "revenueShare";
  if (periodic && period === 0n) throw new MarketInputError(`a ${pricing.kind} listing needs a period longer than zero seconds`);
  if (pricing.kind === "revenueShare") requireBps("the revenue share", pricing.revenueShareBps ?? 0, Number(BPS_DENOMINATOR), 1);
  else if ((pricing.revenueShareBps ?? 0) !== 0) throw new MarketInputError("only revenue-share listings have a revenue share");
  if (pricing.kind === "payPerUse") requireBps("the compute share", pricing.computeShareBps ?? 0, MAX_COMPUTE_SHARE_BPS);
  else if ((pricing.computeShareBps ?? 0) !== 0) throw new MarketInputError("only pay-per-use listings pay a compute share");
  requireU64("the usage cap", pricing.usageCap ?? 0n, { positive: false });
  const metered = pricing.kind === "subscription" || pricing.kind === "payPerUse";
  if ((pricing.usageCap ?? 0n) !== 0n && !metered) throw new MarketInputError("only subscription and pay-per-use listings can cap usage");
  validateVolumeTiers(pricing);
}

/** Up to two tiers on pay-per-use, each from more units than the last at a lower, non-zero unit price. */
function validateVolumeTiers(pricing: PricingParams) {
  const tiers = pricing.volumeTiers ?? [];
  if (tiers.length === 0) return;
  if (pricing.kind !== "payPerUse") throw new MarketInputError("only pay-per-use listings have volume tiers");
  if (tiers.length > VOLUME_TIERS) throw new MarketInputError(`at most ${VOLUME_TIERS} volume tiers, got ${tiers.length}`);
  let previous = { fromUnits: 0n, unitPrice: pricing.price };
  for (const tier of tiers) {
    requireU64("a volume tier's first unit", tier.fromUnits, { positive: true });
    requireU64("a volume tier's unit price", tier.unitPrice, { positive: true });
    if (tier.fromUnits <= previous.fromUnits || tier.unitPrice >= previous.unitPrice) {
      throw new MarketInputError(
        `volume tier from unit ${tier.fromUnits} at ${tier.unitPrice}: each tier starts after the last (${previous.fromUnits}) at a lower price (below ${previous.unitPrice})`
      );
    }
    previous = tier;
  }
}

/** The checks of the program's LicenseTerms::validate, with the SDK's messages. */
export function validateTerms(terms: LicenseTermsParams, pricing: PricingParams, derivativeRights: boolean): void {
  const { territories, territoryScope } = terms;
  if (territories.length > MAX_TERRITORIES) throw new MarketInputError(`at most ${MAX_TERRITORIES} territories, got ${territories.length}`);
  const bad = territories.find((code) => !/^[A-Z]{2}$/.test(code));
  if (bad !== undefined) throw new MarketInputError(`bad territory "${bad}": give ISO 3166-1 alpha-2 codes in capitals, such as US`);
  if ((territoryScope === "worldwide") !== (territories.length === 0)) {
    throw new MarketInputError(territoryScope === "worldwide" ? "worldwide terms name no territories" : `"${territoryScope}" terms name at least one territory`);
  }
  if (derivativeRights !== (terms.derivatives !== "none")) {
    throw new MarketInputError(`the terms' derivatives (${terms.derivatives}) must agree with the listing's derivative rights (${derivativeRights ? "granted" : "none"})`);
  }
  if (terms.reciprocal && !derivativeRights) throw new MarketInputError("reciprocal terms need derivative rights");
  requireU64("the revenue-share cap", terms.revenueShareCap, { positive: false });
  if (terms.revenueShareCap > 0n && (pricing.kind !== "revenueShare" || terms.revenueShareCap < pricing.price)) {
    throw new MarketInputError("a revenue-share cap belongs to a revenue-share listing and cannot be below its minimum per period");
  }
  if (!Number.isInteger(terms.seats) || terms.seats < 0 || terms.seats > 0xffff_ffff) throw new MarketInputError(`seats must be a whole number from 0, got ${terms.seats}`);
}

/** Pay-per-use licenses cost nothing to mint: a cap on them could be used up for free. */
function validateSupplyCap(supplyCap: bigint, kind: PricingKindName) {
  if (supplyCap > 0n && kind === "payPerUse") {
    throw new MarketInputError("pay-per-use licenses cost nothing to mint, so their listing cannot cap supply: leave the supply cap at 0");
  }
}

/** A listing with a compute share names the node it pays; one without names none. */
function validateComputeNode(computeNode: PublicKey, computeShareBps: number) {
  const named = !computeNode.equals(PublicKey.default);
  if (computeShareBps > 0 && !named) throw new MarketInputError("this listing pays a compute share: name its compute node (the node's wallet)");
  if (computeShareBps === 0 && named) throw new MarketInputError("only a listing with a compute share names a compute node");
}

function validateRefundWindow(window: bigint, kind: PricingKindName, maxWindow: bigint | null) {
  if (window > 0n && kind !== "oneTime" && kind !== "subscription") {
    throw new MarketInputError(`only one-time and subscription listings have a refund window, not ${kind}`);
  }
  if (maxWindow !== null && window > maxWindow) {
    throw new MarketInputError(`the refund window (${window}s) is longer than the platform's maximum (${maxWindow}s)`);
  }
}

// ---------------------------------------------------------------- listings

export interface CreateListingParams extends Omit<ListingParams, "listingId" | "meterAuthority"> {
  /** Defaults to a random id. */
  listingId?: bigint;
  /** Defaults to the owner's wallet. */
  meterAuthority?: PublicKey;
}

export interface CreatedListing {
  signature: TransactionSignature;
  listing: PublicKey;
  listingId: bigint;
}

/**
 * Opens a listing of a model the client's wallet owns, paid in
 * `paymentMint` (the model needs a vault for it: see createVault). One
 * read (payment mint, model, vault, config), one transaction.
 */
export async function createListing(client: HexClient, modelMint: PublicKey, paymentMint: PublicKey, params: CreateListingParams): Promise<CreatedListing> {
  const terms = params.terms ?? defaultTerms(params.derivativeRights ?? false);
  validatePricing(params.pricing, terms);
  validateTerms(terms, params.pricing, params.derivativeRights ?? false);
  requireU64("the trial units", params.trialUnits ?? 0n, { positive: false });
  if ((params.trialUnits ?? 0n) > 0n && params.pricing.kind !== "payPerUse") throw new MarketInputError("only pay-per-use listings offer trial units");
  const refundWindow = requireSeconds("the refund window", params.refundWindowSecs ?? 0);
  validateRefundWindow(refundWindow, params.pricing.kind, null);
  requireBps("the resale royalty", params.resaleRoyaltyBps ?? 0, MAX_RESALE_ROYALTY_BPS);
  requireU64("the supply cap", params.supplyCap ?? 0n, { positive: false });
  validateSupplyCap(params.supplyCap ?? 0n, params.pricing.kind);
  validateComputeNode(params.computeNode ?? PublicKey.default, params.pricing.computeShareBps ?? 0);
  requireUri(params.uri);
  const listingId = params.listingId ?? BigInt.asUintN(64, BigInt(Math.floor(Math.random() * 2 ** 52)) * 4096n + BigInt(Date.now() % 4096));
  requireU64("the listing id", listingId, { positive: false });

  const vault = vaultPda(modelMint, paymentMint, client.escrow.programId);
  const [mintInfo, modelInfo, vaultInfo, configInfo] = await getAccounts(client, [
    paymentMint,
    modelPda(modelMint, client.registry.programId),
    vault,
    configPda(client.registry.programId),
  ]);
  if (!mintInfo) throw new MarketInputError(`payment mint ${paymentMint.toBase58()} not found`);
  if (!modelInfo) throw new MarketInputError(`no model is registered for mint ${modelMint.toBase58()}`);
  if (!vaultInfo) {
    throw new MarketInputError(`model ${modelMint.toBase58()} has no vault for mint ${paymentMint.toBase58()}: create it first (createVault)`);
  }
  if (!configInfo) throw new Error("the platform is not initialised");
  const config: RawConfig = client.registry.coder.accounts.decode("config", configInfo.data);
  validateRefundWindow(refundWindow, params.pricing.kind, BigInt(config.maxRefundWindowSecs.toString()));
  const model: RawModel = client.registry.coder.accounts.decode("model", modelInfo.data);
  const listing = listingPda(modelMint, listingId, client.market.programId);
  const instruction = await createListingInstruction(client, {
    ...params,
    listingId,
    meterAuthority: params.meterAuthority ?? client.wallet,
    owner: client.wallet,
    modelMint,
    creator: model.creator,
    paymentMint,
    paymentTokenProgram: mintInfo.owner,
    listing,
  });
  return { signature: await sendInstructions(client, [instruction]), listing, listingId };
}

/** Changes a listing of a model the client's wallet owns: one read (none if a ListingAccount is given), one transaction. */
export async function updateListing(client: HexClient, listing: ListingInput, changes: ListingChanges): Promise<TransactionSignature> {
  if (Object.values(changes).every((value) => value === undefined)) throw new MarketInputError("nothing to change");
  if (changes.price !== undefined) requireU64("the price", changes.price, { positive: true });
  if (changes.supplyCap !== undefined) requireU64("the supply cap", changes.supplyCap, { positive: false });
  if (changes.uri !== undefined) requireUri(changes.uri);
  const account = await resolveListing(client, listing);
  if (changes.supplyCap !== undefined) validateSupplyCap(changes.supplyCap, account.pricing.kind);
  if (changes.computeNode !== undefined) validateComputeNode(changes.computeNode, account.pricing.computeShareBps);
  if (changes.refundWindowSecs !== undefined) {
    validateRefundWindow(requireSeconds("the refund window", changes.refundWindowSecs), account.pricing.kind, null);
  }
  const instruction = await updateListingInstruction(client, { ...changes, owner: client.wallet, modelMint: account.modelMint, listing: account.address });
  return sendInstructions(client, [instruction]);
}

/** Stops a listing for good (its licenses stay valid): one read (none if a ListingAccount is given), one transaction. */
export async function closeListing(client: HexClient, listing: ListingInput): Promise<TransactionSignature> {
  const account = await resolveListing(client, listing);
  return sendInstructions(client, [await closeListingInstruction(client, { owner: client.wallet, modelMint: account.modelMint, listing: account.address })]);
}

// ---------------------------------------------------------------- purchases

export interface PreparedPurchase extends PreparedTransaction {
  /** The License account. */
  license: PublicKey;
  /** The license NFT mint. */
  mint: PublicKey;
}

export interface PurchasedLicense {
  signature: TransactionSignature;
  license: PublicKey;
  mint: PublicKey;
}

/**
 * The transaction of buyLicense, unsent: two reads (one if a ListingAccount
 * is given): the listing, then config, model, vault, the buyer's and the
 * treasury's token accounts.
 */
export async function prepareBuyLicense(
  client: HexClient,
  listing: ListingInput,
  expectedPrice: bigint,
  licenseMint: Keypair = Keypair.generate()
): Promise<PreparedPurchase> {
  requireU64("the expected price", expectedPrice, { positive: false });
  const account = await resolveListing(client, listing);
  if (expectedPrice === 0n && account.pricing.price !== 0n) {
    throw new MarketInputError("the expected price must be positive: only a free listing (price 0) is bought for 0");
  }
  const buyer = client.wallet;
  const buyerPayment = paymentTokenAddress(buyer, account.paymentMint, account.paymentTokenProgram);
  const { payout, prelude, extra } = await loadPayment(client, buyer, account, [buyerPayment]);
  const upfront = account.pricing.kind === "payPerUse" ? 0n : expectedPrice;
  if (upfront === 0n && !extra[0]) {
    // Nothing is paid, but the program still names the buyer's token account.
    prelude.push(createAssociatedTokenAccountIdempotentInstruction(buyer, buyerPayment, buyer, account.paymentMint, account.paymentTokenProgram));
  } else {
    requireFunds(buyer, account.paymentMint, account.paymentTokenProgram, extra[0], upfront);
  }
  const license = licensePda(licenseMint.publicKey, client.market.programId);
  const instruction = await buyLicenseInstruction(client, { ...payout, buyer, listing: account.address, licenseMint: licenseMint.publicKey, license, expectedPrice });
  return { instructions: [...prelude, instruction], signers: [licenseMint], setupCount: prelude.length, license, mint: licenseMint.publicKey };
}

/**
 * Buys a license at `expectedPrice`, the price the buyer agreed to (the
 * purchase fails with PriceMismatch if the listing's price changed). The
 * buyer's associated token account for the payment mint must exist and
 * hold the price (pay-per-use: nothing upfront). Returns the License
 * account and the license NFT mint. Two reads (one if a ListingAccount is
 * given), one transaction (which also creates the treasury's token account
 * if missing, and syncs the vault's split if the model's changed).
 */
export async function buyLicense(
  client: HexClient,
  listing: ListingInput,
  expectedPrice: bigint,
  licenseMint: Keypair = Keypair.generate()
): Promise<PurchasedLicense> {
  const prepared = await prepareBuyLicense(client, listing, expectedPrice, licenseMint);
  const signature = await sendWithSetup(client, prepared);
  return { signature, license: prepared.license, mint: prepared.mint };
}

/**
 * Renews a subscription the client's wallet holds for one period, at
 * `expectedPrice` (the listing's current price, which the holder confirms):
 * from the expiry if still valid, from now if it lapsed. Three reads (the
 * license, its listing, then config/model/vault/token accounts; fewer if
 * accounts are given), one transaction.
 */
export async function renewLicense(client: HexClient, license: LicenseInput, expectedPrice: bigint, listing?: ListingAccount): Promise<TransactionSignature> {
  requireU64("the expected price", expectedPrice, { positive: true });
  const accounts = await licenseAndListing(client, license, listing);
  if (accounts.license.kind !== "subscription") throw new MarketInputError(`only subscriptions renew; this license is ${accounts.license.kind}`);
  const holder = client.wallet;
  const { listing: list } = accounts;
  const { payout, prelude, extra } = await loadPayment(client, holder, list, [paymentTokenAddress(holder, list.paymentMint, list.paymentTokenProgram)]);
  requireFunds(holder, list.paymentMint, list.paymentTokenProgram, extra[0], expectedPrice);
  const instruction = await renewLicenseInstruction(client, { ...payout, holder, listing: list.address, license: ref(accounts.license), expectedPrice });
  return sendWithSetup(client, { instructions: [...prelude, instruction], signers: [], setupCount: prelude.length });
}

/**
 * A revenue-share licensee reports a period's revenue (base units, 0 or
 * more) and pays the license's share of it, or the minimum per period if
 * that is more. Three reads (fewer if accounts are given), one transaction.
 */
export async function reportRevenue(client: HexClient, license: LicenseInput, revenue: bigint, listing?: ListingAccount): Promise<TransactionSignature> {
  requireU64("the revenue", revenue, { positive: false });
  const accounts = await licenseAndListing(client, license, listing);
  if (accounts.license.kind !== "revenueShare") throw new MarketInputError(`only revenue-share licenses report revenue; this license is ${accounts.license.kind}`);
  const holder = client.wallet;
  const { listing: list } = accounts;
  const { payout, prelude, extra } = await loadPayment(client, holder, list, [paymentTokenAddress(holder, list.paymentMint, list.paymentTokenProgram)]);
  requireFunds(holder, list.paymentMint, list.paymentTokenProgram, extra[0], revenueSharePayment(accounts.license, revenue));
  const instruction = await reportRevenueInstruction(client, { ...payout, holder, listing: list.address, license: ref(accounts.license), revenue });
  return sendWithSetup(client, { instructions: [...prelude, instruction], signers: [], setupCount: prelude.length });
}

/** What report_revenue charges: floor(revenue x share / 10,000), at least the locked minimum. */
export function revenueSharePayment(license: Pick<LicenseAccount, "revenueShareBps" | "lockedPrice">, revenue: bigint): bigint {
  const share = shareOf(revenue, license.revenueShareBps);
  return share > license.lockedPrice ? share : license.lockedPrice;
}

// ---------------------------------------------------------------- pay-per-use

/**
 * Prepays `amount` base units of usage credits of a pay-per-use license the
 * client's wallet holds, from its associated token account (which must
 * hold them). Three reads (the license, its listing, the holder's token
 * account; one if the accounts are given), one transaction.
 */
export async function depositCredits(client: HexClient, license: LicenseInput, amount: bigint, listing?: ListingAccount): Promise<TransactionSignature> {
  requireU64("the amount", amount, { positive: true });
  const { license: account, listing: list } = await licenseAndListing(client, license, listing);
  if (account.kind !== "payPerUse") throw new MarketInputError(`only pay-per-use licenses hold credits; this license is ${account.kind}`);
  const holder = client.wallet;
  const [holderInfo] = await getAccounts(client, [paymentTokenAddress(holder, list.paymentMint, list.paymentTokenProgram)]);
  requireFunds(holder, list.paymentMint, list.paymentTokenProgram, holderInfo, amount);
  const { paymentMint, paymentTokenProgram } = list;
  const instruction = await depositCreditsInstruction(client, { holder, listing: list.address, license: account.address, paymentMint, paymentTokenProgram, amount });
  return sendInstructions(client, [instruction]);
}

/**
 * Takes unused credits back to the holder's token account: `amount`, or all
 * of them if omitted. Two reads (fewer if accounts are given), one transaction.
 */
export async function withdrawCredits(client: HexClient, license: LicenseInput, amount?: bigint, listing?: ListingAccount): Promise<TransactionSignature> {
  if (amount !== undefined) requireU64("the amount", amount, { positive: true });
  const accounts = await licenseAndListing(client, license, listing);
  const value = amount ?? accounts.license.credits;
  if (value === 0n) throw new MarketInputError("the license holds no credits to withdraw");
  const { listing: list } = accounts;
  const { paymentMint, paymentTokenProgram } = list;
  const credits = { holder: client.wallet, listing: list.address, license: accounts.license.address, paymentMint, paymentTokenProgram, amount: value };
  const instruction = await withdrawCreditsInstruction(client, credits);
  return sendInstructions(client, [instruction]);
}

export interface UsageRecord {
  /** Units used, > 0. */
  units: bigint;
  /** Greater than every sequence number recorded before on this license. */
  sequence: bigint;
  /**
   * The compute node's wallet, paid the listing's compute share into its
   * associated token account (created if missing). Defaults to the node
   * fixed into the license when it was sold, the only one the program pays.
   */
  node?: PublicKey;
}

/**
 * The transaction of recordUsage, unsent: three reads (the license, its
 * listing, then config/model/vault/node and treasury token accounts;
 * fewer if accounts are given).
 */
export async function prepareRecordUsage(client: HexClient, license: LicenseInput, record: UsageRecord, listing?: ListingAccount): Promise<PreparedTransaction> {
  requireU64("the units", record.units, { positive: true });
  requireU64("the sequence number", record.sequence, { positive: true });
  const accounts = await licenseAndListing(client, license, listing);
  const { listing: list } = accounts;
  const meter = client.wallet;
  const licenseNode = accounts.license.computeNode.equals(PublicKey.default) ? undefined : accounts.license.computeNode;
  const node = record.node ?? licenseNode;
  const nodePayment = node ? paymentTokenAddress(node, list.paymentMint, list.paymentTokenProgram) : null;
  const { payout, prelude, extra } = await loadPayment(client, meter, list, nodePayment ? [nodePayment] : []);
  if (node && nodePayment && !extra[0]) {
    prelude.push(createAssociatedTokenAccountIdempotentInstruction(meter, nodePayment, node, list.paymentMint, list.paymentTokenProgram));
  }
  const instruction = await recordUsageInstruction(client, {
    ...payout,
    meter,
    listing: list.address,
    license: accounts.license.address,
    nodePayment,
    units: record.units,
    sequence: record.sequence,
  });
  return { instructions: [...prelude, instruction], signers: [], setupCount: prelude.length };
}

/**
 * The license's meter (the client's wallet; the listing's meter when the
 * license was sold) records usage under a subscription or pay-per-use
 * license; pay-per-use usage is paid from the credits (fee to the treasury,
 * compute share to the license's node, the rest to the model's vault).
 * Three reads (fewer if accounts are given), one transaction.
 */
export async function recordUsage(client: HexClient, license: LicenseInput, record: UsageRecord, listing?: ListingAccount): Promise<TransactionSignature> {
  const prepared = await prepareRecordUsage(client, license, record, listing);
  return sendWithSetup(client, prepared);
}

// ---------------------------------------------------------------- refunds and disputes

/**
 * Inside the refund window, or once a dispute's deadline (14 days after the
 * window) passed without the arbiter deciding it, gives a license the
 * client's wallet holds back: the NFT is burned, its accounts closed, every
 * unit paid and the rent returned. Two reads (the license, its listing; fewer if accounts are
 * given), one transaction. Throws a MarketInputError if the client's wallet
 * is not the holder.
 */
export async function refundLicense(client: HexClient, license: LicenseInput, listing?: ListingAccount): Promise<TransactionSignature> {
  const accounts = await licenseAndListing(client, license, listing);
  requireHolder(client, accounts.license);
  // A subscription refunded inside its window pays the model for the time used.
  const { payout, prelude } = await loadPayment(client, client.wallet, accounts.listing);
  const instruction = await refundLicenseInstruction(client, { ...payout, holder: client.wallet, listing: accounts.listing.address, license: ref(accounts.license) });
  return sendWithSetup(client, { instructions: [...prelude, instruction], signers: [], setupCount: prelude.length });
}

/**
 * After the refund window, pays a purchase out of escrow (anyone may, the
 * client's wallet pays the fee). Three reads (fewer if accounts are given),
 * one transaction.
 */
export async function settlePurchase(client: HexClient, license: LicenseInput, listing?: ListingAccount): Promise<TransactionSignature> {
  const accounts = await licenseAndListing(client, license, listing);
  const { payout, prelude } = await loadPayment(client, client.wallet, accounts.listing);
  const instruction = await settlePurchaseInstruction(client, { ...payout, license: accounts.license.address, listing: accounts.listing.address });
  return sendWithSetup(client, { instructions: [...prelude, instruction], signers: [], setupCount: prelude.length });
}

/** The holder disputes a purchase inside its refund window: no read, one transaction. */
export async function openDispute(client: HexClient, license: LicenseInput): Promise<TransactionSignature> {
  const address = license instanceof PublicKey ? license : license.address;
  return sendInstructions(client, [await openDisputeInstruction(client, { holder: client.wallet, license: address })]);
}

/**
 * The platform authority (the client's wallet) decides an open dispute
 * before its deadline: refund the buyer (the license is revoked: burned and
 * closed, its rent back to the buyer) or settle the payment. Three reads
 * (fewer if accounts are given), one transaction.
 */
export async function resolveDispute(client: HexClient, license: LicenseInput, refundBuyer: boolean, listing?: ListingAccount): Promise<TransactionSignature> {
  if (typeof refundBuyer !== "boolean") throw new MarketInputError("refundBuyer must be true or false");
  const accounts = await licenseAndListing(client, license, listing);
  const { payout, prelude } = await loadPayment(client, client.wallet, accounts.listing);
  const instruction = await resolveDisputeInstruction(client, {
    ...payout,
    arbiter: client.wallet,
    listing: accounts.listing.address,
    license: ref(accounts.license),
    holder: accounts.license.holder,
    refundBuyer,
  });
  return sendWithSetup(client, { instructions: [...prelude, instruction], signers: [], setupCount: prelude.length });
}

// ---------------------------------------------------------------- resale

/**
 * Offers a transferable license the client's wallet holds for resale at
 * `price` base units, or withdraws the offer (price 0). One read (none if a
 * LicenseAccount is given), one transaction. Throws a MarketInputError if
 * the client's wallet is not the holder.
 */
export async function listLicenseForResale(client: HexClient, license: LicenseInput, price: bigint): Promise<TransactionSignature> {
  requireU64("the price", price, { positive: false });
  const account = await resolveLicense(client, license);
  requireHolder(client, account);
  return sendInstructions(client, [await listLicenseForResaleInstruction(client, { holder: client.wallet, license: ref(account), price })]);
}

/**
 * The transaction of buyResoldLicense, unsent: three reads (the license,
 * its listing, then config/model/vault and the buyer's, seller's and
 * treasury's token accounts; fewer if accounts are given).
 */
export async function prepareBuyResoldLicense(client: HexClient, license: LicenseInput, expectedPrice: bigint, listing?: ListingAccount): Promise<PreparedTransaction> {
  requireU64("the expected price", expectedPrice, { positive: true });
  const accounts = await licenseAndListing(client, license, listing);
  const { listing: list, license: account } = accounts;
  const buyer = client.wallet;
  const seller = account.holder;
  const sellerPayment = paymentTokenAddress(seller, list.paymentMint, list.paymentTokenProgram);
  const { payout, prelude, extra } = await loadPayment(client, buyer, list, [
    paymentTokenAddress(buyer, list.paymentMint, list.paymentTokenProgram),
    sellerPayment,
  ]);
  requireFunds(buyer, list.paymentMint, list.paymentTokenProgram, extra[0], expectedPrice);
  if (!extra[1]) {
    prelude.push(createAssociatedTokenAccountIdempotentInstruction(buyer, sellerPayment, seller, list.paymentMint, list.paymentTokenProgram));
  }
  const instruction = await buyResoldLicenseInstruction(client, { ...payout, buyer, seller, listing: list.address, license: ref(account), expectedPrice });
  return { instructions: [...prelude, instruction], signers: [], setupCount: prelude.length };
}

/**
 * Buys a license offered for resale at `expectedPrice` (fails with
 * PriceMismatch if the seller changed it): the platform's resale fee, the
 * model's resale royalty (into its vault), the rest to the seller. Three
 * reads (fewer if accounts are given), one transaction.
 */
export async function buyResoldLicense(client: HexClient, license: LicenseInput, expectedPrice: bigint, listing?: ListingAccount): Promise<TransactionSignature> {
  const prepared = await prepareBuyResoldLicense(client, license, expectedPrice, listing);
  return sendWithSetup(client, prepared);
}

// ---------------------------------------------------------------- verification and reviews

export type LicenseValidityName = "valid" | "expired" | "exhausted" | "revoked" | "notHolder" | "takenDown";
/** What verifyLicense answers: the program's LicenseValidity, or "missing" when no License account exists. */
export type VerifyResult = LicenseValidityName | "missing";

/** verify_license's full answer: the validity and the terms the license was sold under. */
export interface LicenseAnswer {
  validity: LicenseValidityName;
  terms: LicenseTermsParams;
}

/**
 * What verify_license answers about `license` for `holder` at `at` (unix
 * seconds; the chain's clock if omitted), or null when no License account
 * exists. Simulates the instruction (nothing signed or sent) and decodes its
 * return data with the market's IDL. One round trip when `license` names its
 * model (a LicenseAccount, or `{ address, modelMint }`), two otherwise (the
 * license is read first). A simulation still names a fee payer, which must
 * be an existing account with SOL: the client's wallet unless `payer` is
 * given (a gateway without funds passes the license's holder).
 */
export async function verifyLicenseAnswer(
  client: HexClient,
  license: PublicKey | { mint: PublicKey } | { address: PublicKey; modelMint: PublicKey },
  holder: PublicKey,
  at?: number | bigint,
  payer: PublicKey = client.wallet
): Promise<LicenseAnswer | null> {
  if (at !== undefined && (BigInt(at) < 0n || BigInt(at) > I64_MAX)) throw new MarketInputError(`at must be a unix time in seconds, got ${at}`);
  const known = !(license instanceof PublicKey) && "modelMint" in license ? license : await fetchLicense(client, license);
  if (!known) return null;
  const instruction = await verifyLicenseInstruction(client, { license: known.address, modelMint: known.modelMint, holder, at });
  const message = new TransactionMessage({
    payerKey: payer,
    recentBlockhash: PublicKey.default.toBase58(),
    instructions: [instruction],
  }).compileToV0Message();
  const { value } = await client.connection.simulateTransaction(new VersionedTransaction(message), {
    sigVerify: false,
    replaceRecentBlockhash: true,
    commitment: "confirmed",
  });
  if (value.err) {
    const custom = (value.err as { InstructionError?: [number, { Custom?: number }] }).InstructionError?.[1]?.Custom;
    if (custom === ACCOUNT_NOT_INITIALIZED) return null;
    throw new Error(`verify_license failed: ${JSON.stringify(value.err)}\n${(value.logs ?? []).join("\n")}`);
  }
  const returnData = value.returnData;
  if (!returnData || returnData.programId !== client.market.programId.toBase58()) {
    throw new Error("verify_license returned no data");
  }
  const raw = client.market.coder.types.decode("licenseAnswer", Buffer.from(returnData.data[0], "base64"));
  return { validity: enumName(raw.validity) as LicenseValidityName, terms: termsFromRaw(raw.terms) };
}

/** Anchor's AccountNotInitialized: the License account does not exist. */
const ACCOUNT_NOT_INITIALIZED = 3012;

/** Whether `license` is valid for `holder` at `at`: verifyLicenseAnswer's validity, or "missing". */
export async function verifyLicense(
  client: HexClient,
  license: PublicKey | { mint: PublicKey } | { address: PublicKey; modelMint: PublicKey },
  holder: PublicKey,
  at?: number | bigint,
  payer: PublicKey = client.wallet
): Promise<VerifyResult> {
  const answer = await verifyLicenseAnswer(client, license, holder, at, payer);
  return answer ? answer.validity : "missing";
}

/**
 * The client's wallet, holding `license`, reviews its model: a whole
 * rating from 1 to 5 and a URI of 1-200 bytes; one review per license. One
 * read (none if a LicenseAccount is given), one transaction.
 */
export async function reviewModel(client: HexClient, license: LicenseInput, rating: number, uri: string): Promise<TransactionSignature> {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new MarketInputError(`the rating must be a whole number from 1 to 5, got ${rating}`);
  requireUri(uri);
  const account = await resolveLicense(client, license);
  const instruction = await reviewModelInstruction(client, { reviewer: client.wallet, license: account.address, modelMint: account.modelMint, rating, uri });
  return sendInstructions(client, [instruction]);
}
