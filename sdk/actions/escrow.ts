// High-level royalty flows. Each says which transactions it sends.
import { createAssociatedTokenAccountIdempotentInstruction, getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { PublicKey, TransactionInstruction, TransactionSignature } from "@solana/web3.js";
import { fetchAllVaults, fetchModel, fetchVault, fetchVaults, getLineage } from "../accounts";
import { FIRST_CONTRIBUTOR_SLOT, OWNER_SLOT } from "../layout";
import { owed, Payout, simulateSplit, VaultState } from "../math";
import { ownershipTokenAddress, vaultPda } from "../pda";
import { HexClient } from "../programs";
import { packInstructions, sendInstructions } from "../tx";
import {
  claimContributorInstruction,
  claimOwnerInstruction,
  createVaultInstruction,
  depositInstruction,
  releaseToParentInstruction,
  syncSplitInstruction,
  VaultKey,
} from "../instructions/escrow";

/** Opens a model's vault for a payment mint (one transaction). */
export async function createVault(client: HexClient, key: VaultKey): Promise<TransactionSignature> {
  return sendInstructions(client, [await createVaultInstruction(client, client.wallet, key)]);
}

/**
 * Deposits `amount` base units from the wallet's token account `source`:
 * two reads in parallel (the model, its vault), then one transaction, which
 * first syncs the vault's split if the model's contributors changed.
 */
export async function deposit(client: HexClient, key: VaultKey, source: PublicKey, amount: bigint): Promise<TransactionSignature> {
  if (amount <= 0n) throw new Error(`the amount must be positive, got ${amount}`);
  const [model, vault] = await Promise.all([fetchModel(client, key.modelMint), fetchVault(client, key.modelMint, key.paymentMint)]);
  if (!model) throw new Error(`no model is registered for mint ${key.modelMint.toBase58()}`);
  if (!vault) throw new Error(`model ${key.modelMint.toBase58()} has no vault for mint ${key.paymentMint.toBase58()} (createVault first)`);
  const sync = await syncSplitInstructions(client, client.wallet, model.contributors, model.splitVersion, vault);
  return sendInstructions(client, [...sync, await depositInstruction(client, client.wallet, source, key, amount)]);
}

/**
 * sync_split, when the model's contributors (`contributors`, at
 * `splitVersion`) changed since the vault last synced: its deposits fail
 * until then. Replaced contributors owed
 * something are paid into their associated token accounts, created if
 * needed by `payer`.
 */
export async function syncSplitInstructions(
  client: HexClient,
  payer: PublicKey,
  contributors: { wallet: PublicKey }[],
  splitVersion: number,
  vault: VaultState
): Promise<TransactionInstruction[]> {
  if (vault.splitVersion === splitVersion) return [];
  const key = { modelMint: vault.modelMint, paymentMint: vault.paymentMint, tokenProgram: vault.tokenProgram };
  const prelude: TransactionInstruction[] = [];
  const payouts: PublicKey[] = [];
  for (let slot = FIRST_CONTRIBUTOR_SLOT; slot < OWNER_SLOT; slot++) {
    const index = slot - FIRST_CONTRIBUTOR_SLOT;
    const next = contributors[index]?.wallet ?? PublicKey.default;
    const old = vault.recipients[slot].wallet;
    if (old.equals(next) || owed(vault, slot) === 0n) continue;
    const destination = getAssociatedTokenAddressSync(vault.paymentMint, old, true, vault.tokenProgram);
    prelude.push(createAssociatedTokenAccountIdempotentInstruction(payer, destination, old, vault.paymentMint, vault.tokenProgram));
    payouts.push(destination);
  }
  return [...prelude, await syncSplitInstruction(client, key, payouts)];
}

/** One hop: the model's vault pays its parent's vault what it is owed (one transaction). */
export async function releaseToParent(client: HexClient, modelMint: PublicKey, parentMint: PublicKey, key: Omit<VaultKey, "modelMint">) {
  const programId = client.escrow.programId;
  const instruction = await releaseToParentInstruction(
    client,
    vaultPda(modelMint, key.paymentMint, programId),
    vaultPda(parentMint, key.paymentMint, programId),
    key.paymentMint,
    key.tokenProgram
  );
  return sendInstructions(client, [instruction]);
}

/** The vaults of a model's lineage for a payment mint, from the model up to its root. */
async function lineageVaults(client: HexClient, modelMint: PublicKey, paymentMint: PublicKey) {
  const lineage = await getLineage(client, modelMint);
  const addresses = lineage.map((model) => vaultPda(model.mint, paymentMint, client.escrow.programId));
  const vaults = await fetchVaults(client, addresses);
  return { lineage, addresses, vaults };
}

export interface ReleaseProgress {
  transaction: number;
  transactions: number;
  signature: TransactionSignature;
}

export interface ReleaseChainResult {
  signatures: TransactionSignature[];
  /** release_to_parent instructions sent (one per hop). */
  hops: number;
  /** Vaults created on the way because an ancestor had none for this mint. */
  createdVaults: PublicKey[];
}

/**
 * Releases revenue from a model all the way up its lineage: every vault pays
 * its parent's vault, deepest first, packing as many hops per transaction as
 * fit under 1232 bytes. Ancestors without a vault for the mint get one
 * first. `onProgress` is called after each transaction.
 */
export async function releaseChain(
  client: HexClient,
  modelMint: PublicKey,
  paymentMint: PublicKey,
  onProgress?: (progress: ReleaseProgress) => void
): Promise<ReleaseChainResult> {
  const { lineage, addresses, vaults } = await lineageVaults(client, modelMint, paymentMint);
  const origin = vaults[0];
  if (!origin) throw new Error(`model ${modelMint.toBase58()} has no vault for mint ${paymentMint.toBase58()}`);
  const tokenProgram = origin.tokenProgram;
  const instructions: TransactionInstruction[] = [];
  const createdVaults: PublicKey[] = [];
  for (let index = 1; index < lineage.length; index++) {
    if (!vaults[index]) {
      instructions.push(await createVaultInstruction(client, client.wallet, { modelMint: lineage[index].mint, paymentMint, tokenProgram }));
      createdVaults.push(addresses[index]);
    }
  }
  for (let index = 0; index + 1 < lineage.length; index++) {
    instructions.push(await releaseToParentInstruction(client, addresses[index], addresses[index + 1], paymentMint, tokenProgram));
  }
  const batches = packInstructions(instructions, client.wallet);
  const signatures: TransactionSignature[] = [];
  for (const batch of batches) {
    const signature = await sendInstructions(client, batch);
    signatures.push(signature);
    onProgress?.({ transaction: signatures.length, transactions: batches.length, signature });
  }
  return { signatures, hops: lineage.length - 1, createdVaults };
}

/**
 * What every recipient up the lineage receives, to the base unit, if
 * `amount` is deposited into the model's vault now and the whole chain is
 * then released and claimed (what the vaults already owe included). Owner
 * payouts have the default key as wallet: they go to whoever holds the
 * model's ownership NFT when claiming. Three RPC round trips at most for
 * lineages up to 100 deep (one more per further 100).
 */
export async function previewSplit(client: HexClient, modelMint: PublicKey, paymentMint: PublicKey, amount: bigint): Promise<Payout[]> {
  const { lineage, vaults } = await lineageVaults(client, modelMint, paymentMint);
  const missing = lineage.filter((_, index) => !vaults[index]).map((model) => model.mint.toBase58());
  if (missing.length > 0) throw new Error(`no vault for mint ${paymentMint.toBase58()} yet for models ${missing.join(", ")}`);
  return simulateSplit(vaults as VaultState[], amount);
}

/**
 * Claims one share of a vault for the client's wallet: a contributor slot
 * (1-16) or the owner's (OWNER_SLOT, for the holder of the ownership NFT),
 * into the wallet's associated token account, created if missing (one
 * transaction).
 */
export async function claim(client: HexClient, modelMint: PublicKey, paymentMint: PublicKey, slot: number): Promise<TransactionSignature> {
  if (!Number.isInteger(slot) || slot < FIRST_CONTRIBUTOR_SLOT || slot > OWNER_SLOT) {
    throw new Error(`slot must be a contributor slot (${FIRST_CONTRIBUTOR_SLOT}-${OWNER_SLOT - 1}) or the owner slot (${OWNER_SLOT}), got ${slot}`);
  }
  const [vault] = await fetchVaults(client, [vaultPda(modelMint, paymentMint, client.escrow.programId)]);
  if (!vault) throw new Error(`model ${modelMint.toBase58()} has no vault for mint ${paymentMint.toBase58()}`);
  const wallet = client.wallet;
  const destination = getAssociatedTokenAddressSync(paymentMint, wallet, true, vault.tokenProgram);
  const createDestination = createAssociatedTokenAccountIdempotentInstruction(wallet, destination, wallet, paymentMint, vault.tokenProgram);
  return sendInstructions(client, [createDestination, await claimInstruction(client, vault, slot, destination)]);
}

/** The client's wallet claims `slot` of `vault` into `destination`. */
function claimInstruction(client: HexClient, vault: VaultState, slot: number, destination: PublicKey): Promise<TransactionInstruction> {
  const wallet = client.wallet;
  return slot === OWNER_SLOT
    ? claimOwnerInstruction(client, wallet, ownershipTokenAddress(wallet, vault.modelMint), vault.address, destination, vault.paymentMint, vault.tokenProgram)
    : claimContributorInstruction(client, wallet, vault.address, slot, destination, vault.paymentMint, vault.tokenProgram);
}

export interface ClaimResult {
  vault: PublicKey;
  slot: number;
  amount: bigint;
  signature: TransactionSignature;
}

/** The wallet's claimable shares: (vault, slot, amount) for every non-zero entitlement. */
export async function claimableShares(client: HexClient, wallet: PublicKey) {
  const [vaults, nfts] = await Promise.all([
    fetchAllVaults(client),
    client.connection.getParsedTokenAccountsByOwner(wallet, { programId: TOKEN_2022_PROGRAM_ID }, "confirmed"),
  ]);
  const ownedModels = new Set(
    nfts.value.filter(({ account }) => account.data.parsed.info.tokenAmount.amount === "1").map(({ account }) => account.data.parsed.info.mint as string)
  );
  const shares: { vault: VaultState; slot: number; amount: bigint }[] = [];
  for (const vault of vaults) {
    for (let slot = FIRST_CONTRIBUTOR_SLOT; slot <= OWNER_SLOT; slot++) {
      const mine = slot === OWNER_SLOT ? ownedModels.has(vault.modelMint.toBase58()) : vault.recipients[slot].wallet.equals(wallet);
      const amount = mine ? owed(vault, slot) : 0n;
      if (amount > 0n) shares.push({ vault, slot, amount });
    }
  }
  return shares;
}

/**
 * Claims everything the client's wallet is owed, as contributor or as owner,
 * into its associated token accounts (created when missing), packing claims
 * into as few transactions as fit.
 */
export async function claimAll(client: HexClient): Promise<ClaimResult[]> {
  const wallet = client.wallet;
  const shares = await claimableShares(client, wallet);
  const instructions: TransactionInstruction[] = [];
  const destinations = new Set<string>();
  const claims: { vault: PublicKey; slot: number; amount: bigint; instruction: TransactionInstruction }[] = [];
  for (const { vault, slot, amount } of shares) {
    const destination = getAssociatedTokenAddressSync(vault.paymentMint, wallet, true, vault.tokenProgram);
    if (!destinations.has(destination.toBase58())) {
      destinations.add(destination.toBase58());
      instructions.push(createAssociatedTokenAccountIdempotentInstruction(wallet, destination, wallet, vault.paymentMint, vault.tokenProgram));
    }
    const instruction = await claimInstruction(client, vault, slot, destination);
    instructions.push(instruction);
    claims.push({ vault: vault.address, slot, amount, instruction });
  }
  const results: ClaimResult[] = [];
  for (const batch of packInstructions(instructions, wallet)) {
    const signature = await sendInstructions(client, batch);
    for (const claim of claims.filter((c) => batch.includes(c.instruction))) {
      results.push({ vault: claim.vault, slot: claim.slot, amount: claim.amount, signature });
    }
  }
  return results;
}
