// The royalty split, mirroring programs/royalty_escrow/src/state/vault.rs
// exactly: integer math in bigint, rounding down.
import { PublicKey } from "@solana/web3.js";
import { BPS_DENOMINATOR, shareOf } from "../core/math";
import {
  MIN_REVIEWS_FOR_RATING,
  RATING_MULTIPLIER_MAX_BPS,
  RATING_MULTIPLIER_MIN_BPS,
  RATING_MULTIPLIER_NEUTRAL_BPS,
} from "../registry/constants";
import { COLLECT_WINDOW_EPOCHS, PARENT_SLOT } from "./accounts";

export interface RecipientState {
  /** Parent vault (slot 0), contributor wallet, or the default key (owner slot). */
  wallet: PublicKey;
  shareBps: number;
  earnedInClosedEpochs: bigint;
  taken: bigint;
}

export interface VaultState {
  address: PublicKey;
  modelMint: PublicKey;
  paymentMint: PublicKey;
  tokenProgram: PublicKey;
  /** null for a base model's vault. */
  parentVault: PublicKey | null;
  splitVersion: number;
  totalIncome: bigint;
  totalPaidOut: bigint;
  epochStart: bigint;
  recipients: RecipientState[];
  /** Who owned the model during the vault's current owner period, and the model's sale count when it began. */
  ownerOfRecord: PublicKey;
  ownerSaleCount: number;
  /** Owner shares settled to previous owners and not yet paid. */
  owedToPreviousOwners: bigint;
  /** The model's trend points in its family pool for this payment mint, per epoch, until collected. */
  trendPoints: MemberPoints[];
}

/** What the recipient in `slot` may take now. */
export function owed(vault: VaultState, slot: number): bigint {
  const recipient = vault.recipients[slot];
  return recipient.earnedInClosedEpochs + shareOf(vault.totalIncome - vault.epochStart, recipient.shareBps) - recipient.taken;
}

export function cloneVault(vault: VaultState): VaultState {
  return { ...vault, recipients: vault.recipients.map((recipient) => ({ ...recipient })), trendPoints: vault.trendPoints.map((entry) => ({ ...entry })) };
}

/** Marks everything `slot` is owed as taken, as release, claim and distribute do. */
export function takeOwed(vault: VaultState, slot: number): bigint {
  const amount = owed(vault, slot);
  vault.recipients[slot].taken += amount;
  vault.totalPaidOut += amount;
  return amount;
}

export interface Payout {
  /** The model whose vault pays. */
  modelMint: PublicKey;
  slot: number;
  /** The contributor's wallet; for the owner slot, the default key (the NFT holder at claim time). */
  wallet: PublicKey;
  amount: bigint;
}

/**
 * What each recipient up a lineage receives if `amount` is deposited into
 * the first vault now, every vault then releases to its parent (deepest
 * first) and every recipient claims. `chain` lists the vaults from the
 * depositing model up to the root; it is not modified.
 */
export function simulateSplit(chain: VaultState[], amount: bigint): Payout[] {
  const vaults = chain.map(cloneVault);
  if (vaults.length === 0) throw new Error("simulateSplit needs at least the depositing model's vault");
  vaults[0].totalIncome += amount;
  vaults.forEach((vault, index) => {
    const parent = vaults[index + 1];
    if (parent) parent.totalIncome += takeOwed(vault, PARENT_SLOT);
  });
  const payouts: Payout[] = [];
  for (const vault of vaults) {
    for (let slot = PARENT_SLOT + 1; slot < vault.recipients.length; slot++) {
      const paid = takeOwed(vault, slot);
      if (paid > 0n) payouts.push({ modelMint: vault.modelMint, slot, wallet: vault.recipients[slot].wallet, amount: paid });
    }
  }
  return payouts;
}

// Family reward pools, mirroring programs/royalty_escrow/src/state/family_pool.rs
// and the trend split of deposit_license_revenue.

/** A member's trend points in one epoch, kept in its vault; 0 points is a free entry. */
export interface MemberPoints {
  epoch: bigint;
  points: bigint;
}

/** A closed epoch whose rewards members may still collect. */
export interface ClosedEpochState {
  epoch: bigint;
  income: bigint;
  points: bigint;
  collected: bigint;
}

export interface FamilyPoolState {
  address: PublicKey;
  rootMint: PublicKey;
  paymentMint: PublicKey;
  tokenProgram: PublicKey;
  trendShareBps: number;
  epochSecs: bigint;
  /** Unix time the pool's epoch 0 began. */
  origin: bigint;
  /** The epoch the pool was last moved to (by a payment, a collect or a trend share change). */
  currentEpoch: bigint;
  currentIncome: bigint;
  currentPoints: bigint;
  /** Closed epochs still collectable, at index `epoch % COLLECT_WINDOW_EPOCHS`. */
  closed: ClosedEpochState[];
  totalIncome: bigint;
  totalCollected: bigint;
  totalRolledOver: bigint;
}

/** The epoch `now` (unix seconds, never before the pool's origin on chain) falls in. */
export function epochAt(pool: Pick<FamilyPoolState, "origin" | "epochSecs">, now: bigint): bigint {
  return now > pool.origin ? (now - pool.origin) / pool.epochSecs : 0n;
}

/** Whether the closed `epoch` can still be collected. */
export function isCollectable(pool: Pick<FamilyPoolState, "currentEpoch">, epoch: bigint): boolean {
  return epoch < pool.currentEpoch && pool.currentEpoch <= epoch + BigInt(COLLECT_WINDOW_EPOCHS);
}

const emptyClosedEpoch = (): ClosedEpochState => ({ epoch: 0n, income: 0n, points: 0n, collected: 0n });

/**
 * The pool moved to the epoch `now` falls in, as any instruction touching it
 * does first: expired epochs roll what was not collected into the new
 * epoch; the ending epoch is kept for collection if it has points and is
 * still in the window, else its income rolls over too. Not modified.
 */
export function advancePool(pool: FamilyPoolState, now: bigint): FamilyPoolState {
  const newEpoch = epochAt(pool, now);
  if (newEpoch <= pool.currentEpoch) return pool;
  const window = BigInt(COLLECT_WINDOW_EPOCHS);
  let rolledOver = 0n;
  const closed = pool.closed.map((entry) => {
    if (entry.points > 0n && entry.epoch + window < newEpoch) {
      rolledOver += entry.income - entry.collected;
      return emptyClosedEpoch();
    }
    return { ...entry };
  });
  const ending: ClosedEpochState = { epoch: pool.currentEpoch, income: pool.currentIncome, points: pool.currentPoints, collected: 0n };
  if (ending.points > 0n && ending.epoch + window >= newEpoch) closed[Number(ending.epoch % window)] = ending;
  else rolledOver += ending.income;
  return {
    ...pool,
    closed,
    currentEpoch: newEpoch,
    currentIncome: rolledOver,
    currentPoints: 0n,
    totalRolledOver: pool.totalRolledOver + rolledOver,
  };
}

export interface EpochReward {
  epoch: bigint;
  points: bigint;
  /** floor(epoch income x points / epoch points). */
  reward: bigint;
}

/**
 * What collect_family_reward pays a member whose vault holds `member`, from
 * a pool already advanced to now: its reward of every collectable closed
 * epoch it earned points in (expired entries pay nothing).
 */
export function collectableRewards(pool: FamilyPoolState, member: MemberPoints[]): { amount: bigint; epochs: EpochReward[] } {
  const epochs: EpochReward[] = [];
  for (const entry of member) {
    if (entry.points === 0n || !isCollectable(pool, entry.epoch)) continue;
    const closed = pool.closed[Number(entry.epoch % BigInt(COLLECT_WINDOW_EPOCHS))];
    epochs.push({ epoch: entry.epoch, points: entry.points, reward: (closed.income * entry.points) / closed.points });
  }
  return { amount: epochs.reduce((sum, epoch) => sum + epoch.reward, 0n), epochs };
}

/** The weight of a model's trend points, in bps: neutral under 3 reviews, then 0.5x (1 star) to 1.5x (5 stars). */
export function ratingMultiplierBps(model: { ratingSum: bigint; ratingCount: bigint }): bigint {
  if (model.ratingCount < MIN_REVIEWS_FOR_RATING) return RATING_MULTIPLIER_NEUTRAL_BPS;
  const perStar = (RATING_MULTIPLIER_MAX_BPS - RATING_MULTIPLIER_MIN_BPS) / 4n;
  const average = (model.ratingSum * perStar) / model.ratingCount;
  const aboveOneStar = average > perStar ? average - perStar : 0n;
  const multiplier = RATING_MULTIPLIER_MIN_BPS + aboveOneStar;
  return multiplier < RATING_MULTIPLIER_MAX_BPS ? multiplier : RATING_MULTIPLIER_MAX_BPS;
}

/**
 * How a model's net license revenue `amount` divides when its family has a
 * pool: the trend share (the pool's, under the platform's current cap) goes
 * to the pool and earns the model points weighted by its rating.
 */
export function trendSplit(
  amount: bigint,
  pool: Pick<FamilyPoolState, "trendShareBps">,
  maxTrendShareBps: number,
  model: { ratingSum: bigint; ratingCount: bigint }
): { toPool: bigint; toVault: bigint; points: bigint } {
  const toPool = shareOf(amount, Math.min(pool.trendShareBps, maxTrendShareBps));
  return { toPool, toVault: amount - toPool, points: (toPool * ratingMultiplierBps(model)) / BPS_DENOMINATOR };
}
