// Address lookup tables for v0 transactions: a table holding the accounts
// every Hex transaction names (programs, config, token programs) lets each
// of them take one byte instead of 32 in the largest actions. Use it with
// `client.withSendOptions({ lookupTables: [table] })`.
import {
  AddressLookupTableAccount,
  AddressLookupTableProgram,
  PublicKey,
  SystemProgram,
  SYSVAR_INSTRUCTIONS_PUBKEY,
  SYSVAR_RENT_PUBKEY,
  TransactionSignature,
} from "@solana/web3.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { configPda } from "../registry/pda";
import { escrowTokensPda, marketAuthorityPda } from "../market/pda";
import { HexClient } from "./programs";
import { paymentTokenAddress } from "./accounts";
import { eventAuthorityPda } from "./events";
import { sendInstructions } from "./tx";

/** Addresses an extend instruction adds at most, so that it fits in a legacy transaction. */
const ADDRESSES_PER_EXTEND = 20;

/**
 * The accounts Hex transactions name whatever the model: the three
 * programs and their event authorities, the platform config, the market's
 * authority, the token, associated token and system programs, and the rent
 * and instructions sysvars.
 */
export function hexStaticAddresses(client: HexClient): PublicKey[] {
  const programs = [client.registry.programId, client.market.programId, client.escrow.programId];
  return [
    ...programs,
    ...programs.map((programId) => eventAuthorityPda(programId)),
    configPda(client.registry.programId),
    marketAuthorityPda(client.market.programId),
    TOKEN_PROGRAM_ID,
    TOKEN_2022_PROGRAM_ID,
    ASSOCIATED_TOKEN_PROGRAM_ID,
    SystemProgram.programId,
    SYSVAR_RENT_PUBKEY,
    SYSVAR_INSTRUCTIONS_PUBKEY,
  ];
}

/**
 * The accounts every payment in `paymentMint` names: the mint, the market's
 * escrow account for it and the treasury's token account.
 */
export function paymentMintAddresses(client: HexClient, paymentMint: PublicKey, paymentTokenProgram: PublicKey, treasury: PublicKey): PublicKey[] {
  return [paymentMint, escrowTokensPda(paymentMint, client.market.programId), paymentTokenAddress(treasury, paymentMint, paymentTokenProgram)];
}

/** A lookup table's content (one RPC round trip). */
export async function fetchLookupTable(client: HexClient, address: PublicKey): Promise<AddressLookupTableAccount> {
  const { value } = await client.connection.getAddressLookupTable(address);
  if (!value) throw new Error(`no address lookup table at ${address.toBase58()}`);
  return value;
}

/** Waits until the slot after the transaction's: addresses a table gained in a slot are usable from the next one. */
async function waitForNextSlot(client: HexClient, signature: TransactionSignature): Promise<void> {
  const { value } = await client.connection.getSignatureStatus(signature);
  if (!value) throw new Error(`transaction ${signature} not found`);
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await client.connection.getSlot("confirmed")) > value.slot) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the cluster did not pass slot ${value.slot} in 20 s`);
}

/**
 * Adds to the table (whose authority is the client's wallet) the addresses
 * it lacks, in transactions of 20 addresses, and returns the table once
 * they are usable. A table holds at most 256 addresses.
 */
export async function extendHexLookupTable(
  client: HexClient,
  table: PublicKey,
  addresses: PublicKey[]
): Promise<{ table: AddressLookupTableAccount; signatures: TransactionSignature[] }> {
  const present = new Set((await fetchLookupTable(client, table)).state.addresses.map((key) => key.toBase58()));
  const missing = uniqueAddresses(addresses).filter((key) => !present.has(key.toBase58()));
  if (present.size + missing.length > 256) throw new Error(`a lookup table holds at most 256 addresses, ${present.size + missing.length} asked`);
  const signatures: TransactionSignature[] = [];
  for (let start = 0; start < missing.length; start += ADDRESSES_PER_EXTEND) {
    const instruction = AddressLookupTableProgram.extendLookupTable({
      lookupTable: table,
      authority: client.wallet,
      payer: client.wallet,
      addresses: missing.slice(start, start + ADDRESSES_PER_EXTEND),
    });
    signatures.push(await sendInstructions(client, [instruction], [], {}));
  }
  if (signatures.length > 0) await waitForNextSlot(client, signatures[signatures.length - 1]);
  return { table: await fetchLookupTable(client, table), signatures };
}

/**
 * Creates an address lookup table, with the client's wallet as its
 * authority and payer, holding `hexStaticAddresses` and `extra` (for
 * example `paymentMintAddresses` of the mints a dApp takes), and returns it
 * once usable: pass it as `lookupTables` in the client's send options.
 * Rent: about 0.0045 SOL for the static addresses; two transactions when
 * `extra` holds at most 6 addresses.
 */
export async function createHexLookupTable(
  client: HexClient,
  extra: PublicKey[] = []
): Promise<{ address: PublicKey; table: AddressLookupTableAccount; signatures: TransactionSignature[] }> {
  const recentSlot = await client.connection.getSlot("finalized");
  const [create, address] = AddressLookupTableProgram.createLookupTable({ authority: client.wallet, payer: client.wallet, recentSlot });
  const created = await sendInstructions(client, [create], [], {});
  const { table, signatures } = await extendHexLookupTable(client, address, [...hexStaticAddresses(client), ...extra]);
  return { address, table, signatures: [created, ...signatures] };
}

function uniqueAddresses(addresses: PublicKey[]): PublicKey[] {
  const seen = new Map<string, PublicKey>();
  for (const address of addresses) seen.set(address.toBase58(), address);
  return [...seen.values()];
}
