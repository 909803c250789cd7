// High-level model_registry flows: each sends exactly one transaction.
import { Keypair, PublicKey, TransactionSignature } from "@solana/web3.js";
import { createAssociatedTokenAccountIdempotentInstruction, getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { HexClient } from "../core/programs";
import { sendInstructions } from "../core/tx";
import { findNftTokenAccount } from "../core/metaplex";
import { configPda, modelPda, ownershipTokenAddress, saleAddress } from "./pda";
import { fetchModel } from "./accounts";
import {
  acceptAuthorityInstruction,
  buyModelInstruction,
  cancelModelSaleInstruction,
  ConfigChanges,
  ContributorShare,
  forkModelInstruction,
  initializeConfigInstruction,
  listModelForSaleInstruction,
  ModelParams,
  ModelSaleAccounts,
  publishVersionInstruction,
  PlatformSettings,
  proposeAuthorityInstruction,
  MetaplexModelParams,
  registerMetaplexModelInstruction,
  registerModelInstruction,
  setContributorsInstruction,
  setDerivativeLicenseInstruction,
  setPausedInstruction,
  setTakenDownInstruction,
  setVisibilityInstruction,
  updateConfigInstruction,
} from "./instructions";

const BPF_LOADER_UPGRADEABLE_PROGRAM_ID = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");

/** One whole unit of a 6-decimal mint such as USDC: a model never sells for dust. */
export const DEFAULT_MIN_MODEL_SALE_PRICE = 1_000_000n;

/**
 * The fee schedule of the marketplace brief (20% / 5% / 2.5%, tiers at 1k /
 * 10k / 100k) and weekly family reward epochs with a trend share of up to 3%.
 */
export function defaultPlatformSettings(treasury: PublicKey): PlatformSettings {
  return {
    treasury,
    fees: { licenseFeeBps: 2_000, primarySaleFeeBps: 500, secondarySaleFeeBps: 250, licenseResaleFeeBps: 250 },
    feeCaps: { licenseFeeBps: 2_500, primarySaleFeeBps: 1_000, secondarySaleFeeBps: 500, licenseResaleFeeBps: 500 },
    creatorTiers: [
      { minLifetimeSales: 1_000n, licenseFeeBps: 1_800 },
      { minLifetimeSales: 10_000n, licenseFeeBps: 1_500 },
      { minLifetimeSales: 100_000n, licenseFeeBps: 1_200 },
    ],
    maxForkRoyaltyBps: 3_000,
    maxRefundWindowSecs: 7 * 24 * 60 * 60,
    minModelSalePrice: DEFAULT_MIN_MODEL_SALE_PRICE,
    family: { maxTrendShareBps: 300, epochSecs: 7 * 24 * 60 * 60, distributorFeeBps: 0 },
  };
}

/** The registry's ProgramData account, or null if it is not an upgradeable deployment. */
export async function registryProgramData(client: HexClient): Promise<PublicKey | null> {
  const programId = client.registry.programId;
  const program = await client.connection.getAccountInfo(programId);
  if (!program?.owner.equals(BPF_LOADER_UPGRADEABLE_PROGRAM_ID)) return null;
  return PublicKey.findProgramAddressSync([programId.toBuffer()], BPF_LOADER_UPGRADEABLE_PROGRAM_ID)[0];
}

/**
 * Creates the platform configuration, with the client's wallet as its
 * authority (on an upgradeable deployment, it must be the upgrade authority).
 */
export async function initializePlatform(client: HexClient, settings: PlatformSettings): Promise<TransactionSignature> {
  const programData = await registryProgramData(client);
  return sendInstructions(client, [await initializeConfigInstruction(client, { ...settings, authority: client.wallet, programData })]);
}

export async function setPlatformPaused(client: HexClient, paused: boolean): Promise<TransactionSignature> {
  return sendInstructions(client, [await setPausedInstruction(client, { authority: client.wallet, paused })]);
}

/** Takes a model down, or restores it, as the platform authority (one transaction). */
export async function setModelTakenDown(client: HexClient, mint: PublicKey, takenDown: boolean): Promise<TransactionSignature> {
  return sendInstructions(client, [await setTakenDownInstruction(client, { authority: client.wallet, mint, takenDown })]);
}

/** Changes platform settings as the platform authority (one transaction); later sales only. */
export async function updatePlatformConfig(client: HexClient, changes: ConfigChanges): Promise<TransactionSignature> {
  if (Object.values(changes).every((value) => value === undefined)) throw new Error("nothing to change: name at least one setting");
  return sendInstructions(client, [await updateConfigInstruction(client, { ...changes, authority: client.wallet })]);
}

/** Proposes `newAuthority` as the next platform authority (one transaction); it must accept. */
export async function proposePlatformAuthority(client: HexClient, newAuthority: PublicKey): Promise<TransactionSignature> {
  return sendInstructions(client, [await proposeAuthorityInstruction(client, { authority: client.wallet, newAuthority })]);
}

/** The client's wallet, proposed as platform authority, takes over (one transaction). */
export async function acceptPlatformAuthority(client: HexClient): Promise<TransactionSignature> {
  return sendInstructions(client, [await acceptAuthorityInstruction(client, { newAuthority: client.wallet })]);
}

export interface RegisteredModel {
  signature: TransactionSignature;
  /** The ownership NFT mint. */
  mint: PublicKey;
  /** The Model account. */
  model: PublicKey;
}

/**
 * Registers a base model owned by the client's wallet: mints its ownership
 * NFT (a fresh Token-2022 mint, or `mint` if given) and records the model.
 */
export async function registerModel(
  client: HexClient,
  params: ModelParams,
  mint: Keypair = Keypair.generate()
): Promise<RegisteredModel> {
  const instruction = await registerModelInstruction(client, { ...params, creator: client.wallet, mint: mint.publicKey });
  const signature = await sendInstructions(client, [instruction], [mint]);
  return { signature, mint: mint.publicKey, model: modelPda(mint.publicKey, client.registry.programId) };
}

/**
 * Forks the model whose ownership NFT is `parentMint`; the client's wallet
 * owns the child. A closed parent needs `derivativeLicense`: the wallet's
 * license of the parent from a listing granting derivative rights.
 */
export async function forkModel(
  client: HexClient,
  parentMint: PublicKey,
  params: ModelParams,
  mint: Keypair = Keypair.generate(),
  derivativeLicense: PublicKey | null = null
): Promise<RegisteredModel> {
  const instruction = await forkModelInstruction(client, { ...params, creator: client.wallet, mint: mint.publicKey, parentMint, derivativeLicense });
  const signature = await sendInstructions(client, [instruction], [mint]);
  return { signature, mint: mint.publicKey, model: modelPda(mint.publicKey, client.registry.programId) };
}

/**
 * Names the contributors of a model the client's wallet owns. Contributors
 * whose share shrinks or vanishes co-sign with their keypairs.
 */
export async function setContributors(
  client: HexClient,
  mint: PublicKey,
  contributors: ContributorShare[],
  coSigners: Keypair[] = []
): Promise<TransactionSignature> {
  const instruction = await setContributorsInstruction(client, {
    owner: client.wallet,
    mint,
    contributors,
    coSigners: coSigners.map((signer) => signer.publicKey),
  });
  return sendInstructions(client, [instruction], coSigners);
}

/** Offers a model the client's wallet owns for sale (one transaction). */
export async function listModelForSale(client: HexClient, mint: PublicKey, paymentMint: PublicKey, price: bigint): Promise<TransactionSignature> {
  if (price <= 0n) throw new Error(`the price must be positive, got ${price}`);
  const model = await fetchModel(client, mint);
  if (!model) throw new Error(`no model is registered for mint ${mint.toBase58()}`);
  const instruction = await listModelForSaleInstruction(client, { owner: client.wallet, mint, paymentMint, price, derivativeLicense: model.derivativeLicense });
  return sendInstructions(client, [instruction]);
}

/** Withdraws the sale offer of a model the client's wallet owns (one transaction); the listing's rent returns to it. */
export async function cancelModelSale(client: HexClient, mint: PublicKey): Promise<TransactionSignature> {
  return sendInstructions(client, [await cancelModelSaleInstruction(client, { owner: client.wallet, mint })]);
}

/**
 * Buys a listed model at `expectedPrice`. `seen` is the split and model
 * version the buyer looked at (by default, what the model shows now): if the
 * seller changed the price, the contributors or the version before the
 * purchase lands, it fails. Three RPC round trips (the listing; the model and
 * config; the payment mint), then one transaction that also creates the
 * buyer's token account for the ownership NFT and, where missing, the
 * payment accounts of the seller, the treasury and the creator.
 */
export async function buyModel(
  client: HexClient,
  mint: PublicKey,
  expectedPrice: bigint,
  seen?: { splitVersion: number; modelVersion: number }
): Promise<TransactionSignature> {
  const sale = await client.registry.account.modelSale.fetchNullable(saleAddress(client, mint));
  if (!sale) throw new Error(`model ${mint.toBase58()} is not for sale`);
  const [model, config, paymentMintInfo] = await Promise.all([
    client.registry.account.model.fetch(modelPda(mint, client.registry.programId)),
    client.registry.account.config.fetch(configPda(client.registry.programId)),
    client.connection.getAccountInfo(sale.paymentMint),
  ]);
  if (!paymentMintInfo) throw new Error(`payment mint ${sale.paymentMint.toBase58()} not found`);
  const accounts: ModelSaleAccounts = {
    buyer: client.wallet,
    seller: sale.seller,
    creator: model.creator,
    treasury: config.treasury,
    paymentMint: sale.paymentMint,
    paymentTokenProgram: paymentMintInfo.owner,
  };
  const expected = { price: expectedPrice, ...(seen ?? { splitVersion: model.splitVersion, modelVersion: model.modelVersion }) };
  const nftAccount = ownershipTokenAddress(client.wallet, mint);
  const createAccount = (owner: PublicKey, tokenMint: PublicKey, tokenProgram: PublicKey, address: PublicKey) =>
    createAssociatedTokenAccountIdempotentInstruction(client.wallet, address, owner, tokenMint, tokenProgram);
  const payees = [sale.seller, config.treasury, ...(sale.seller.equals(model.creator) ? [] : [model.creator])];
  const createPaymentAccounts = payees.map((owner) =>
    createAccount(owner, sale.paymentMint, paymentMintInfo.owner, getAssociatedTokenAddressSync(sale.paymentMint, owner, true, paymentMintInfo.owner))
  );
  return sendInstructions(client, [
    createAccount(client.wallet, mint, TOKEN_2022_PROGRAM_ID, nftAccount),
    ...createPaymentAccounts,
    await buyModelInstruction(client, { mint, ...accounts, ...expected }),
  ]);
}

/** Opens a model the client's wallet owns to forks, or closes it (one transaction). */
export async function setVisibility(client: HexClient, mint: PublicKey, openSource: boolean): Promise<TransactionSignature> {
  return sendInstructions(client, [await setVisibilityInstruction(client, { owner: client.wallet, mint, openSource })]);
}

/** Publishes a new version of a model the client's wallet owns (one transaction). */
export async function publishVersion(client: HexClient, mint: PublicKey, contentHash: Uint8Array, uri: string): Promise<TransactionSignature> {
  return sendInstructions(client, [await publishVersionInstruction(client, { owner: client.wallet, mint, contentHash, uri })]);
}

/**
 * Initialises the platform unless its config already exists: safe to run
 * again on a cluster (one RPC round trip, plus one transaction the first time).
 */
export async function ensurePlatform(
  client: HexClient,
  settings: PlatformSettings
): Promise<{ config: PublicKey; signature: TransactionSignature | null }> {
  const config = configPda(client.registry.programId);
  if (await client.connection.getAccountInfo(config)) return { config, signature: null };
  return { config, signature: await initializePlatform(client, settings) };
}

/**
 * The owner (the client's wallet) of a fork made under a license presents
 * `license`, a valid license of the parent it holds with derivative rights
 * (after the first ended, or after buying the fork), so that the fork sells
 * licenses and can be listed for sale again. No read, one transaction.
 */
export async function setDerivativeLicense(client: HexClient, forkMint: PublicKey, license: PublicKey): Promise<TransactionSignature> {
  return sendInstructions(client, [await setDerivativeLicenseInstruction(client, { owner: client.wallet, modelMint: forkMint, derivativeLicense: license })]);
}

/**
 * Registers a Metaplex NFT as a base model, signed by the client's wallet,
 * which must hold it. Finds the wallet's token account first (one RPC round
 * trip; a wallet that does not hold the NFT fails here, before anything is
 * sent), then sends one transaction.
 */
export async function registerMetaplexModel(client: HexClient, mint: PublicKey, params: MetaplexModelParams): Promise<RegisteredModel> {
  const holderToken = await findNftTokenAccount(client, client.wallet, mint);
  if (!holderToken) throw new Error(`the wallet ${client.wallet.toBase58()} does not hold the NFT ${mint.toBase58()}: only its holder can register it`);
  const instruction = await registerMetaplexModelInstruction(client, { ...params, holder: client.wallet, mint, holderToken });
  const signature = await sendInstructions(client, [instruction]);
  return { signature, mint, model: modelPda(mint, client.registry.programId) };
}
