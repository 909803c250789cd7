// One builder per model_registry instruction, each taking one named object
// (the settings or model parameters it sends spread into it:
// `{ ...params, creator, mint }`). Builders compute every account address
// locally and never send anything.
import { BN } from "@coral-xyz/anchor";
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { HexClient } from "../core/programs";
import { paymentTokenAddress } from "../core/accounts";
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

export interface InitializeConfigParams extends PlatformSettings {
  authority: PublicKey;
  /**
   * The registry's ProgramData account when it is deployed with the
   * upgradeable loader (its upgrade authority must be `authority`), null
   * where it has none (the embedded chain's native builtins).
   */
  programData: PublicKey | null;
}

export function initializeConfigInstruction(client: HexClient, params: InitializeConfigParams): Promise<TransactionInstruction> {
  const { authority, programData, ...settings } = params;
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

export interface UpdateConfigParams extends ConfigChanges {
  authority: PublicKey;
}

/** The platform authority changes settings, under the caps written at initialisation. */
export function updateConfigInstruction(client: HexClient, params: UpdateConfigParams): Promise<TransactionInstruction> {
  const { authority, ...changes } = params;
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

export interface ProposeAuthorityParams {
  authority: PublicKey;
  /** `PublicKey.default` withdraws a proposal. */
  newAuthority: PublicKey;
}

/** First step of an authority transfer. */
export function proposeAuthorityInstruction(client: HexClient, params: ProposeAuthorityParams): Promise<TransactionInstruction> {
  return client.registry.methods
    .proposeAuthority(params.newAuthority)
    .accountsPartial({ platform: platformAuthorityAccounts(client, params.authority) })
    .instruction();
}

/** Second step: the proposed authority takes over. */
export function acceptAuthorityInstruction(client: HexClient, params: { newAuthority: PublicKey }): Promise<TransactionInstruction> {
  return client.registry.methods
    .acceptAuthority()
    .accountsPartial({ newAuthority: params.newAuthority, config: configPda(client.registry.programId) })
    .instruction();
}

export function setPausedInstruction(client: HexClient, params: { authority: PublicKey; paused: boolean }): Promise<TransactionInstruction> {
  return client.registry.methods
    .setPaused(params.paused)
    .accountsPartial({ platform: platformAuthorityAccounts(client, params.authority) })
    .instruction();
}

export interface SetTakenDownParams {
  authority: PublicKey;
  /** The model's ownership NFT mint. */
  mint: PublicKey;
  takenDown: boolean;
}

/** The platform authority takes a model down (no sales, no forks; earned revenue stays claimable) or restores it. */
export function setTakenDownInstruction(client: HexClient, params: SetTakenDownParams): Promise<TransactionInstruction> {
  const programId = client.registry.programId;
  return client.registry.methods
    .setTakenDown(params.takenDown)
    .accountsPartial({ authority: params.authority, config: configPda(programId), model: modelPda(params.mint, programId) })
    .instruction();
}

function modelArgs(params: ModelParams) {
  const { name, symbol, uri, contentHash, openSource, forkRoyaltyBps, creatorResaleRoyaltyBps } = params;
  return { name, symbol, uri, contentHash: contentHashArg(contentHash), openSource, forkRoyaltyBps, creatorResaleRoyaltyBps };
}

function contentHashArg(contentHash: Uint8Array): number[] {
  if (contentHash.length !== 32) throw new Error(`contentHash must be 32 bytes (a sha256 digest), got ${contentHash.length}`);
  return Array.from(contentHash);
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

export interface RegisterModelParams extends ModelParams {
  creator: PublicKey;
  /** The new model's ownership NFT mint (a fresh keypair's address, which signs). */
  mint: PublicKey;
}

export function registerModelInstruction(client: HexClient, params: RegisterModelParams): Promise<TransactionInstruction> {
  return client.registry.methods
    .registerModel(modelArgs(params))
    .accountsPartial({ newModel: newModelAccounts(client, params.creator, params.mint) })
    .instruction();
}

export interface ForkModelParams extends RegisterModelParams {
  /** The parent model's ownership NFT mint. */
  parentMint: PublicKey;
  /** A closed parent: the creator's license of it granting derivative rights. */
  derivativeLicense?: PublicKey | null;
}

/** Forks the model whose ownership NFT is `parentMint` into a new model. */
export function forkModelInstruction(client: HexClient, params: ForkModelParams): Promise<TransactionInstruction> {
  return client.registry.methods
    .forkModel(modelArgs(params))
    .accountsPartial({
      newModel: newModelAccounts(client, params.creator, params.mint),
      parentModel: modelPda(params.parentMint, client.registry.programId),
      derivativeLicense: params.derivativeLicense ?? null,
    })
    .instruction();
}

/** The accounts of the programs' `ModelOwner`: the owner, the model and the owner's ownership NFT account. */
export function modelOwnerAccounts(client: HexClient, owner: PublicKey, modelMint: PublicKey) {
  return { owner, model: modelPda(modelMint, client.registry.programId), ownershipToken: ownershipTokenAddress(owner, modelMint) };
}

/** A model and the holder of its ownership NFT. */
export interface ModelOwnerParams {
  owner: PublicKey;
  /** The model's ownership NFT mint. */
  mint: PublicKey;
}

export interface ContributorShare {
  wallet: PublicKey;
  shareBps: number;
}

export interface SetContributorsParams extends ModelOwnerParams {
  contributors: ContributorShare[];
  /** Current contributors whose share shrinks or vanishes: they must sign the transaction too. */
  coSigners?: PublicKey[];
}

/** Names a model's contributors. */
export function setContributorsInstruction(client: HexClient, params: SetContributorsParams): Promise<TransactionInstruction> {
  return client.registry.methods
    .setContributors(params.contributors)
    .accountsPartial({ modelOwner: modelOwnerAccounts(client, params.owner, params.mint) })
    .remainingAccounts((params.coSigners ?? []).map((pubkey) => ({ pubkey, isSigner: true, isWritable: false })))
    .instruction();
}

export interface ListModelForSaleParams extends ModelOwnerParams {
  paymentMint: PublicKey;
  /** Base units of `paymentMint`. */
  price: bigint;
  /** For a fork made under a license, that license (`Model.derivativeLicense`). */
  derivativeLicense?: PublicKey | null;
}

/** Offers the model for sale at `price` base units of `paymentMint`. */
export function listModelForSaleInstruction(client: HexClient, params: ListModelForSaleParams): Promise<TransactionInstruction> {
  const { owner, mint } = params;
  return client.registry.methods
    .listModelForSale(new BN(params.price.toString()))
    .accountsPartial({
      modelOwner: modelOwnerAccounts(client, owner, mint),
      config: configPda(client.registry.programId),
      mint,
      payer: owner,
      sale: saleAddress(client, mint),
      paymentMint: params.paymentMint,
      derivativeLicense: params.derivativeLicense ?? null,
    })
    .instruction();
}

export function cancelModelSaleInstruction(client: HexClient, params: ModelOwnerParams): Promise<TransactionInstruction> {
  const { owner, mint } = params;
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

export interface BuyModelParams extends ModelSaleAccounts, ExpectedSale {
  /** The model's ownership NFT mint. */
  mint: PublicKey;
}

/**
 * Buys a listed model at the terms the buyer saw. The sale touches no
 * revenue vault (each settles the seller's share lazily), so its accounts
 * are the same whatever the number of vaults.
 */
export function buyModelInstruction(client: HexClient, params: BuyModelParams): Promise<TransactionInstruction> {
  const { mint, ...sale } = params;
  const payment = (owner: PublicKey) => paymentTokenAddress(owner, sale.paymentMint, sale.paymentTokenProgram);
  return client.registry.methods
    .buyModel({ price: new BN(sale.price.toString()), splitVersion: sale.splitVersion, modelVersion: sale.modelVersion })
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

export interface SetVisibilityParams extends ModelOwnerParams {
  /** true opens the model to forks. */
  openSource: boolean;
}

export function setVisibilityInstruction(client: HexClient, params: SetVisibilityParams): Promise<TransactionInstruction> {
  return client.registry.methods
    .setVisibility(params.openSource)
    .accountsPartial({ modelOwner: modelOwnerAccounts(client, params.owner, params.mint) })
    .instruction();
}

export interface PublishVersionParams extends ModelOwnerParams {
  /** sha256 of the new weights artifact, 32 bytes. */
  contentHash: Uint8Array;
  uri: string;
}

/** Publishes a new version: new weights hash and metadata URI, version number up. */
export function publishVersionInstruction(client: HexClient, params: PublishVersionParams): Promise<TransactionInstruction> {
  const { owner, mint } = params;
  return client.registry.methods
    .publishVersion(contentHashArg(params.contentHash), params.uri)
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

export interface RegisterMetaplexModelParams extends MetaplexModelParams {
  /** The NFT's holder, who signs. */
  holder: PublicKey;
  mint: PublicKey;
  /** The holder's token account holding the NFT. */
  holderToken: PublicKey;
}

/**
 * Registers a Metaplex NFT as a base model, signed by `holder`, whose token
 * account `holderToken` holds it. The chain checks that the NFT is one of a
 * kind: its master edition (max supply 0) holds the mint authority, and a
 * Token-2022 mint has no permanent delegate.
 */
export function registerMetaplexModelInstruction(client: HexClient, params: RegisterMetaplexModelParams): Promise<TransactionInstruction> {
  const { holder, mint, holderToken, ...model } = params;
  return client.registry.methods
    .registerMetaplexModel({ ...model, contentHash: Array.from(model.contentHash) })
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
