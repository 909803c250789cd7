// Hex programs emit their events by self-CPI (Anchor's `emit_cpi!`): they are
// in the transaction's inner instructions, never truncated like logs.
import { BorshCoder, Idl } from "@coral-xyz/anchor";
import { sha256 } from "@noble/hashes/sha256";
import { PublicKey, TransactionSignature, VersionedTransactionResponse } from "@solana/web3.js";
import bs58 from "bs58";
import { Buffer } from "buffer";
import { HexClient } from "./programs";

/**
 * Anchor's tag in front of every event emitted by self-CPI: the u64 made of
 * the first 8 bytes of sha256("anchor:event"), written little-endian.
 */
const EVENT_IX_TAG = Buffer.from(sha256("anchor:event").subarray(0, 8)).reverse();
/** Anchor's seed of the PDA that signs a program's self-CPI events. */
const EVENT_AUTHORITY_SEED = Buffer.from("__event_authority");

/** The PDA through which a program emits its CPI events. */
export function eventAuthorityPda(programId: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([EVENT_AUTHORITY_SEED], programId)[0];
}

export interface HexEvent {
  program: PublicKey;
  name: string;
  data: Record<string, unknown>;
  /** The top-level instruction that emitted it, and its place among that instruction's inner instructions. */
  instructionIndex: number;
  innerIndex: number;
}

/** An event coder per program id, from the programs' IDLs. */
export function eventCoders(idls: Idl[]): Map<string, BorshCoder> {
  return new Map(idls.map((idl) => [idl.address, new BorshCoder(idl)]));
}

/** The events a transaction (as getTransaction returns it) emitted, in order. */
export function decodeEvents(transaction: VersionedTransactionResponse, coders: Map<string, BorshCoder>): HexEvent[] {
  if (!transaction.meta) return [];
  const keys = transaction.transaction.message.getAccountKeys({
    accountKeysFromLookups: transaction.meta.loadedAddresses,
  });
  const events: HexEvent[] = [];
  for (const inner of transaction.meta.innerInstructions ?? []) {
    inner.instructions.forEach((instruction, innerIndex) => {
      const program = keys.get(instruction.programIdIndex);
      const coder = program && coders.get(program.toBase58());
      const data = Buffer.from(bs58.decode(instruction.data));
      if (!program || !coder || !data.subarray(0, 8).equals(EVENT_IX_TAG)) return;
      const event = coder.events.decode(data.subarray(8).toString("base64"));
      if (event) events.push({ program, name: event.name, data: event.data, instructionIndex: inner.index, innerIndex });
    });
  }
  return events;
}

/** The events a confirmed transaction emitted, in order. */
export async function fetchEvents(client: HexClient, signature: TransactionSignature): Promise<HexEvent[]> {
  const transaction = await client.connection.getTransaction(signature, {
    commitment: "confirmed",
    maxSupportedTransactionVersion: 0,
  });
  if (!transaction?.meta) throw new Error(`transaction ${signature} not found`);
  return decodeEvents(transaction, eventCoders([client.registry.idl, client.market.idl, client.escrow.idl] as Idl[]));
}
