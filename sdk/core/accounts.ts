// Reading accounts, whatever their program: many at once, the clock, and
// the token accounts payments move through.
import { AccountInfo, PublicKey, SYSVAR_CLOCK_PUBKEY } from "@solana/web3.js";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { HexClient } from "./programs";

/** Fetches many accounts in as few getMultipleAccounts calls as possible (100 per call). */
export async function fetchMultiple(client: HexClient, addresses: PublicKey[]) {
  const pages: Promise<(AccountInfo<Buffer> | null)[]>[] = [];
  for (let start = 0; start < addresses.length; start += 100) {
    pages.push(client.connection.getMultipleAccountsInfo(addresses.slice(start, start + 100), "confirmed"));
  }
  return (await Promise.all(pages)).flat();
}

/** The chain's clock (unix seconds), as the programs read it: the Clock sysvar (one round trip). */
export async function chainTime(client: HexClient): Promise<bigint> {
  const info = await client.connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY, "confirmed");
  if (!info) throw new Error("the cluster serves no Clock sysvar");
  // Clock: slot u64, epoch_start_timestamp i64, epoch u64, leader_schedule_epoch u64, unix_timestamp i64.
  return info.data.readBigInt64LE(32);
}

/** A holder's associated token account for a payment mint. */
export function paymentTokenAddress(owner: PublicKey, paymentMint: PublicKey, tokenProgram: PublicKey): PublicKey {
  return getAssociatedTokenAddressSync(paymentMint, owner, true, tokenProgram);
}
