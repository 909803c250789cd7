// One builder per model_registry instruction. Builders compute every
// account address locally and never send anything.
import { BN } from "@coral-xyz/anchor";
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID, getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { HexClient } from "../core/programs";
import { metaplexMasterEditionAddress, metaplexMetadataAddress } from "../core/metaplex";
import { configPda, modelPda, modelProfilePda, ownershipTokenAddress, saleAddress } from "./pda";
import { CategoryName, kindIndex, QualityTierName } from "./profile";

/** Platform fees, in basis points of each payment. */
export interface FeeSchedule {
  licenseFeeBps: number;
  primarySaleFeeBps: number;
  secondarySaleFeeBps: number;
  licenseResaleFeeBps: number;
}

/** A lower license fee once a creator's lifetime sales reach a threshold. */
export interface CreatorTier {
  /** Whole units of the payment mint. */
  minLifetimeSales: bigint;
  licenseFeeBps: number;
}

/** Family reward pools: see the royalty escrow's `FamilyPool`. */
export interface FamilySettings {
  /**
   * Largest trend share a family root may choose, in bps; 0 disables the
   * pools. Times 1.5 (the largest rating multiplier) it must stay below half
   * the lowest license fee (0.5 being the smallest multiplier), so wash
   * trading for points costs more in fees than it earns.
   */
  maxTrendShareBps: number;
  /** Length of a reward epoch, 60 s to 90 days; fixed into each pool when it is created. */
  epochSecs: number;
  /** What a keeper's `distribute` takes from each payout, at most 100 bps. */
  distributorFeeBps: number;
}

export interface PlatformSettings {
  treasury: PublicKey;
  fees: FeeSchedule;
  /** Hard caps, written once: fees can never be raised above them. */
  feeCaps: FeeSchedule;
  creatorTiers: [CreatorTier, CreatorTier, CreatorTier];
  maxForkRoyaltyBps: number;
  maxRefundWindowSecs: number;
  /** Lowest model sale price, in base units of the payment mint. */
  minModelSalePrice: bigint;
  family: FamilySettings;
}

export interface ModelParams {
  name: string;
  symbol: string;
  uri: string;
  /** sha256 of the weights artifact, 32 bytes. */
  contentHash: Uint8Array;
  openSource: boolean;
  /** Share of each child's revenue that flows to this model. */
  forkRoyaltyBps: number;
  /** The creator's royalty on every resale of the model (500-1000 bps). */
  creatorResaleRoyaltyBps: number;
}

/**
 * `programData` is the registry's ProgramData account when it is deployed
 * with the upgradeable loader (its upgrade authority must be `authority`),
 * null where it has none (the embedded chain's native builtins).
 */
export function initializeConfigInstruction(
  client: HexClient,
  authority: PublicKey,
  settings: PlatformSettings,
  programData: PublicKey | null
): Promise<TransactionInstruction> {
  return client.registry.methods
    .initializeConfig({
      treasury: settings.treasury,
      fees: settings.fees,
      feeCaps: settings.feeCaps,
      creatorTiers: tierArgs(settings.creatorTiers),
      maxForkRoyaltyBps: settings.maxForkRoyaltyBps,
      maxRefundWindowSecs: new BN(settings.maxRefundWindowSecs),
      minModelSalePrice: new BN(settings.minModelSalePrice.toString()),
      family: familyArg(settings.family),
    })
    .accountsPartial({
      authority,
      config: configPda(client.registry.programId),
      programData,
    })
    .instruction();
}

/** The platform authority and the config it acts on. */
function platformAuthorityAccounts(client: HexClient, authority: PublicKey) {
  return { authority, config: configPda(client.registry.programId) };
}

/** Settings to change; what is left out stays. The fee caps never change. */
export interface ConfigChanges {
  treasury?: PublicKey;
  fees?: FeeSchedule;
  creatorTiers?: [CreatorTier, CreatorTier, CreatorTier];
  maxForkRoyaltyBps?: number;
  maxRefundWindowSecs?: number;
  minModelSalePrice?: bigint;
  family?: FamilySettings;
  /** The key that sets models' quality tiers and attestations. */
  attester?: PublicKey;
}

const familyArg = (family: FamilySettings) => ({ ...family, epochSecs: new BN(family.epochSecs) });

const tierArgs = (tiers: CreatorTier[]) =>
  tiers.map((tier) => ({ minLifetimeSales: new BN(tier.minLifetimeSales.toString()), licenseFeeBps: tier.licenseFeeBps }));

/** The platform authority changes settings, under the caps written at initialisation. */
export function updateConfigInstruction(client: HexClient, authority: PublicKey, changes: ConfigChanges): Promise<TransactionInstruction> {
  const optional = <T, U>(value: T | undefined, convert: (value: T) => U) => (value === undefined ? null : convert(value));
  return client.registry.methods
    .updateConfig({
      treasury: changes.treasury ?? null,
      fees: changes.fees ?? null,
      creatorTiers: optional(changes.creatorTiers, tierArgs),
      maxForkRoyaltyBps: changes.maxForkRoyaltyBps ?? null,
      maxRefundWindowSecs: optional(changes.maxRefundWindowSecs, (secs) => new BN(secs)),
      minModelSalePrice: optional(changes.minModelSalePrice, (price) => new BN(price.toString())),
      family: optional(changes.family, familyArg),
      attester: changes.attester ?? null,
    })
    .accountsPartial({ platform: platformAuthorityAccounts(client, authority) })
    .instruction();
}

/** First step of an authority transfer; `PublicKey.default` withdraws a proposal. */
export function proposeAuthorityInstruction(client: HexClient, authority: PublicKey, newAuthority: PublicKey): Promise<TransactionInstruction> {
  return client.registry.methods
    .proposeAuthority(newAuthority)
    .accountsPartial({ platform: platformAuthorityAccounts(client, authority) })
    .instruction();
}

/** Second step: the proposed authority takes over. */
export function acceptAuthorityInstruction(client: HexClient, newAuthority: PublicKey): Promise<TransactionInstruction> {
  return client.registry.methods
    .acceptAuthority()
    .accountsPartial({ newAuthority, config: configPda(client.registry.programId) })
    .instruction();
}

export function setPausedInstruction(client: HexClient, authority: PublicKey, paused: boolean): Promise<TransactionInstruction> {
  return client.registry.methods
    .setPaused(paused)
    .accountsPartial({ platform: platformAuthorityAccounts(client, authority) })
    .instruction();
}

/** The platform authority takes a model down (no sales, no forks; earned revenue stays claimable) or restores it. */
export function setTakenDownInstruction(client: HexClient, authority: PublicKey, mint: PublicKey, takenDown: boolean): Promise<TransactionInstruction> {
  return client.registry.methods
    .setTakenDown(takenDown)
    .accountsPartial({ authority, config: configPda(client.registry.programId), model: modelPda(mint, client.registry.programId) })
    .instruction();
}

function modelArgs(params: ModelParams) {
  if (params.contentHash.length !== 32) {
    throw new Error(`contentHash must be 32 bytes (a sha256 digest), got ${params.contentHash.length}`);
  }
  return { ...params, contentHash: Array.from(params.contentHash) };
}

function newModelAccounts(client: HexClient, creator: PublicKey, mint: PublicKey) {
  return {
    creator,
    config: configPda(client.registry.programId),
    model: modelPda(mint, client.registry.programId),
    mint,
    ownershipToken: ownershipTokenAddress(creator, mint),
    tokenProgram: TOKEN_2022_PROGRAM_ID,
    associatedTokenProgram: ASSOCIATED_TOKEN_PROGRAM_ID,
  };
}

export function registerModelInstruction(
  client: HexClient,
  creator: PublicKey,
  mint: PublicKey,
  params: ModelParams
): Promise<TransactionInstruction> {
  return client.registry.methods
    .registerModel(modelArgs(params))
    .accountsPartial({ newModel: newModelAccounts(client, creator, mint) })
    .instruction();
}

/** Forks the model whose ownership NFT is `parentMint` into a new model. */
export function forkModelInstruction(
  client: HexClient,
  creator: PublicKey,
  mint: PublicKey,
  parentMint: PublicKey,
  params: ModelParams,
  derivativeLicense: PublicKey | null = null
): Promise<TransactionInstruction> {
  return client.registry.methods
    .forkModel(modelArgs(params))
    .accountsPartial({
      newModel: newModelAccounts(client, creator, mint),
      parentModel: modelPda(parentMint, client.registry.programId),
      derivativeLicense,
    })
    .instruction();
}

function modelOwnerAccounts(client: HexClient, owner: PublicKey, mint: PublicKey) {
  return { owner, ownershipToken: ownershipTokenAddress(owner, mint), model: modelPda(mint, client.registry.programId) };
}

export interface ContributorShare {
  wallet: PublicKey;
  shareBps: number;
}

/**
 * Names a model's contributors. `coSigners` are current contributors whose
 * share shrinks or vanishes: they must sign the transaction too.
 */
export function setContributorsInstruction(
  client: HexClient,
  owner: PublicKey,
  mint: PublicKey,
  contributors: ContributorShare[],
  coSigners: PublicKey[] = []
): Promise<TransactionInstruction> {
  return client.registry.methods
    .setContributors(contributors)
    .accountsPartial({ modelOwner: modelOwnerAccounts(client, owner, mint) })
    .remainingAccounts(coSigners.map((pubkey) => ({ pubkey, isSigner: true, isWritable: false })))
    .instruction();
}

/** Offers the model for sale at `price` base units of `paymentMint`. */
/** `derivativeLicense`: for a fork made under a license, that license (`Model.derivativeLicense`). */
export function listModelForSaleInstruction(
  client: HexClient,
  owner: PublicKey,
  mint: PublicKey,
  paymentMint: PublicKey,
  price: bigint,
  derivativeLicense: PublicKey | null = null
): Promise<TransactionInstruction> {
  return client.registry.methods
    .listModelForSale(new BN(price.toString()))
    .accountsPartial({
      modelOwner: modelOwnerAccounts(client, owner, mint),
      config: configPda(client.registry.programId),
      mint,
      payer: owner,
      sale: saleAddress(client, mint),
      paymentMint,
      derivativeLicense,
    })
    .instruction();
}

export function cancelModelSaleInstruction(client: HexClient, owner: PublicKey, mint: PublicKey): Promise<TransactionInstruction> {
  return client.registry.methods
    .cancelModelSale()
    .accountsPartial({ modelOwner: modelOwnerAccounts(client, owner, mint), mint, sale: saleAddress(client, mint) })
    .instruction();
}

export interface ModelSaleAccounts {
  buyer: PublicKey;
  seller: PublicKey;
  creator: PublicKey;
  treasury: PublicKey;
  paymentMint: PublicKey;
  paymentTokenProgram: PublicKey;
}

/** What the buyer saw: the purchase fails if any of it changed before it lands. */
export interface ExpectedSale {
  price: bigint;
  splitVersion: number;
  modelVersion: number;
}

/**
 * Buys a listed model at the terms the buyer saw. The sale touches no
 * revenue vault (each settles the seller's share lazily), so its accounts
 * are the same whatever the number of vaults.
 */
export function buyModelInstruction(
  client: HexClient,
  mint: PublicKey,
  sale: ModelSaleAccounts,
  expected: ExpectedSale
): Promise<TransactionInstruction> {
  const payment = (owner: PublicKey) => getAssociatedTokenAddressSync(sale.paymentMint, owner, true, sale.paymentTokenProgram);
  return client.registry.methods
    .buyModel({ price: new BN(expected.price.toString()), splitVersion: expected.splitVersion, modelVersion: expected.modelVersion })
    .accountsPartial({
      buyer: sale.buyer,
      config: configPda(client.registry.programId),
      model: modelPda(mint, client.registry.programId),
      sale: saleAddress(client, mint),
      seller: sale.seller,
      mint,
      sellerOwnershipToken: ownershipTokenAddress(sale.seller, mint),
      buyerOwnershipToken: ownershipTokenAddress(sale.buyer, mint),
      paymentMint: sale.paymentMint,
      buyerPayment: payment(sale.buyer),
      sellerPayment: payment(sale.seller),
      treasuryPayment: payment(sale.treasury),
      creatorPayment: sale.seller.equals(sale.creator) ? null : payment(sale.creator),
      paymentTokenProgram: sale.paymentTokenProgram,
    })
    .instruction();
}

export function setVisibilityInstruction(client: HexClient, owner: PublicKey, mint: PublicKey, openSource: boolean): Promise<TransactionInstruction> {
  return client.registry.methods
    .setVisibility(openSource)
    .accountsPartial({ modelOwner: modelOwnerAccounts(client, owner, mint) })
    .instruction();
}

/** Publishes a new version: new weights hash and metadata URI, version number up. */
export function publishVersionInstruction(
  client: HexClient,
  owner: PublicKey,
  mint: PublicKey,
  contentHash: Uint8Array,
  uri: string
): Promise<TransactionInstruction> {
  if (contentHash.length !== 32) {
    throw new Error(`contentHash must be 32 bytes (a sha256 digest), got ${contentHash.length}`);
  }
  return client.registry.methods
    .publishVersion(Array.from(contentHash), uri)
    .accountsPartial({ modelOwner: modelOwnerAccounts(client, owner, mint), mint, tokenProgram: TOKEN_2022_PROGRAM_ID })
    .instruction();
}

export interface ModelProfileParams {
  owner: PublicKey;
  modelMint: PublicKey;
  category: CategoryName;
  /** One of the category's sub-kinds (CATEGORY_KINDS); "other" if omitted. */
  kind?: string;
  /** Up to four tags of 1-16 characters [a-z0-9-]. */
  tags: string[];
}

/** The owner files its model under a category, a sub-kind and tags (the profile is created on first use). */
export function setModelProfileInstruction(client: HexClient, params: ModelProfileParams): Promise<TransactionInstruction> {
  return client.registry.methods
    .setModelProfile({ [params.category]: {} } as never, kindIndex(params.category, params.kind ?? "other"), params.tags)
    .accountsPartial({
      modelOwner: modelOwnerAccounts(client, params.owner, params.modelMint),
      profile: modelProfilePda(params.modelMint, client.registry.programId),
    })
    .instruction();
}

export interface AttestModelParams {
  /** The platform's attester (`Config.attester`). */
  attester: PublicKey;
  modelMint: PublicKey;
  qualityTier: QualityTierName;
  /** ATTESTATION_FLAGS bits (attestationBits). */
  attestations: number;
  /** Where the evidence is, up to 200 bytes; may be empty. */
  evidenceUri: string;
}

/** The platform's attester sets a model's quality tier and what it vouches for. */
export function attestModelInstruction(client: HexClient, params: AttestModelParams): Promise<TransactionInstruction> {
  return client.registry.methods
    .attestModel({ [params.qualityTier]: {} } as never, params.attestations, params.evidenceUri)
    .accountsPartial({
      attester: params.attester,
      config: configPda(client.registry.programId),
      model: modelPda(params.modelMint, client.registry.programId),
      profile: modelProfilePda(params.modelMint, client.registry.programId),
    })
    .instruction();
}

export interface DerivativeLicenseParams {
  /** The fork's owner. */
  owner: PublicKey;
  /** A fork made under a license. */
  modelMint: PublicKey;
  /** A valid license of the parent, held by the owner, granting derivative rights. */
  derivativeLicense: PublicKey;
}

/** The owner of a fork made under a license presents a new one, so the fork sells again. */
export function setDerivativeLicenseInstruction(client: HexClient, params: DerivativeLicenseParams): Promise<TransactionInstruction> {
  return client.registry.methods
    .setDerivativeLicense()
    .accountsPartial({ modelOwner: modelOwnerAccounts(client, params.owner, params.modelMint), derivativeLicense: params.derivativeLicense })
    .instruction();
}

export interface MetaplexModelParams {
  contentHash: Uint8Array;
  openSource: boolean;
  forkRoyaltyBps: number;
  creatorResaleRoyaltyBps: number;
}

/**
 * Registers a Metaplex NFT as a base model, signed by `holder`, whose token
 * account `holderToken` holds it. The chain checks that the NFT is one of a
 * kind: its master edition (max supply 0) holds the mint authority, and a
 * Token-2022 mint has no permanent delegate.
 */
export function registerMetaplexModelInstruction(
  client: HexClient,
  holder: PublicKey,
  mint: PublicKey,
  params: MetaplexModelParams,
  holderToken: PublicKey
): Promise<TransactionInstruction> {
  return client.registry.methods
    .registerMetaplexModel({ ...params, contentHash: Array.from(params.contentHash) })
    .accountsPartial({
      creator: holder,
      config: configPda(client.registry.programId),
      mint,
      metadata: metaplexMetadataAddress(client, mint),
      masterEdition: metaplexMasterEditionAddress(client, mint),
      holderToken,
      model: modelPda(mint, client.registry.programId),
    })
    .instruction();
}
