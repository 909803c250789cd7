// Typed fetchers of the royalty escrow's family accounts (reward pools,
// payout preferences), with amounts, epochs and points as bigint.
import { AccountInfo, PublicKey, SYSVAR_CLOCK_PUBKEY } from "@solana/web3.js";
import { Buffer } from "buffer";
import { HexClient } from "./programs";
import { familyPoolPda, payoutPreferencesPda } from "./pda";
import { FamilyPoolState } from "./math";
import { fetchMultiple } from "./accounts";
import { FAMILY_POOL_OFFSETS } from "./layout";

type RawFamilyPool = Awaited<ReturnType<HexClient["escrow"]["account"]["familyPool"]["fetch"]>>;

const big = (value: { toString(): string }) => BigInt(value.toString());

export function toFamilyPoolState(address: PublicKey, raw: RawFamilyPool): FamilyPoolState {
  return {
    address,
    rootMint: raw.rootMint,
    paymentMint: raw.paymentMint,
    tokenProgram: raw.tokenProgram,
    trendShareBps: raw.trendShareBps,
    epochSecs: big(raw.epochSecs),
    origin: big(raw.origin),
    currentEpoch: big(raw.currentEpoch),
    currentIncome: big(raw.currentIncome),
    currentPoints: big(raw.currentPoints),
    closed: raw.closed.map((entry) => ({
      epoch: big(entry.epoch),
      income: big(entry.income),
      points: big(entry.points),
      collected: big(entry.collected),
    })),
    totalIncome: big(raw.totalIncome),
    totalCollected: big(raw.totalCollected),
    totalRolledOver: big(raw.totalRolledOver),
  };
}

export function decodeFamilyPool(client: HexClient, address: PublicKey, info: AccountInfo<Buffer>): FamilyPoolState {
  return toFamilyPoolState(address, client.escrow.coder.accounts.decode("familyPool", info.data));
}

/** The reward pool of the family rooted at `rootMint` in `paymentMint`, or null if its root never opened one (one round trip). */
export async function familyPool(client: HexClient, rootMint: PublicKey, paymentMint: PublicKey): Promise<FamilyPoolState | null> {
  const address = familyPoolPda(rootMint, paymentMint, client.escrow.programId);
  const info = await client.connection.getAccountInfo(address, "confirmed");
  return info ? decodeFamilyPool(client, address, info) : null;
}

/** Every reward pool of the family rooted at `rootMint`, one per payment mint (one getProgramAccounts). */
export async function familyPoolsOfRoot(client: HexClient, rootMint: PublicKey): Promise<FamilyPoolState[]> {
  const pools = await client.escrow.account.familyPool.all([{ memcmp: { offset: FAMILY_POOL_OFFSETS.rootMint, bytes: rootMint.toBase58() } }]);
  return pools.map(({ publicKey, account }) => toFamilyPoolState(publicKey, account));
}

export interface PayoutPreferences {
  /** Only the wallet's own claims pay it: keepers' `distribute` refuses. */
  optOut: boolean;
  /** A keeper may create the wallet's associated token account to pay it. */
  allowAccountCreation: boolean;
}

/** What `distribute` assumes for a wallet that never set preferences. */
export const DEFAULT_PAYOUT_PREFERENCES: PayoutPreferences = { optOut: false, allowAccountCreation: true };

/** Each wallet's payout preferences, the defaults where it set none (one getMultipleAccounts per 100 wallets). */
export async function fetchPayoutPreferences(client: HexClient, wallets: PublicKey[]): Promise<PayoutPreferences[]> {
  const infos = await fetchMultiple(client, wallets.map((wallet) => payoutPreferencesPda(wallet, client.escrow.programId)));
  return infos.map((info) => {
    if (!info) return DEFAULT_PAYOUT_PREFERENCES;
    const { optOut, allowAccountCreation } = client.escrow.coder.accounts.decode("payoutPreferences", info.data);
    return { optOut, allowAccountCreation };
  });
}

/** The chain's clock (unix seconds), as the programs read it: the Clock sysvar (one round trip). */
export async function chainTime(client: HexClient): Promise<bigint> {
  const info = await client.connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY, "confirmed");
  if (!info) throw new Error("the cluster serves no Clock sysvar");
  // Clock: slot u64, epoch_start_timestamp i64, epoch u64, leader_schedule_epoch u64, unix_timestamp i64.
  return info.data.readBigInt64LE(32);
}
