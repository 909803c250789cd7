// A keeper's pass over every vault of the escrow: upkeep, family rewards,
// releases up the lineages, then distribution to contributors and owners.
// Each step reads the chain first and sends only what it says is owed now,
// so a pass run twice, or restarted midway, never pays anything twice.
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { PublicKey, TransactionInstruction, TransactionSignature } from "@solana/web3.js";
import { HexClient } from "../core/programs";
import { MAX_TRANSACTION_SIZE, sendInstructions, transactionSize } from "../core/tx";
import { chainTime, fetchMultiple } from "../core/accounts";
import { fetchConfig, fetchModels, ModelAccount } from "../registry/accounts";
import { familyPoolPda } from "./pda";
import { decodeFamilyPool, fetchAllVaults, fetchPayoutPreferences, PARENT_SLOT } from "./accounts";
import { advancePool, cloneVault, collectableRewards, takeOwed, VaultState } from "./math";
import { collectFamilyRewardInstruction, distributeInstruction, releaseToParentInstruction, vaultKey } from "./instructions";
import { vaultUpkeepInstructions } from "./actions";
import { distributorTokenAccount, planDistributions, vaultIsCurrent } from "./family";

export type KeeperStep = "upkeep" | "collect" | "release" | "setup" | "distribute";

/** One piece of work: instructions that go together, and what they move. */
interface KeeperTask {
  step: KeeperStep;
  /** The vault acted on; for setup, the keeper's token account created for distributor fees. */
  account: PublicKey;
  paymentMint: PublicKey;
  /** Base units moved (0 for upkeep and setup). */
  amount: bigint;
  /** The contributor or owner slot paid (distribute only). */
  slot?: number;
  recipient?: PublicKey;
  instructions: TransactionInstruction[];
}

export type KeeperTaskView = Omit<KeeperTask, "instructions">;

export type KeeperEvent =
  | { kind: "sent"; signature: TransactionSignature; tasks: KeeperTaskView[] }
  | { kind: "failed"; error: string; tasks: KeeperTaskView[] }
  | {
      kind: "skipped";
      vault: PublicKey;
      paymentMint: PublicKey;
      slot: number;
      recipient: PublicKey;
      owed: bigint;
      reason: "RecipientOptedOut" | "RecipientAccountMissing";
    };

export interface KeeperOptions {
  /** Called after each transaction and each skipped payment; awaited. */
  onEvent?: (event: KeeperEvent) => void | Promise<void>;
  /** Checked before each transaction: true ends the pass after the current one. */
  shouldStop?: () => boolean;
}

export interface KeeperPassResult {
  transactions: number;
  failures: number;
  collected: bigint;
  released: bigint;
  /** Paid to recipients and distributor fees, together. */
  distributed: bigint;
  stopped: boolean;
}

interface Loaded {
  vaults: VaultState[];
  models: Map<string, ModelAccount>;
}

/** Every vault of the escrow and the model of each (two round trips, plus one per further 100 models). */
async function loadVaults(client: HexClient): Promise<Loaded> {
  const vaults = await fetchAllVaults(client);
  const mints = [...new Set(vaults.map((vault) => vault.modelMint.toBase58()))].map((mint) => new PublicKey(mint));
  const models = new Map<string, ModelAccount>();
  for (const model of await fetchModels(client, mints)) if (model) models.set(model.mint.toBase58(), model);
  return { vaults: vaults.filter((vault) => models.has(vault.modelMint.toBase58())), models };
}

const modelOf = (loaded: Loaded, vault: VaultState) => loaded.models.get(vault.modelMint.toBase58())!;

/** settle_owner_period and sync_split where a model changed since its vault last settled. */
async function upkeepTasks(client: HexClient, loaded: Loaded): Promise<KeeperTask[]> {
  const tasks: KeeperTask[] = [];
  for (const vault of loaded.vaults) {
    const instructions = await vaultUpkeepInstructions(client, client.wallet, modelOf(loaded, vault), vault);
    if (instructions.length > 0) tasks.push({ step: "upkeep", account: vault.address, paymentMint: vault.paymentMint, amount: 0n, instructions });
  }
  return tasks;
}

/** collect_family_reward for every current vault with a reward to collect now. */
async function collectTasks(client: HexClient, loaded: Loaded): Promise<KeeperTask[]> {
  const earning = loaded.vaults.filter((vault) => vault.trendPoints.some((entry) => entry.points > 0n) && vaultIsCurrent(modelOf(loaded, vault), vault));
  const poolAddresses = earning.map((vault) => familyPoolPda(modelOf(loaded, vault).root, vault.paymentMint, client.escrow.programId));
  const [poolInfos, now] = await Promise.all([fetchMultiple(client, poolAddresses), chainTime(client)]);
  const tasks: KeeperTask[] = [];
  for (const [index, vault] of earning.entries()) {
    const info = poolInfos[index];
    if (!info) continue;
    const pool = advancePool(decodeFamilyPool(client, poolAddresses[index], info), now);
    const { amount } = collectableRewards(pool, vault.trendPoints);
    if (amount === 0n) continue;
    const rootMint = modelOf(loaded, vault).root;
    const instruction = await collectFamilyRewardInstruction(client, { memberMint: vault.modelMint, rootMint, paymentMint: vault.paymentMint, tokenProgram: vault.tokenProgram });
    tasks.push({ step: "collect", account: vault.address, paymentMint: vault.paymentMint, amount, instructions: [instruction] });
  }
  return tasks;
}

/**
 * release_to_parent for every vault owing its parent, deepest first, so that
 * what a parent receives is released further in the same pass. Parents must
 * be current to take income.
 */
async function releaseTasks(client: HexClient, loaded: Loaded): Promise<KeeperTask[]> {
  const byAddress = new Map(loaded.vaults.map((vault) => [vault.address.toBase58(), cloneVault(vault)]));
  const deepestFirst = [...byAddress.values()].sort((a, b) => modelOf(loaded, b).depth - modelOf(loaded, a).depth);
  const tasks: KeeperTask[] = [];
  for (const vault of deepestFirst) {
    const parent = vault.parentVault && byAddress.get(vault.parentVault.toBase58());
    if (!parent || !vaultIsCurrent(modelOf(loaded, parent), parent)) continue;
    const amount = takeOwed(vault, PARENT_SLOT);
    if (amount === 0n) continue;
    parent.totalIncome += amount;
    const instruction = await releaseToParentInstruction(client, { ...vaultKey(vault), parentMint: parent.modelMint });
    tasks.push({ step: "release", account: vault.address, paymentMint: vault.paymentMint, amount, instructions: [instruction] });
  }
  return tasks;
}

/** distribute for every slot owed something, skipping recipients who opted out or whose account may not be created. */
async function distributeTasks(client: HexClient, loaded: Loaded, onEvent: (event: KeeperEvent) => void | Promise<void>): Promise<KeeperTask[]> {
  const config = await fetchConfig(client);
  const planned = loaded.vaults.flatMap((vault) => {
    const model = modelOf(loaded, vault);
    if (!vaultIsCurrent(model, vault)) return [];
    return planDistributions(model, vault, config.family.distributorFeeBps).map((distribution) => ({ vault, distribution }));
  });
  const recipients = planned.map(({ distribution }) => distribution.recipient);
  const [preferences, accounts] = await Promise.all([
    fetchPayoutPreferences(client, recipients),
    fetchMultiple(client, planned.map(({ vault, distribution }) => getAssociatedTokenAddressSync(vault.paymentMint, distribution.recipient, true, vault.tokenProgram))),
  ]);
  const setups = new Map<string, KeeperTask>();
  const tasks: KeeperTask[] = [];
  for (const [index, { vault, distribution }] of planned.entries()) {
    const { optOut, allowAccountCreation } = preferences[index];
    const reason = optOut ? "RecipientOptedOut" : !accounts[index] && !allowAccountCreation ? "RecipientAccountMissing" : null;
    const { slot, recipient, owed } = distribution;
    if (reason) {
      await onEvent({ kind: "skipped", vault: vault.address, paymentMint: vault.paymentMint, slot, recipient, owed, reason });
      continue;
    }
    const { distributorTokens, setup } = distributorTokenAccount(client, vault);
    // The keeper's own account for the fee in each payment mint, created (idempotently) ahead of the distributes.
    setups.set(distributorTokens.toBase58(), { step: "setup", account: distributorTokens, paymentMint: vault.paymentMint, amount: 0n, instructions: [setup] });
    const instruction = await distributeInstruction(client, { distributor: client.wallet, distributorTokens, ...vaultKey(vault), slot, recipient });
    tasks.push({ step: "distribute", account: vault.address, paymentMint: vault.paymentMint, amount: owed, slot, recipient, instructions: [instruction] });
  }
  return [...setups.values(), ...tasks];
}

/** Tasks packed, in order, into as few transactions as fit under the wire limit. */
function packTasks(client: HexClient, tasks: KeeperTask[]): KeeperTask[][] {
  const batches: KeeperTask[][] = [];
  for (const task of tasks) {
    const current = batches[batches.length - 1];
    const instructions = current ? [...current.flatMap((entry) => entry.instructions), ...task.instructions] : [];
    if (current && transactionSize(instructions, client.wallet, [], client.sendOptions) <= MAX_TRANSACTION_SIZE) current.push(task);
    else batches.push([task]);
  }
  return batches;
}

const view = (tasks: KeeperTask[]): KeeperTaskView[] => tasks.map(({ instructions: _instructions, ...task }) => task);

/**
 * One pass of a keeper over every vault of the escrow, the client's wallet
 * paying the fees (and the rent of accounts it creates) and taking the
 * platform's distributor fee: (1) settle owner periods and sync splits
 * where models changed, (2) collect family rewards where collectable, (3)
 * release to parents, deepest first, (4) distribute to contributors and
 * owners, skipping recipients who opted out and zero amounts. Each step
 * reads the chain before sending. A failed transaction of several tasks is
 * retried task by task; a task that fails alone is reported and skipped.
 */
export async function runKeeperPass(client: HexClient, options: KeeperOptions = {}): Promise<KeeperPassResult> {
  const onEvent = options.onEvent ?? (() => undefined);
  const shouldStop = options.shouldStop ?? (() => false);
  const result: KeeperPassResult = { transactions: 0, failures: 0, collected: 0n, released: 0n, distributed: 0n, stopped: false };
  const totals: Record<KeeperStep, "collected" | "released" | "distributed" | null> = {
    upkeep: null,
    collect: "collected",
    release: "released",
    setup: null,
    distribute: "distributed",
  };

  /** Sends one transaction; false if it failed (reported when it held a single task). */
  const sendBatch = async (batch: KeeperTask[]): Promise<boolean> => {
    try {
      const signature = await sendInstructions(client, batch.flatMap((task) => task.instructions));
      result.transactions += 1;
      for (const task of batch) {
        const total = totals[task.step];
        if (total) result[total] += task.amount;
      }
      await onEvent({ kind: "sent", signature, tasks: view(batch) });
      return true;
    } catch (error) {
      if (batch.length === 1) {
        result.failures += 1;
        await onEvent({ kind: "failed", error: error instanceof Error ? error.message.split("\n")[0] : String(error), tasks: view(batch) });
      }
      return false;
    }
  };
  /** Sends the tasks; false once asked to stop. */
  const send = async (tasks: KeeperTask[]): Promise<boolean> => {
    for (const batch of packTasks(client, tasks)) {
      if (shouldStop()) return false;
      if ((await sendBatch(batch)) || batch.length === 1) continue;
      for (const task of batch) {
        if (shouldStop()) return false;
        await sendBatch([task]);
      }
    }
    return true;
  };

  const steps = [
    (loaded: Loaded) => upkeepTasks(client, loaded),
    (loaded: Loaded) => collectTasks(client, loaded),
    (loaded: Loaded) => releaseTasks(client, loaded),
    (loaded: Loaded) => distributeTasks(client, loaded, onEvent),
  ];
  for (const step of steps) {
    if (!(await send(await step(await loadVaults(client))))) return { ...result, stopped: true };
  }
  return result;
}
