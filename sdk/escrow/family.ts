// Family reward flows: the root's trend share, collecting a member's rewards
// into its vault, keepers' distribution, payout preferences; and reads that
// compute, without sending anything, what collect and distribute pay, to the
// base unit. Each action says which reads it makes and what it sends.
import { createAssociatedTokenAccountIdempotentInstruction, getAssociatedTokenAddressSync } from "@solana/spl-token";
import { PublicKey, TransactionSignature } from "@solana/web3.js";
import { HexClient } from "../core/programs";
import { sendInstructions } from "../core/tx";
import { chainTime } from "../core/accounts";
import { BPS_DENOMINATOR, shareOf } from "../core/math";
import { fetchConfig, fetchModel, getFamily, ModelAccount } from "../registry/accounts";
import { familyPoolPda, vaultPda } from "./pda";
import { familyPool, fetchPayoutPreferences, fetchVault, fetchVaults, FIRST_CONTRIBUTOR_SLOT, OWNER_SLOT, PayoutPreferences } from "./accounts";
import { advancePool, cloneVault, collectableRewards, EpochReward, FamilyPoolState, takeOwed, VaultState } from "./math";
import {
  collectFamilyRewardInstruction,
  distributeInstruction,
  setPayoutPreferencesInstruction,
  setTrendShareInstruction,
} from "./instructions";
import { vaultUpkeepInstructions } from "./actions";

const BPS_MAX = Number(BPS_DENOMINATOR);

/** A model and its vault in a payment mint, both required. */
async function modelAndVault(client: HexClient, modelMint: PublicKey, paymentMint: PublicKey): Promise<{ model: ModelAccount; vault: VaultState }> {
  const [model, vault] = await Promise.all([fetchModel(client, modelMint), fetchVault(client, modelMint, paymentMint)]);
  if (!model) throw new Error(`no model is registered for mint ${modelMint.toBase58()}`);
  if (!vault) throw new Error(`model ${modelMint.toBase58()} has no vault for mint ${paymentMint.toBase58()}`);
  return { model, vault };
}

/** Whether `vault` agrees with its model's split and owner: collect and the owner's distribute need it. */
export function vaultIsCurrent(model: Pick<ModelAccount, "splitVersion" | "saleCount">, vault: VaultState): boolean {
  return vault.splitVersion === model.splitVersion && vault.ownerSaleCount === model.saleCount;
}

// ---------------------------------------------------------------- actions

export interface TrendShareParams {
  /** The family's root model (a base model); the client's wallet must own it. */
  rootMint: PublicKey;
  paymentMint: PublicKey;
  /** Share of every member's net license revenue paid into the pool, up to the platform's cap; 0 turns the pool off. */
  trendShareBps: number;
}

/**
 * Opens the reward pool of a family the client's wallet owns the root of,
 * for a payment mint (the wallet pays its rent), or changes its trend
 * share. Two reads in parallel (root model, config; the payment mint), one
 * transaction.
 */
export async function setTrendShare(client: HexClient, params: TrendShareParams): Promise<{ signature: TransactionSignature; pool: PublicKey }> {
  const { rootMint, paymentMint, trendShareBps } = params;
  if (!Number.isInteger(trendShareBps) || trendShareBps < 0 || trendShareBps > BPS_MAX) {
    throw new Error(`the trend share must be a whole number of bps from 0 to ${BPS_MAX}, got ${trendShareBps}`);
  }
  const [root, config, mintInfo] = await Promise.all([
    fetchModel(client, rootMint),
    fetchConfig(client),
    client.connection.getAccountInfo(paymentMint, "confirmed"),
  ]);
  if (!root) throw new Error(`no model is registered for mint ${rootMint.toBase58()}`);
  if (!root.root.equals(rootMint)) throw new Error(`model ${rootMint.toBase58()} is a fork: its family's root is ${root.root.toBase58()}`);
  if (!root.owner.equals(client.wallet)) throw new Error(`${client.wallet.toBase58()} does not own the root model (its owner is ${root.owner.toBase58()})`);
  if (trendShareBps > config.family.maxTrendShareBps) {
    throw new Error(`the trend share ${trendShareBps} bps is above the platform's cap of ${config.family.maxTrendShareBps} bps`);
  }
  if (!mintInfo) throw new Error(`payment mint ${paymentMint.toBase58()} not found`);
  const instruction = await setTrendShareInstruction(client, { owner: client.wallet, rootMint, paymentMint, tokenProgram: mintInfo.owner, trendShareBps });
  return { signature: await sendInstructions(client, [instruction]), pool: familyPoolPda(rootMint, paymentMint, client.escrow.programId) };
}

export interface MemberKey {
  /** The family member (any model of the family, the root included). */
  memberMint: PublicKey;
  paymentMint: PublicKey;
}

/**
 * Collects a member's rewards of its collectable closed epochs from its
 * family's pool into its vault, where its split applies (anyone may). Two
 * reads in parallel (model, vault), one transaction, which first brings the
 * vault up to date (see `vaultUpkeepInstructions`). Fails with
 * NothingToCollect when there is nothing (see `previewCollect`).
 */
export async function collectFamilyReward(client: HexClient, key: MemberKey): Promise<TransactionSignature> {
  const { model, vault } = await modelAndVault(client, key.memberMint, key.paymentMint);
  const upkeep = await vaultUpkeepInstructions(client, client.wallet, model, vault);
  const collect = await collectFamilyRewardInstruction(client, { ...key, rootMint: model.root, tokenProgram: vault.tokenProgram });
  return sendInstructions(client, [...upkeep, collect]);
}

export interface DistributionKey {
  modelMint: PublicKey;
  paymentMint: PublicKey;
  /** A contributor slot (1-16), or OWNER_SLOT for the holder of the model's ownership NFT. */
  slot: number;
}

/** The wallet `slot` of `vault` pays: its contributor, or the model's owner; null for an empty slot. */
export function recipientOf(model: Pick<ModelAccount, "owner">, vault: VaultState, slot: number): PublicKey | null {
  if (slot === OWNER_SLOT) return model.owner;
  const wallet = vault.recipients[slot].wallet;
  return wallet.equals(PublicKey.default) ? null : wallet;
}

/**
 * Pays what a vault owes the recipient in `slot` into the recipient's
 * associated token account (the program creates it if missing and the
 * recipient allows it), less the platform's distributor fee, which goes to
 * the client's wallet (anyone may send it). Two reads in parallel (model,
 * vault), one transaction: the vault's upkeep if needed, the wallet's own
 * token account for the fee (idempotent), then distribute.
 */
export async function distribute(client: HexClient, key: DistributionKey): Promise<TransactionSignature> {
  if (!Number.isInteger(key.slot) || key.slot < FIRST_CONTRIBUTOR_SLOT || key.slot > OWNER_SLOT) {
    throw new Error(`slot must be a contributor slot (${FIRST_CONTRIBUTOR_SLOT}-${OWNER_SLOT - 1}) or the owner slot (${OWNER_SLOT}), got ${key.slot}`);
  }
  const { model, vault } = await modelAndVault(client, key.modelMint, key.paymentMint);
  const recipient = recipientOf(model, vault, key.slot);
  if (!recipient) throw new Error(`slot ${key.slot} of the vault of ${key.modelMint.toBase58()} names no contributor`);
  const upkeep = await vaultUpkeepInstructions(client, client.wallet, model, vault);
  const { setup, distributorTokens } = distributorTokenAccount(client, vault);
  const instruction = await distributeInstruction(client, {
    distributor: client.wallet,
    distributorTokens,
    modelMint: key.modelMint,
    paymentMint: key.paymentMint,
    tokenProgram: vault.tokenProgram,
    slot: key.slot,
    recipient,
  });
  return sendInstructions(client, [...upkeep, setup, instruction]);
}

/** The client's associated token account for the vault's payment mint, which receives distributor fees, and its idempotent creation. */
export function distributorTokenAccount(client: HexClient, vault: Pick<VaultState, "paymentMint" | "tokenProgram">) {
  const distributorTokens = getAssociatedTokenAddressSync(vault.paymentMint, client.wallet, true, vault.tokenProgram);
  const setup = createAssociatedTokenAccountIdempotentInstruction(client.wallet, distributorTokens, client.wallet, vault.paymentMint, vault.tokenProgram);
  return { distributorTokens, setup };
}

/**
 * Sets how keepers may pay the client's wallet: `optOut` stops `distribute`
 * from paying it at all (its own claims still do); `allowAccountCreation`
 * (default true) lets a keeper create its associated token account. No
 * read, one transaction (the first one pays the preferences account's rent).
 */
export async function setPayoutPreferences(
  client: HexClient,
  preferences: { optOut: boolean; allowAccountCreation?: boolean }
): Promise<TransactionSignature> {
  const instruction = await setPayoutPreferencesInstruction(client, {
    wallet: client.wallet,
    optOut: preferences.optOut,
    allowAccountCreation: preferences.allowAccountCreation ?? true,
  });
  return sendInstructions(client, [instruction]);
}

// ---------------------------------------------------------------- reads and previews

export interface FamilyMember {
  model: ModelAccount;
  /** null when the member has no vault in the payment mint. */
  vault: VaultState | null;
  /** The member's trend points in the pool's epoch of now. */
  pointsThisEpoch: bigint;
  /** What collecting would pay its vault now. */
  collectable: bigint;
}

export interface FamilyView {
  /** The pool as of `now` (advanced locally as the next instruction touching it will), or null if the root opened none. */
  pool: FamilyPoolState | null;
  /** The root first, then by depth. */
  members: FamilyMember[];
  now: bigint;
}

/**
 * Every model of the family rooted at `rootMint`, with its points in the
 * current epoch and its collectable reward in `paymentMint`. Two round trips:
 * the family (getProgramAccounts), then its vaults, the pool and the clock.
 */
export async function familyMembers(client: HexClient, rootMint: PublicKey, paymentMint: PublicKey, now?: bigint): Promise<FamilyView> {
  const family = await getFamily(client, rootMint);
  if (family.length === 0) throw new Error(`no model is registered with root ${rootMint.toBase58()}`);
  const [vaults, pool, time] = await Promise.all([
    fetchVaults(client, family.map((model) => vaultPda(model.mint, paymentMint, client.escrow.programId))),
    familyPool(client, rootMint, paymentMint),
    now ?? chainTime(client),
  ]);
  const current = pool && advancePool(pool, time);
  const members = family.map((model, index) => {
    const vault = vaults[index];
    const points = vault?.trendPoints.find((entry) => entry.points > 0n && current && entry.epoch === current.currentEpoch)?.points ?? 0n;
    const collectable = vault && current ? collectableRewards(current, vault.trendPoints).amount : 0n;
    return { model, vault, pointsThisEpoch: points, collectable };
  });
  return { pool: current, members, now: time };
}

export interface CollectPreview {
  /** What collect_family_reward moves from the pool into the member's vault. */
  amount: bigint;
  /** Per closed epoch the member earned points in and may still collect. */
  epochs: EpochReward[];
}

/** The chain state a collect preview reads: the member, its vault, its family's pool and the clock. */
async function collectState(client: HexClient, key: MemberKey, now?: bigint) {
  const { model, vault } = await modelAndVault(client, key.memberMint, key.paymentMint);
  const [pool, time] = await Promise.all([familyPool(client, model.root, key.paymentMint), now ?? chainTime(client)]);
  return { model, vault, pool: pool && advancePool(pool, time) };
}

/**
 * What collecting the member's rewards pays into its vault at `now` (unix
 * seconds; the chain's clock by default), to the base unit, without
 * sending anything. Three round trips (model and vault, then pool and clock).
 */
export async function previewCollect(client: HexClient, key: MemberKey, now?: bigint): Promise<CollectPreview> {
  const { vault, pool } = await collectState(client, key, now);
  return pool ? collectableRewards(pool, vault.trendPoints) : { amount: 0n, epochs: [] };
}

/** The family reward a member may collect now (0 when none): `previewCollect`'s amount. */
export async function collectableReward(client: HexClient, memberMint: PublicKey, paymentMint: PublicKey, now?: bigint): Promise<bigint> {
  return (await previewCollect(client, { memberMint, paymentMint }, now)).amount;
}

export interface Distribution {
  slot: number;
  recipient: PublicKey;
  /** What the vault pays out: the recipient's amount plus the distributor fee. */
  owed: bigint;
  distributorFee: bigint;
  toRecipient: bigint;
}

/**
 * What distribute pays for every slot of `vault` with something owed (a
 * vault whose model is current; see `vaultIsCurrent`): contributor slots,
 * then the owner's. `vault` is not modified.
 */
export function planDistributions(model: Pick<ModelAccount, "owner">, vault: VaultState, distributorFeeBps: number): Distribution[] {
  const after = cloneVault(vault);
  const distributions: Distribution[] = [];
  for (let slot = FIRST_CONTRIBUTOR_SLOT; slot <= OWNER_SLOT; slot++) {
    const recipient = recipientOf(model, after, slot);
    if (!recipient) continue;
    const owed = takeOwed(after, slot);
    if (owed === 0n) continue;
    const distributorFee = shareOf(owed, distributorFeeBps);
    distributions.push({ slot, recipient, owed, distributorFee, toRecipient: owed - distributorFee });
  }
  return distributions;
}

export interface DistributionPreview extends Distribution {
  preferences: PayoutPreferences;
  /** Whether its associated token account exists (distribute creates it if its preferences allow). */
  accountExists: boolean;
  /** Why distribute would refuse it: the recipient opted out, or its account is missing and may not be created. */
  refusal: "RecipientOptedOut" | "RecipientAccountMissing" | null;
}

/**
 * What distribute pays each recipient of a member's vault now, to the base
 * unit, without sending anything; with `afterCollect`, once the member's
 * collectable family reward is collected first (as the keeper does). The
 * vault must be current with its model (its upkeep done). Four round trips
 * (model and vault, pool and clock and config, recipients' preferences and
 * token accounts).
 */
export async function previewDistribute(
  client: HexClient,
  key: MemberKey & { afterCollect?: boolean },
  now?: bigint
): Promise<DistributionPreview[]> {
  const [{ model, vault, pool }, config] = await Promise.all([collectState(client, key, now), fetchConfig(client)]);
  if (!vaultIsCurrent(model, vault)) {
    throw new Error(`the vault of ${key.memberMint.toBase58()} needs its upkeep first (sync_split or settle_owner_period, see vaultUpkeepInstructions)`);
  }
  const state = cloneVault(vault);
  if (key.afterCollect && pool) state.totalIncome += collectableRewards(pool, vault.trendPoints).amount;
  const distributions = planDistributions(model, state, config.family.distributorFeeBps);
  const recipients = distributions.map((distribution) => distribution.recipient);
  const [preferences, accounts] = await Promise.all([
    fetchPayoutPreferences(client, recipients),
    client.connection.getMultipleAccountsInfo(
      recipients.map((recipient) => getAssociatedTokenAddressSync(vault.paymentMint, recipient, true, vault.tokenProgram)),
      "confirmed"
    ),
  ]);
  return distributions.map((distribution, index) => {
    const accountExists = accounts[index] !== null;
    const { optOut, allowAccountCreation } = preferences[index];
    const refusal = optOut ? "RecipientOptedOut" : !accountExists && !allowAccountCreation ? "RecipientAccountMissing" : null;
    return { ...distribution, preferences: preferences[index], accountExists, refusal };
  });
}
