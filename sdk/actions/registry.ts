// High-level model_registry flows: each sends exactly one transaction.
import { Keypair, PublicKey, TransactionSignature } from "@solana/web3.js";

const BPF_LOADER_UPGRADEABLE_PROGRAM_ID = new PublicKey("BPFLoaderUpgradeab1e11111111111111111111111");
import { HexClient } from "../programs";
import { modelPda } from "../pda";
import { sendInstructions } from "../tx";
import {
  ContributorShare,
  forkModelInstruction,
  initializeConfigInstruction,
  ModelParams,
  PlatformSettings,
  registerModelInstruction,
  setContributorsInstruction,
  setPausedInstruction,
} from "../instructions/registry";

/** The fee schedule of the marketplace brief (20% / 5% / 2.5%, tiers at 1k / 10k / 100k). */
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
  return sendInstructions(client, [await initializeConfigInstruction(client, client.wallet, settings, programData)]);
}

export async function setPlatformPaused(client: HexClient, paused: boolean): Promise<TransactionSignature> {
  return sendInstructions(client, [await setPausedInstruction(client, client.wallet, paused)]);
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
  const instruction = await registerModelInstruction(client, client.wallet, mint.publicKey, params);
  const signature = await sendInstructions(client, [instruction], [mint]);
  return { signature, mint: mint.publicKey, model: modelPda(mint.publicKey, client.registry.programId) };
}

/** Forks the model whose ownership NFT is `parentMint`; the client's wallet owns the child. */
export async function forkModel(
  client: HexClient,
  parentMint: PublicKey,
  params: ModelParams,
  mint: Keypair = Keypair.generate()
): Promise<RegisteredModel> {
  const instruction = await forkModelInstruction(client, client.wallet, mint.publicKey, parentMint, params);
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
  const instruction = await setContributorsInstruction(
    client,
    client.wallet,
    mint,
    contributors,
    coSigners.map((signer) => signer.publicKey)
  );
  return sendInstructions(client, [instruction], coSigners);
}
