// One builder per license_market instruction, each taking one named
// object; a payment's accounts are given by spreading its PayoutKey
// (`{ ...payout, buyer, listing, ... }`). Builders compute every account
// address locally (all accounts are passed explicitly, so Anchor resolves
// nothing over RPC) and never send anything.
import { Buffer } from "buffer";
import { BN } from "@coral-xyz/anchor";
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import licenseMarketIdl from "../idl/license_market.json";
import { HexClient } from "../core/programs";
import { idlArrayLengths } from "../core/idl";
import { paymentTokenAddress } from "../core/accounts";
import { eventAuthorityPda } from "../core/events";
import { configPda, modelPda } from "../registry/pda";
import { modelOwnerAccounts } from "../registry/instructions";
import { familyPoolPda, poolTokensPda, vaultPda, vaultTokensPda } from "../escrow/pda";
import { creatorSalesPda, escrowTokensPda, licenseTokenAddress, marketAuthorityPda, reviewPda, trialClaimPda } from "./pda";
import type { PricingKindName } from "./accounts";

/** What a listing sells, in SDK types (see state/listing.rs `Pricing`). */
export interface PricingParams {
  kind: PricingKindName;
  /** Base units of the payment mint: the price, per period, per unit, or the minimum per period. */
  price: bigint;
  /** Subscription / revenue share: a period (> 0). Pay-per-use: the usage cap's period (0: the license's life). */
  periodSecs?: bigint | number;
  /** Units the meter may record per period (subscription and pay-per-use); 0 for no cap. */
  usageCap?: bigint;
  /** Revenue share: 1-10,000 bps of reported revenue. */
  revenueShareBps?: number;
  /** Pay-per-use: the compute node's share of each usage payment, at most 5,000 bps. */
  computeShareBps?: number;
  /** Pay-per-use: up to two volume discounts, each from a license's `fromUnits`-th unit on at `unitPrice`. */
  volumeTiers?: VolumeTierParams[];
}

/** A volume discount of pay-per-use (see state/listing.rs `VolumeTier`). */
export interface VolumeTierParams {
  fromUnits: bigint;
  unitPrice: bigint;
}

/** Where a license may be used (see state/terms.rs). */
export type TerritoryScopeName = "worldwide" | "only" | "except";
/** What a license lets its holder build on the model. */
export type DerivativePolicyName = "none" | "allowed" | "approvalRequired";

/** A listing's structured terms (see state/terms.rs `LicenseTerms`). */
export interface LicenseTermsParams {
  commercialUse: boolean;
  attributionRequired: boolean;
  derivatives: DerivativePolicyName;
  /** Derivatives must carry the same terms. */
  reciprocal: boolean;
  territoryScope: TerritoryScopeName;
  /** ISO 3166-1 alpha-2 codes in capitals, up to four; none for worldwide. */
  territories: string[];
  /** Revenue share: the most one period's payment can be (0n: no cap). */
  revenueShareCap: bigint;
  /** Seats or downloads for the gateway (0: unlimited). */
  seats: number;
}

/** Commercial use, attribution, no derivatives, worldwide: the program's `LicenseTerms::STANDARD`. */
export const STANDARD_TERMS: LicenseTermsParams = {
  commercialUse: true,
  attributionRequired: true,
  derivatives: "none",
  reciprocal: false,
  territoryScope: "worldwide",
  territories: [],
  revenueShareCap: 0n,
  seats: 0,
};

/** The standard terms, with derivatives allowed when the listing grants derivative rights. */
export function defaultTerms(derivativeRights: boolean): LicenseTermsParams {
  return { ...STANDARD_TERMS, derivatives: derivativeRights ? "allowed" : "none" };
}

/** The number of volume tiers and territories the program keeps (the IDL's array lengths). */
export const VOLUME_TIERS = idlArrayLengths(licenseMarketIdl, "Pricing", "volume_tiers")[0];
export const MAX_TERRITORIES = idlArrayLengths(licenseMarketIdl, "LicenseTerms", "territories")[0];

function termsArg(terms: LicenseTermsParams) {
  if (terms.territories.length > MAX_TERRITORIES) throw new Error(`at most ${MAX_TERRITORIES} territories, got ${terms.territories.length}`);
  const territories = Array.from({ length: MAX_TERRITORIES }, (_, index) => {
    const code = terms.territories[index];
    return code === undefined ? [0, 0] : Array.from(Buffer.from(code, "ascii"));
  });
  return {
    commercialUse: terms.commercialUse,
    attributionRequired: terms.attributionRequired,
    derivatives: { [terms.derivatives]: {} } as never,
    reciprocal: terms.reciprocal,
    territoryScope: { [terms.territoryScope]: {} } as never,
    territories,
    revenueShareCap: bn(terms.revenueShareCap),
    seats: terms.seats,
  };
}

export interface ListingParams {
  /** Any number the owner picks, unique per model. */
  listingId: bigint;
  pricing: PricingParams;
  /** Most licenses sold; 0 (default) for no cap. Pay-per-use licenses cost nothing to mint: their listings take no cap. */
  supplyCap?: bigint;
  /** One-time and subscription only; at most the platform's maximum. */
  refundWindowSecs?: bigint | number;
  transferable?: boolean;
  /** The model's share of each license resale, at most 5,000 bps. */
  resaleRoyaltyBps?: number;
  derivativeRights?: boolean;
  /** The key allowed to record usage (subscription, pay-per-use); fixed into each license sold. */
  meterAuthority: PublicKey;
  /** Pay-per-use with a compute share: the node's wallet paid the share, fixed into each license sold. None otherwise. */
  computeNode?: PublicKey;
  /** The license NFTs' metadata URI, 1-200 bytes. */
  uri: string;
  /** The structured terms; STANDARD_TERMS if omitted. Must agree with `derivativeRights`. */
  terms?: LicenseTermsParams;
  /** Pay-per-use: free units each new wallet may try, paid from the owner's trial budget. */
  trialUnits?: bigint;
}

/** Changes to a listing; omitted fields stay as they are. Licenses already sold keep their terms, meter and node included. */
export interface ListingChanges {
  price?: bigint;
  supplyCap?: bigint;
  refundWindowSecs?: bigint | number;
  meterAuthority?: PublicKey;
  computeNode?: PublicKey;
  /** false pauses sales, true resumes them. */
  active?: boolean;
  uri?: string;
  trialUnits?: bigint;
}

/** Where a license payment goes: the accounts of the program's `Payout`. */
export interface PayoutKey {
  modelMint: PublicKey;
  /** The root of the model's family (`Model.root`): its reward pool takes the trend share. */
  familyRoot: PublicKey;
  /** The model's creator: its CreatorSales account (fee tier) is keyed by it. */
  creator: PublicKey;
  paymentMint: PublicKey;
  paymentTokenProgram: PublicKey;
  /** The platform treasury wallet (its associated token account receives the fee). */
  treasury: PublicKey;
  /** A fork made under a license (`Model.derivativeLicense`): the license a sale of its licenses presents. */
  derivativeLicense?: PublicKey;
}

/** A license: its License PDA and its NFT mint. */
export interface LicenseRef {
  address: PublicKey;
  mint: PublicKey;
}

const bn = (value: bigint | number) => new BN(value.toString());

export function payoutAccounts(client: HexClient, key: PayoutKey) {
  const vault = vaultPda(key.modelMint, key.paymentMint, client.escrow.programId);
  const familyPool = familyPoolPda(key.familyRoot, key.paymentMint, client.escrow.programId);
  return {
    config: configPda(client.registry.programId),
    model: modelPda(key.modelMint, client.registry.programId),
    creatorSales: creatorSalesPda(key.creator, key.paymentMint, client.market.programId),
    paymentMint: key.paymentMint,
    treasuryPayment: paymentTokenAddress(key.treasury, key.paymentMint, key.paymentTokenProgram),
    vault,
    vaultTokens: vaultTokensPda(vault, client.escrow.programId),
    familyPool,
    poolTokens: poolTokensPda(familyPool, client.escrow.programId),
    marketAuthority: marketAuthorityPda(client.market.programId),
    paymentTokenProgram: key.paymentTokenProgram,
    escrowProgram: client.escrow.programId,
    escrowEventAuthority: eventAuthorityPda(client.escrow.programId),
  };
}

/** A listing and its model's owner (who holds the ownership NFT). */
export interface ListingOwnerParams {
  /** The model's owner (holds its ownership NFT). */
  owner: PublicKey;
  modelMint: PublicKey;
  listing: PublicKey;
}

function pricingArg(pricing: PricingParams) {
  return {
    kind: { [pricing.kind]: {} } as never,
    price: bn(pricing.price),
    periodSecs: bn(pricing.periodSecs ?? 0),
    usageCap: bn(pricing.usageCap ?? 0n),
    revenueShareBps: pricing.revenueShareBps ?? 0,
    computeShareBps: pricing.computeShareBps ?? 0,
    volumeTiers: Array.from({ length: VOLUME_TIERS }, (_, index) => {
      const tier = pricing.volumeTiers?.[index];
      return { fromUnits: bn(tier?.fromUnits ?? 0n), unitPrice: bn(tier?.unitPrice ?? 0n) };
    }),
  };
}

export interface CreateListingInstructionParams extends ListingParams, ListingOwnerParams {
  /** The model's creator (its CreatorSales account is opened for the payment mint). */
  creator: PublicKey;
  paymentMint: PublicKey;
  paymentTokenProgram: PublicKey;
}

/** The model's owner opens a listing paid in `paymentMint` (the model's vault for it must exist). */
export function createListingInstruction(client: HexClient, params: CreateListingInstructionParams): Promise<TransactionInstruction> {
  const { owner, modelMint, creator, paymentMint, paymentTokenProgram, listing } = params;
  return client.market.methods
    .createListing({
      listingId: bn(params.listingId),
      pricing: pricingArg(params.pricing),
      supplyCap: bn(params.supplyCap ?? 0n),
      refundWindowSecs: bn(params.refundWindowSecs ?? 0),
      transferable: params.transferable ?? false,
      resaleRoyaltyBps: params.resaleRoyaltyBps ?? 0,
      derivativeRights: params.derivativeRights ?? false,
      meterAuthority: params.meterAuthority,
      computeNode: params.computeNode ?? PublicKey.default,
      uri: params.uri,
      terms: termsArg(params.terms ?? defaultTerms(params.derivativeRights ?? false)),
      trialUnits: bn(params.trialUnits ?? 0n),
    })
    .accountsPartial({
      modelOwner: modelOwnerAccounts(client, owner, modelMint),
      config: configPda(client.registry.programId),
      listing,
      vault: vaultPda(modelMint, paymentMint, client.escrow.programId),
      paymentMint,
      escrowTokens: escrowTokensPda(paymentMint, client.market.programId),
      creatorSales: creatorSalesPda(creator, paymentMint, client.market.programId),
      marketAuthority: marketAuthorityPda(client.market.programId),
      paymentTokenProgram,
    })
    .instruction();
}

export interface UpdateListingParams extends ListingChanges, ListingOwnerParams {}

export function updateListingInstruction(client: HexClient, params: UpdateListingParams): Promise<TransactionInstruction> {
  const { owner, modelMint, listing, ...changes } = params;
  const option = <T, U>(value: T | undefined, map: (value: T) => U): U | null => (value === undefined ? null : map(value));
  return client.market.methods
    .updateListing({
      price: option(changes.price, bn),
      supplyCap: option(changes.supplyCap, bn),
      refundWindowSecs: option(changes.refundWindowSecs, bn),
      meterAuthority: changes.meterAuthority ?? null,
      computeNode: changes.computeNode ?? null,
      active: changes.active ?? null,
      uri: changes.uri ?? null,
      trialUnits: option(changes.trialUnits, bn),
    })
    .accountsPartial({
      modelOwner: modelOwnerAccounts(client, owner, modelMint),
      config: configPda(client.registry.programId),
      listing,
    })
    .instruction();
}

export function closeListingInstruction(client: HexClient, params: ListingOwnerParams): Promise<TransactionInstruction> {
  return client.market.methods
    .closeListing()
    .accountsPartial({ modelOwner: modelOwnerAccounts(client, params.owner, params.modelMint), listing: params.listing })
    .instruction();
}

export interface BuyLicenseParams extends PayoutKey {
  buyer: PublicKey;
  listing: PublicKey;
  /** A fresh keypair's address, which must sign the transaction. */
  licenseMint: PublicKey;
  /** The License PDA of `licenseMint`. */
  license: PublicKey;
  /** The listing's price as the buyer saw it (PriceMismatch otherwise). */
  expectedPrice: bigint;
}

/** Buys a license of `listing`. */
export function buyLicenseInstruction(client: HexClient, params: BuyLicenseParams): Promise<TransactionInstruction> {
  const { buyer, licenseMint } = params;
  return client.market.methods
    .buyLicense(bn(params.expectedPrice))
    .accountsPartial({
      buyer,
      listing: params.listing,
      license: params.license,
      licenseMint,
      buyerLicenseToken: licenseTokenAddress(buyer, licenseMint),
      buyerPayment: paymentTokenAddress(buyer, params.paymentMint, params.paymentTokenProgram),
      escrowTokens: escrowTokensPda(params.paymentMint, client.market.programId),
      payout: payoutAccounts(client, params),
      registryProgram: client.registry.programId,
      tokenProgram: TOKEN_2022_PROGRAM_ID,
      associatedTokenProgram: ASSOCIATED_TOKEN_PROGRAM_ID,
      derivativeLicense: params.derivativeLicense ?? null,
    })
    .instruction();
}

/** A payment under a license its holder makes: the program's `LicensePayment`. */
export interface LicensePaymentParams extends PayoutKey {
  holder: PublicKey;
  listing: PublicKey;
  license: LicenseRef;
}

function licensePaymentAccounts(client: HexClient, params: LicensePaymentParams) {
  const { holder, license } = params;
  return {
    holder,
    listing: params.listing,
    license: license.address,
    licenseMint: license.mint,
    holderPayment: paymentTokenAddress(holder, params.paymentMint, params.paymentTokenProgram),
    payout: payoutAccounts(client, params),
    tokenProgram: TOKEN_2022_PROGRAM_ID,
  };
}

export interface RenewLicenseParams extends LicensePaymentParams {
  /** The listing's current price, as the holder saw it. */
  expectedPrice: bigint;
}

/** Renews a subscription for one period at `expectedPrice`. */
export function renewLicenseInstruction(client: HexClient, params: RenewLicenseParams): Promise<TransactionInstruction> {
  return client.market.methods
    .renewLicense(bn(params.expectedPrice))
    .accountsPartial({ payment: licensePaymentAccounts(client, params) })
    .instruction();
}

export interface ReportRevenueParams extends LicensePaymentParams {
  /** The period's revenue, base units. */
  revenue: bigint;
}

/** Reports a period's revenue of a revenue-share license and pays its share (at least the minimum). */
export function reportRevenueInstruction(client: HexClient, params: ReportRevenueParams): Promise<TransactionInstruction> {
  return client.market.methods
    .reportRevenue(bn(params.revenue))
    .accountsPartial({ payment: licensePaymentAccounts(client, params) })
    .instruction();
}

/** Usage credits of a pay-per-use license, in or out: the program's `Credits`. */
export interface CreditsParams {
  holder: PublicKey;
  listing: PublicKey;
  /** The License account. */
  license: PublicKey;
  paymentMint: PublicKey;
  paymentTokenProgram: PublicKey;
  /** Base units. */
  amount: bigint;
}

/** The market's escrow in a payment mint (the program's `MarketEscrow`): its token account and the authority that owns it. */
function marketEscrowAccounts(client: HexClient, paymentMint: PublicKey, paymentTokenProgram: PublicKey) {
  return {
    paymentMint,
    escrowTokens: escrowTokensPda(paymentMint, client.market.programId),
    marketAuthority: marketAuthorityPda(client.market.programId),
    paymentTokenProgram,
  };
}

function creditsAccounts(client: HexClient, params: CreditsParams) {
  const { holder, paymentMint, paymentTokenProgram } = params;
  return {
    holder,
    listing: params.listing,
    license: params.license,
    escrow: marketEscrowAccounts(client, paymentMint, paymentTokenProgram),
    holderPayment: paymentTokenAddress(holder, paymentMint, paymentTokenProgram),
  };
}

export function depositCreditsInstruction(client: HexClient, params: CreditsParams): Promise<TransactionInstruction> {
  return client.market.methods
    .depositCredits(bn(params.amount))
    .accountsPartial({ credits: creditsAccounts(client, params), config: configPda(client.registry.programId) })
    .instruction();
}

export function withdrawCreditsInstruction(client: HexClient, params: CreditsParams): Promise<TransactionInstruction> {
  return client.market.methods
    .withdrawCredits(bn(params.amount))
    .accountsPartial({ credits: creditsAccounts(client, params) })
    .instruction();
}

export interface RecordUsageParams extends PayoutKey {
  /** The license's meter (fixed when it was sold). */
  meter: PublicKey;
  listing: PublicKey;
  /** The License account. */
  license: PublicKey;
  /** The token account of the license's compute node, for listings paying a compute share; null otherwise. */
  nodePayment: PublicKey | null;
  units: bigint;
  /** Greater than the last sequence number recorded on the license. */
  sequence: bigint;
}

/** The license's meter records `units` under `sequence`. */
export function recordUsageInstruction(client: HexClient, params: RecordUsageParams): Promise<TransactionInstruction> {
  return client.market.methods
    .recordUsage(bn(params.units), bn(params.sequence))
    .accountsPartial({
      meter: params.meter,
      listing: params.listing,
      license: params.license,
      escrowTokens: escrowTokensPda(params.paymentMint, client.market.programId),
      nodePayment: params.nodePayment,
      payout: payoutAccounts(client, params),
    })
    .instruction();
}

/** A pending purchase: its license, its holder, and where its payment goes. */
export interface PendingPurchaseParams extends PayoutKey {
  holder: PublicKey;
  listing: PublicKey;
  license: LicenseRef;
}

/** The accounts of a pending purchase that a refund pays back or closes (the program's `PendingPurchase`). */
function pendingPurchaseAccounts(client: HexClient, params: PendingPurchaseParams) {
  const { holder, license, paymentMint, paymentTokenProgram } = params;
  return {
    listing: params.listing,
    license: license.address,
    holder,
    licenseMint: license.mint,
    holderLicenseToken: licenseTokenAddress(holder, license.mint),
    escrow: marketEscrowAccounts(client, paymentMint, paymentTokenProgram),
    holderPayment: paymentTokenAddress(holder, paymentMint, paymentTokenProgram),
    registryProgram: client.registry.programId,
    tokenProgram: TOKEN_2022_PROGRAM_ID,
  };
}

/**
 * The holder refunds a purchase inside its refund window, or after an
 * undecided dispute's deadline: the NFT is burned, tokens and rent go back
 * to the holder.
 */
export function refundLicenseInstruction(client: HexClient, params: PendingPurchaseParams): Promise<TransactionInstruction> {
  return client.market.methods
    .refundLicense()
    .accountsPartial({ holder: params.holder, pending: pendingPurchaseAccounts(client, params), payout: payoutAccounts(client, params) })
    .instruction();
}

export interface SettlePurchaseParams extends PayoutKey {
  /** The License account. */
  license: PublicKey;
  listing: PublicKey;
}

/** Permissionless, after the refund window: pays a purchase out of escrow. */
export function settlePurchaseInstruction(client: HexClient, params: SettlePurchaseParams): Promise<TransactionInstruction> {
  return client.market.methods
    .settlePurchase()
    .accountsPartial({
      license: params.license,
      listing: params.listing,
      escrowTokens: escrowTokensPda(params.paymentMint, client.market.programId),
      payout: payoutAccounts(client, params),
    })
    .instruction();
}

export function openDisputeInstruction(client: HexClient, params: { holder: PublicKey; license: PublicKey }): Promise<TransactionInstruction> {
  return client.market.methods.openDispute().accountsPartial({ holder: params.holder, license: params.license }).instruction();
}

export interface ResolveDisputeParams extends PendingPurchaseParams {
  /** The platform authority. */
  arbiter: PublicKey;
  /** true refunds the holder (the license is revoked: burned and closed, its rent back to the holder); false settles. */
  refundBuyer: boolean;
}

/** The platform authority decides a dispute before its deadline. */
export function resolveDisputeInstruction(client: HexClient, params: ResolveDisputeParams): Promise<TransactionInstruction> {
  return client.market.methods
    .resolveDispute(params.refundBuyer)
    .accountsPartial({ arbiter: params.arbiter, pending: pendingPurchaseAccounts(client, params), payout: payoutAccounts(client, params) })
    .instruction();
}

export interface ListLicenseForResaleParams {
  holder: PublicKey;
  license: LicenseRef;
  /** Base units; 0 withdraws the offer. */
  price: bigint;
}

/** Offers a transferable license for resale at `price`, or withdraws the offer (price 0). */
export function listLicenseForResaleInstruction(client: HexClient, params: ListLicenseForResaleParams): Promise<TransactionInstruction> {
  const { holder, license } = params;
  return client.market.methods
    .listLicenseForResale(bn(params.price))
    .accountsPartial({
      holder,
      config: configPda(client.registry.programId),
      license: license.address,
      licenseMint: license.mint,
      holderLicenseToken: licenseTokenAddress(holder, license.mint),
      tokenProgram: TOKEN_2022_PROGRAM_ID,
    })
    .instruction();
}

export interface BuyResoldLicenseParams extends PayoutKey {
  buyer: PublicKey;
  /** The license's holder, who offered it. */
  seller: PublicKey;
  listing: PublicKey;
  license: LicenseRef;
  /** The resale price as the buyer saw it (PriceMismatch otherwise). */
  expectedPrice: bigint;
}

/** Buys a license offered for resale by `seller` at `expectedPrice`. */
export function buyResoldLicenseInstruction(client: HexClient, params: BuyResoldLicenseParams): Promise<TransactionInstruction> {
  const { buyer, seller, license, paymentMint, paymentTokenProgram } = params;
  return client.market.methods
    .buyResoldLicense(bn(params.expectedPrice))
    .accountsPartial({
      buyer,
      seller,
      listing: params.listing,
      license: license.address,
      licenseMint: license.mint,
      sellerLicenseToken: licenseTokenAddress(seller, license.mint),
      buyerLicenseToken: licenseTokenAddress(buyer, license.mint),
      buyerPayment: paymentTokenAddress(buyer, paymentMint, paymentTokenProgram),
      sellerPayment: paymentTokenAddress(seller, paymentMint, paymentTokenProgram),
      payout: payoutAccounts(client, params),
      tokenProgram: TOKEN_2022_PROGRAM_ID,
      associatedTokenProgram: ASSOCIATED_TOKEN_PROGRAM_ID,
    })
    .instruction();
}

export interface VerifyLicenseParams {
  /** The License account. */
  license: PublicKey;
  /** Its model. */
  modelMint: PublicKey;
  holder: PublicKey;
  /** Unix seconds; the chain's now if omitted. */
  at?: number | bigint;
}

/** Read-only: whether `license` is valid for `holder` at `at`, and its terms, as return data. */
export function verifyLicenseInstruction(client: HexClient, params: VerifyLicenseParams): Promise<TransactionInstruction> {
  return client.market.methods
    .verifyLicense(params.holder, params.at === undefined ? null : bn(params.at))
    .accountsPartial({ license: params.license, model: modelPda(params.modelMint, client.registry.programId) })
    .instruction();
}

export interface ReviewModelParams {
  /** The license's holder. */
  reviewer: PublicKey;
  /** The License account the review is written under. */
  license: PublicKey;
  modelMint: PublicKey;
  /** 1-5. */
  rating: number;
  uri: string;
}

/** The holder of `license` reviews its model: rating 1-5 and a URI. */
export function reviewModelInstruction(client: HexClient, params: ReviewModelParams): Promise<TransactionInstruction> {
  const { license } = params;
  return client.market.methods
    .reviewModel(params.rating, params.uri)
    .accountsPartial({
      reviewer: params.reviewer,
      license,
      model: modelPda(params.modelMint, client.registry.programId),
      review: reviewPda(license, client.market.programId),
      marketAuthority: marketAuthorityPda(client.market.programId),
      registryProgram: client.registry.programId,
    })
    .instruction();
}

// ---------------------------------------------------------------- a license's life after purchase
// Closing licenses, trials, tier changes, derivative approval, reclaiming
// listings, and API revenue.

export interface CloseLicenseParams {
  holder: PublicKey;
  license: LicenseRef;
  /** The license's listing (its open-license count goes down; unused trial credits go back to its budget). */
  listing: PublicKey;
}

/** The holder closes a license without credits or pending payment: NFT burned, every account's rent back to it. */
export function closeLicenseInstruction(client: HexClient, params: CloseLicenseParams): Promise<TransactionInstruction> {
  return client.market.methods
    .closeLicense()
    .accountsPartial({
      holder: params.holder,
      license: params.license.address,
      listing: params.listing,
      licenseMint: params.license.mint,
      holderLicenseToken: licenseTokenAddress(params.holder, params.license.mint),
      tokenProgram: TOKEN_2022_PROGRAM_ID,
    })
    .instruction();
}

/** The model's owner takes back the rent of a closed listing none of whose licenses exists any more. */
export function reclaimListingInstruction(client: HexClient, params: ListingOwnerParams): Promise<TransactionInstruction> {
  return client.market.methods
    .reclaimListing()
    .accountsPartial({ modelOwner: modelOwnerAccounts(client, params.owner, params.modelMint), listing: params.listing })
    .instruction();
}

export interface TrialBudgetParams extends ListingOwnerParams {
  paymentMint: PublicKey;
  paymentTokenProgram: PublicKey;
  /** Base units of the payment mint, > 0. */
  amount: bigint;
}

function trialBudgetAccounts(client: HexClient, params: TrialBudgetParams) {
  return {
    modelOwner: modelOwnerAccounts(client, params.owner, params.modelMint),
    listing: params.listing,
    escrow: marketEscrowAccounts(client, params.paymentMint, params.paymentTokenProgram),
    ownerPayment: paymentTokenAddress(params.owner, params.paymentMint, params.paymentTokenProgram),
  };
}

/** The model's owner adds `amount` to a listing's trial budget, from its associated token account. */
export function fundTrialsInstruction(client: HexClient, params: TrialBudgetParams): Promise<TransactionInstruction> {
  return client.market.methods.fundTrials(bn(params.amount)).accountsPartial(trialBudgetAccounts(client, params)).instruction();
}

/** The model's owner takes `amount` of the unused trial budget back to its associated token account. */
export function withdrawTrialBudgetInstruction(client: HexClient, params: TrialBudgetParams): Promise<TransactionInstruction> {
  return client.market.methods.withdrawTrialBudget(bn(params.amount)).accountsPartial(trialBudgetAccounts(client, params)).instruction();
}

export interface ClaimTrialParams {
  holder: PublicKey;
  listing: PublicKey;
  /** The holder's pay-per-use License account of `listing`. */
  license: PublicKey;
}

/** The holder takes the listing's trial as credits on its license (once per wallet and listing). */
export function claimTrialInstruction(client: HexClient, params: ClaimTrialParams): Promise<TransactionInstruction> {
  return client.market.methods
    .claimTrial()
    .accountsPartial({
      holder: params.holder,
      listing: params.listing,
      license: params.license,
      trialClaim: trialClaimPda(params.listing, params.holder, client.market.programId),
    })
    .instruction();
}

export interface ApproveDerivativeParams {
  /** The model's owner. */
  owner: PublicKey;
  modelMint: PublicKey;
  /** A license under terms whose derivatives need approval. */
  license: PublicKey;
  /** false withdraws an approval. */
  approved: boolean;
}

export function approveDerivativeInstruction(client: HexClient, params: ApproveDerivativeParams): Promise<TransactionInstruction> {
  return client.market.methods
    .approveDerivative(params.approved)
    .accountsPartial({ modelOwner: modelOwnerAccounts(client, params.owner, params.modelMint), license: params.license })
    .instruction();
}

export interface ChangeTierParams extends PayoutKey {
  holder: PublicKey;
  license: LicenseRef;
  /** The subscription's current listing. */
  fromListing: PublicKey;
  /** Another subscription listing of the same model and payment mint. */
  toListing: PublicKey;
  /** The new listing's price, as the holder saw it (PriceMismatch otherwise). */
  expectedPrice: bigint;
}

/** Moves a subscription to another tier: the paid time left is credited against the new price. */
export function changeTierInstruction(client: HexClient, params: ChangeTierParams): Promise<TransactionInstruction> {
  return client.market.methods
    .changeTier(bn(params.expectedPrice))
    .accountsPartial({
      holder: params.holder,
      license: params.license.address,
      fromListing: params.fromListing,
      toListing: params.toListing,
      licenseMint: params.license.mint,
      holderPayment: paymentTokenAddress(params.holder, params.paymentMint, params.paymentTokenProgram),
      payout: payoutAccounts(client, params),
      tokenProgram: TOKEN_2022_PROGRAM_ID,
    })
    .instruction();
}

export interface DepositApiRevenueParams extends PayoutKey {
  /** Pays from its associated token account of the payment mint. */
  payer: PublicKey;
  /** Base units, > 0. */
  amount: bigint;
}

/** Anyone pays a model's off-chain API revenue: the platform's API fee to the treasury, the rest to the model. */
export function depositApiRevenueInstruction(client: HexClient, params: DepositApiRevenueParams): Promise<TransactionInstruction> {
  return client.market.methods
    .depositApiRevenue(bn(params.amount))
    .accountsPartial({
      payer: params.payer,
      payerPayment: paymentTokenAddress(params.payer, params.paymentMint, params.paymentTokenProgram),
      payout: payoutAccounts(client, params),
    })
    .instruction();
}
