// Typed fetchers of royalty_escrow accounts (vaults, family reward pools,
// payout preferences), with amounts, epochs and points as bigint, and the
// byte offsets and recipient slots the escrow publishes.
import { AccountInfo, PublicKey } from "@solana/web3.js";
import { Buffer } from "buffer";
import royaltyEscrowIdl from "../idl/royalty_escrow.json";
import { HexClient } from "../core/programs";
import { fetchMultiple } from "../core/accounts";
import { idlArrayLengths, idlNumber } from "../core/idl";
import { exactly, idlDecoder, optionalKey } from "../core/decode";
import type { RoyaltyEscrow } from "../idl/royalty_escrow";
import { familyPoolPda, payoutPreferencesPda, vaultPda } from "./pda";
import type { FamilyPoolState, VaultState } from "./math";

const escrow = (name: string) => idlNumber(royaltyEscrowIdl, name);
const decode = idlDecoder<RoyaltyEscrow>();

// Offsets of the fields memcmp filters read, from the escrow's IDL (see idlNumber).

/** Vault: version, bump, tokens_bump, model_mint, payment_mint, ... recipients. */
export const VAULT_OFFSETS = {
  modelMint: escrow("VAULT_MODEL_MINT_OFFSET"),
  paymentMint: escrow("VAULT_PAYMENT_MINT_OFFSET"),
  recipients: escrow("VAULT_RECIPIENTS_OFFSET"),
} as const;
/** PreviousOwnerEarnings: account_version u8, bump u8, vault, owner. */
export const PREVIOUS_OWNER_EARNINGS_OFFSETS = {
  vault: escrow("PREVIOUS_OWNER_EARNINGS_VAULT_OFFSET"),
  owner: escrow("PREVIOUS_OWNER_EARNINGS_OWNER_OFFSET"),
} as const;
/** FamilyPool: account_version u8, bump u8, tokens_bump u8, root_mint, payment_mint. */
export const FAMILY_POOL_OFFSETS = {
  rootMint: escrow("FAMILY_POOL_ROOT_MINT_OFFSET"),
  paymentMint: escrow("FAMILY_POOL_PAYMENT_MINT_OFFSET"),
} as const;
/** Each recipient: wallet (32), share_bps (2), earned_in_closed_epochs (8), taken (8). */
export const VAULT_RECIPIENT_SIZE = escrow("VAULT_RECIPIENT_SIZE");

/** Recipient slots of a vault: the parent's vault, 16 contributors, the owner (the last of `Vault.recipients`). */
export const PARENT_SLOT = 0;
export const FIRST_CONTRIBUTOR_SLOT = 1;
export const OWNER_SLOT = idlArrayLengths(royaltyEscrowIdl, "Vault", "recipients")[0] - 1;

/**
 * Family pools: a closed epoch is collectable during this many epochs after
 * it ends (the length of `FamilyPool.closed`); a vault keeps one more entry
 * of trend points, for the current epoch.
 */
export const COLLECT_WINDOW_EPOCHS = idlArrayLengths(royaltyEscrowIdl, "FamilyPool", "closed")[0];


type RawVault = Awaited<ReturnType<HexClient["escrow"]["account"]["vault"]["fetch"]>>;

export function toVaultState(address: PublicKey, raw: RawVault): VaultState {
  const vault = decode("vault", raw);
  return exactly<VaultState>()({ address, ...vault, parentVault: optionalKey(vault.parentVault) });
}

/** The vaults at these addresses, null where none exists. */
export async function fetchVaults(client: HexClient, addresses: PublicKey[]): Promise<(VaultState | null)[]> {
  const infos = await fetchMultiple(client, addresses);
  return infos.map((info, index) =>
    info ? toVaultState(addresses[index], client.escrow.coder.accounts.decode("vault", info.data)) : null
  );
}

export async function fetchVault(client: HexClient, modelMint: PublicKey, paymentMint: PublicKey): Promise<VaultState | null> {
  return (await fetchVaults(client, [vaultPda(modelMint, paymentMint, client.escrow.programId)]))[0];
}

/** Every vault of the escrow program, decoded (one getProgramAccounts). */
export async function fetchAllVaults(client: HexClient): Promise<VaultState[]> {
  const accounts = await client.escrow.account.vault.all();
  return accounts.map(({ publicKey, account }) => toVaultState(publicKey, account));
}

/** Decodes a royalty-escrow vault from raw account data (no RPC). */
export function decodeVault(client: HexClient, address: PublicKey, info: AccountInfo<Buffer>): VaultState {
  return toVaultState(address, client.escrow.coder.accounts.decode("vault", info.data));
}

type RawFamilyPool = Awaited<ReturnType<HexClient["escrow"]["account"]["familyPool"]["fetch"]>>;

export function toFamilyPoolState(address: PublicKey, raw: RawFamilyPool): FamilyPoolState {
  return exactly<FamilyPoolState>()({ address, ...decode("familyPool", raw) });
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
