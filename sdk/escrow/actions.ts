// High-level royalty flows. Each says which transactions it sends.
import { createAssociatedTokenAccountIdempotentInstruction, getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { PublicKey, TransactionInstruction, TransactionSignature } from "@solana/web3.js";
import { HexClient } from "../core/programs";
import { packInstructions, sendInstructions } from "../core/tx";
import { modelPda, ownershipTokenAddress } from "../registry/pda";
import { fetchModel, getLineage } from "../registry/accounts";
import { vaultPda } from "./pda";
import { fetchAllVaults, fetchVault, fetchVaults, FIRST_CONTRIBUTOR_SLOT, OWNER_SLOT, PREVIOUS_OWNER_EARNINGS_OFFSETS } from "./accounts";
import { owed, Payout, simulateSplit, VaultState } from "./math";
import {
  claimContributorInstruction,
  claimOwnerInstruction,
  createVaultInstruction,
  depositInstruction,
  payPreviousOwnerInstruction,
  releaseToParentInstruction,
  settleOwnerPeriodInstruction,
  syncSplitInstruction,
  VaultKey,
  vaultKey,
} from "./instructions";

/** Opens a model's vault for a payment mint (one transaction). */
export async function createVault(client: HexClient, key: VaultKey): Promise<TransactionSignature> {
  return sendInstructions(client, [await createVaultInstruction(client, { ...key, payer: client.wallet })]);
}

/**
 * Deposits `amount` base units from the wallet's token account `source`:
 * two reads in parallel (the model, its vault), then one transaction, which
 * first brings the vault up to date with its model (see `vaultUpkeepInstructions`).
 */
export async function deposit(client: HexClient, key: VaultKey, source: PublicKey, amount: bigint): Promise<TransactionSignature> {
  if (amount <= 0n) throw new Error(`the amount must be positive, got ${amount}`);
  const [model, vault] = await Promise.all([fetchModel(client, key.modelMint), fetchVault(client, key.modelMint, key.paymentMint)]);
  if (!model) throw new Error(`no model is registered for mint ${key.modelMint.toBase58()}`);
  if (!vault) throw new Error(`model ${key.modelMint.toBase58()} has no vault for mint ${key.paymentMint.toBase58()} (createVault first)`);
  const upkeep = await vaultUpkeepInstructions(client, client.wallet, model, vault);
  return sendInstructions(client, [...upkeep, await depositInstruction(client, { ...key, depositor: client.wallet, source, amount })]);
}

/** What a vault must agree with before it takes income: its model's split and sale count. */
export interface ModelSplitView {
  contributors: { wallet: PublicKey }[];
  splitVersion: number;
  saleCount: number;
}

/**
 * What a vault needs before it can take income (deposits and releases into
 * it fail until then): settle_owner_period after a sale of the model (the
 * seller's share set aside for it, `payer` funding its earnings account),
 * and sync_split after the model's contributors changed (replaced
 * contributors owed something are paid into their associated token
 * accounts, created if needed by `payer`). Empty when the vault is current.
 */
export async function vaultUpkeepInstructions(
  client: HexClient,
  payer: PublicKey,
  model: ModelSplitView,
  vault: VaultState
): Promise<TransactionInstruction[]> {
  const settle =
    vault.ownerSaleCount === model.saleCount
      ? []
      : [await settleOwnerPeriodInstruction(client, { payer, modelMint: vault.modelMint, paymentMint: vault.paymentMint, previousOwner: vault.ownerOfRecord })];
  return [...settle, ...(await syncSplitInstructions(client, payer, model.contributors, model.splitVersion, vault))];
}

async function syncSplitInstructions(
  client: HexClient,
  payer: PublicKey,
  contributors: { wallet: PublicKey }[],
  splitVersion: number,
  vault: VaultState
): Promise<TransactionInstruction[]> {
  if (vault.splitVersion === splitVersion) return [];
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
  return [...prelude, await syncSplitInstruction(client, { ...vaultKey(vault), payouts })];
}

/**
 * One hop: the model's vault pays its parent's vault what it is owed (two
 * reads, then one transaction that first brings the parent's vault up to date).
 */
export async function releaseToParent(client: HexClient, modelMint: PublicKey, parentMint: PublicKey, key: Omit<VaultKey, "modelMint">) {
  const [parent, parentVault] = await Promise.all([fetchModel(client, parentMint), fetchVault(client, parentMint, key.paymentMint)]);
  if (!parent || !parentVault) throw new Error(`the parent ${parentMint.toBase58()} has no vault for mint ${key.paymentMint.toBase58()}`);
  const upkeep = await vaultUpkeepInstructions(client, client.wallet, parent, parentVault);
  return sendInstructions(client, [...upkeep, await releaseToParentInstruction(client, { ...key, modelMint, parentMint })]);
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
    const vault = vaults[index];
    if (vault) {
      instructions.push(...(await vaultUpkeepInstructions(client, client.wallet, lineage[index], vault)));
    } else {
      instructions.push(await createVaultInstruction(client, { payer: client.wallet, modelMint: lineage[index].mint, paymentMint, tokenProgram }));
      createdVaults.push(addresses[index]);
    }
  }
  for (let index = 0; index + 1 < lineage.length; index++) {
    instructions.push(await releaseToParentInstruction(client, { modelMint: lineage[index].mint, paymentMint, tokenProgram, parentMint: lineage[index + 1].mint }));
  }
  const batches = packInstructions(instructions, client.wallet, client.sendOptions);
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
    ? claimOwnerInstruction(client, { ...vaultKey(vault), owner: wallet, ownershipToken: ownershipTokenAddress(wallet, vault.modelMint), destination })
    : claimContributorInstruction(client, { contributor: wallet, vault: vault.address, slot, destination, paymentMint: vault.paymentMint, tokenProgram: vault.tokenProgram });
}

export interface ClaimResult {
  vault: PublicKey;
  /** The recipient slot, or OWNER_SLOT with `previousOwner` for a share earned before a sale. */
  slot: number;
  previousOwner?: boolean;
  amount: bigint;
  signature: TransactionSignature;
}

/**
 * The wallet's claimable shares: (vault, slot, amount) for every non-zero
 * entitlement. An owner share counts only in vaults whose owner period is
 * the wallet's own (settled since the model's last sale).
 */
export async function claimableShares(client: HexClient, wallet: PublicKey) {
  const [vaults, nfts] = await Promise.all([
    fetchAllVaults(client),
    client.connection.getParsedTokenAccountsByOwner(wallet, { programId: TOKEN_2022_PROGRAM_ID }, "confirmed"),
  ]);
  const ownedModels = new Set(
    nfts.value.filter(({ account }) => account.data.parsed.info.tokenAmount.amount === "1").map(({ account }) => account.data.parsed.info.mint as string)
  );
  const ownedVaults = vaults.filter((vault) => ownedModels.has(vault.modelMint.toBase58()));
  const models = await client.registry.account.model.fetchMultiple(
    ownedVaults.map((vault) => modelPda(vault.modelMint, client.registry.programId))
  );
  const currentOwnerPeriods = new Set(
    ownedVaults.filter((vault, index) => models[index]?.saleCount === vault.ownerSaleCount).map((vault) => vault.address.toBase58())
  );
  const shares: { vault: VaultState; slot: number; amount: bigint }[] = [];
  for (const vault of vaults) {
    for (let slot = FIRST_CONTRIBUTOR_SLOT; slot <= OWNER_SLOT; slot++) {
      const mine = slot === OWNER_SLOT ? currentOwnerPeriods.has(vault.address.toBase58()) : vault.recipients[slot].wallet.equals(wallet);
      const amount = mine ? owed(vault, slot) : 0n;
      if (amount > 0n) shares.push({ vault, slot, amount });
    }
  }
  return shares;
}

/** What vaults settled to `wallet` as a previous owner of their models, waiting to be paid (one getProgramAccounts). */
export async function previousOwnerEarnings(client: HexClient, wallet: PublicKey) {
  const records = await client.escrow.account.previousOwnerEarnings.all([
    { memcmp: { offset: PREVIOUS_OWNER_EARNINGS_OFFSETS.owner, bytes: wallet.toBase58() } },
  ]);
  const vaults = await fetchVaults(client, records.map(({ account }) => account.vault));
  return records.map(({ account }, index) => {
    const vault = vaults[index];
    if (!vault) throw new Error(`vault ${account.vault.toBase58()} of a previous owner's earnings is missing`);
    return { vault, rentPayer: account.rentPayer, amount: BigInt(account.amount.toString()) };
  });
}

/**
 * For a wallet that sold models: in every vault still in its owner period
 * (untouched since the sale) where the owner's share is owed something,
 * sets that aside for it (settle_owner_period, the wallet funding each
 * earnings account and getting the rent back when paid), so that claimAll
 * pays it. Two reads (every vault, then their models), then as few
 * transactions as the settlements fit in; none when there is nothing to settle.
 */
export async function settleSoldVaults(client: HexClient): Promise<TransactionSignature[]> {
  const wallet = client.wallet;
  const vaults = (await fetchAllVaults(client)).filter((vault) => vault.ownerOfRecord.equals(wallet) && owed(vault, OWNER_SLOT) > 0n);
  const models = await client.registry.account.model.fetchMultiple(vaults.map((vault) => modelPda(vault.modelMint, client.registry.programId)));
  const instructions: TransactionInstruction[] = [];
  for (const [index, vault] of vaults.entries()) {
    if (models[index]?.saleCount === vault.ownerSaleCount) continue;
    instructions.push(await settleOwnerPeriodInstruction(client, { payer: wallet, modelMint: vault.modelMint, paymentMint: vault.paymentMint, previousOwner: wallet }));
  }
  const signatures: TransactionSignature[] = [];
  for (const batch of packInstructions(instructions, wallet, client.sendOptions)) signatures.push(await sendInstructions(client, batch));
  return signatures;
}

/**
 * Claims everything the client's wallet is owed, as contributor, as owner,
 * or as a previous owner of a sold model, into its associated token
 * accounts (created when missing), packing claims into as few transactions
 * as fit.
 */
export async function claimAll(client: HexClient): Promise<ClaimResult[]> {
  const wallet = client.wallet;
  const [shares, earnings] = await Promise.all([claimableShares(client, wallet), previousOwnerEarnings(client, wallet)]);
  const instructions: TransactionInstruction[] = [];
  const destinations = new Set<string>();
  const destinationFor = (vault: VaultState) => {
    const destination = getAssociatedTokenAddressSync(vault.paymentMint, wallet, true, vault.tokenProgram);
    if (!destinations.has(destination.toBase58())) {
      destinations.add(destination.toBase58());
      instructions.push(createAssociatedTokenAccountIdempotentInstruction(wallet, destination, wallet, vault.paymentMint, vault.tokenProgram));
    }
    return destination;
  };
  const claims: (Omit<ClaimResult, "signature"> & { instruction: TransactionInstruction })[] = [];
  for (const { vault, slot, amount } of shares) {
    const instruction = await claimInstruction(client, vault, slot, destinationFor(vault));
    instructions.push(instruction);
    claims.push({ vault: vault.address, slot, amount, instruction });
  }
  for (const { vault, rentPayer, amount } of earnings) {
    const payment = { sender: wallet, previousOwner: wallet, rentPayer, destination: destinationFor(vault) };
    const instruction = await payPreviousOwnerInstruction(client, { ...vaultKey(vault), ...payment });
    instructions.push(instruction);
    claims.push({ vault: vault.address, slot: OWNER_SLOT, previousOwner: true, amount, instruction });
  }
  const results: ClaimResult[] = [];
  for (const batch of packInstructions(instructions, wallet, client.sendOptions)) {
    const signature = await sendInstructions(client, batch);
    for (const { instruction, ...claim } of claims.filter((c) => batch.includes(c.instruction))) {
      results.push({ ...claim, signature });
    }
  }
  return results;
}
