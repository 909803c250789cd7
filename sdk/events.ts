// Hex programs emit their events by self-CPI (Anchor's `emit_cpi!`): they are
// in the transaction's inner instructions, never truncated like logs.
import { BorshCoder, Idl } from "@coral-xyz/anchor";
import { PublicKey, TransactionSignature } from "@solana/web3.js";
import bs58 from "bs58";
import { Buffer } from "buffer";
import { HexClient } from "./programs";

/** Anchor's tag in front of every event emitted by self-CPI. */
const EVENT_IX_TAG = Buffer.from([0xe4, 0x45, 0xa5, 0x2e, 0x51, 0xcb, 0x9a, 0x1d]);

export interface HexEvent {
  program: PublicKey;
  name: string;
  data: Record<string, unknown>;
}

/** The events a confirmed transaction emitted, in order. */
export async function fetchEvents(client: HexClient, signature: TransactionSignature): Promise<HexEvent[]> {
  const transaction = await client.connection.getTransaction(signature, {
    commitment: "confirmed",
    maxSupportedTransactionVersion: 0,
  });
  if (!transaction?.meta) throw new Error(`transaction ${signature} not found`);
  const keys = transaction.transaction.message.getAccountKeys({
    accountKeysFromLookups: transaction.meta.loadedAddresses,
  });
  const coders = new Map<string, BorshCoder>(
    [client.registry, client.market, client.escrow].map((program) => [
      program.programId.toBase58(),
      new BorshCoder(program.idl as Idl),
    ])
  );
  const events: HexEvent[] = [];
  for (const inner of transaction.meta.innerInstructions ?? []) {
    for (const instruction of inner.instructions) {
      const program = keys.get(instruction.programIdIndex);
      const coder = program && coders.get(program.toBase58());
      const data = Buffer.from(bs58.decode(instruction.data));
      if (!program || !coder || !data.subarray(0, 8).equals(EVENT_IX_TAG)) continue;
      const event = coder.events.decode(data.subarray(8).toString("base64"));
      if (event) events.push({ program, name: event.name, data: event.data });
    }
  }
  return events;
}
