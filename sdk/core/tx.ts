// Sending transactions: every action goes through `sendInstructions`, so
// errors reach callers the same way (an AnchorError for a Hex program error)
// and the client's send options (priority fee, compute-unit limit, v0 with
// address lookup tables) apply to every action.
import { translateError } from "@coral-xyz/anchor";
import {
  AddressLookupTableAccount,
  ComputeBudgetProgram,
  Keypair,
  PACKET_DATA_SIZE,
  PublicKey,
  Transaction,
  TransactionInstruction,
  TransactionMessage,
  TransactionSignature,
  VersionedTransaction,
} from "@solana/web3.js";
import type { HexClient } from "./programs";

/** How transactions are built: see `HexClient.withSendOptions`. */
export interface SendOptions {
  /**
   * Priority fee in micro-lamports per compute unit: a
   * `ComputeBudgetProgram.setComputeUnitPrice` instruction goes first.
   */
  priorityFeeMicroLamports?: number | bigint;
  /**
   * Compute-unit limit of each transaction (at most 1,400,000): a
   * `ComputeBudgetProgram.setComputeUnitLimit` instruction goes first. With
   * a priority fee, the fee paid is the limit times the price.
   */
  computeUnitLimit?: number;
  /**
   * Sends v0 transactions whose accounts are looked up in these tables
   * (see `createHexLookupTable`): the largest actions shrink by up to 31
   * bytes per account found there.
   */
  lookupTables?: AddressLookupTableAccount[];
  /** `0` sends v0 transactions even with no lookup table; the default is legacy without tables. */
  version?: "legacy" | 0;
}

/** Most compute units a transaction may ask for. */
export const MAX_COMPUTE_UNIT_LIMIT = 1_400_000;
const U64_MAX = (1n << 64n) - 1n;

/** Throws if the options are malformed (before anything is sent). */
export function checkSendOptions(options: SendOptions): void {
  const { computeUnitLimit, priorityFeeMicroLamports, lookupTables, version } = options;
  if (computeUnitLimit !== undefined && (!Number.isInteger(computeUnitLimit) || computeUnitLimit <= 0 || computeUnitLimit > MAX_COMPUTE_UNIT_LIMIT)) {
    throw new Error(`computeUnitLimit must be a whole number from 1 to ${MAX_COMPUTE_UNIT_LIMIT}, got ${computeUnitLimit}`);
  }
  if (priorityFeeMicroLamports !== undefined) {
    const valid =
      typeof priorityFeeMicroLamports === "bigint"
        ? priorityFeeMicroLamports >= 0n && priorityFeeMicroLamports <= U64_MAX
        : Number.isSafeInteger(priorityFeeMicroLamports) && priorityFeeMicroLamports >= 0;
    if (!valid) throw new Error(`priorityFeeMicroLamports must be a whole number of micro-lamports, got ${priorityFeeMicroLamports}`);
  }
  if (version !== undefined && version !== "legacy" && version !== 0) throw new Error(`version must be "legacy" or 0, got ${String(version)}`);
  if (version === "legacy" && (lookupTables?.length ?? 0) > 0) throw new Error("lookup tables need a v0 transaction, not a legacy one");
}

function isV0(options: SendOptions): boolean {
  return options.version === 0 || (options.lookupTables?.length ?? 0) > 0;
}

/** The compute-budget instructions that `options` put first in each transaction. */
export function computeBudgetInstructions(options: SendOptions): TransactionInstruction[] {
  const instructions: TransactionInstruction[] = [];
  if (options.computeUnitLimit !== undefined) instructions.push(ComputeBudgetProgram.setComputeUnitLimit({ units: options.computeUnitLimit }));
  if (options.priorityFeeMicroLamports !== undefined) {
    instructions.push(ComputeBudgetProgram.setComputeUnitPrice({ microLamports: options.priorityFeeMicroLamports }));
  }
  return instructions;
}

/** The v0 message of `instructions` as `options` send it (compute budget first, lookup tables applied). */
export function compileV0Message(
  instructions: TransactionInstruction[],
  payer: PublicKey,
  recentBlockhash: string,
  options: SendOptions = {}
) {
  return new TransactionMessage({
    payerKey: payer,
    recentBlockhash,
    instructions: [...computeBudgetInstructions(options), ...instructions],
  }).compileToV0Message(options.lookupTables);
}

/**
 * Size in bytes of a transaction once signed (the wire limit is 1232), as
 * `options` would send it.
 */
export function transactionSize(
  instructions: TransactionInstruction[],
  payer: PublicKey,
  signers: PublicKey[] = [],
  options: SendOptions = {}
): number {
  checkSendOptions(options);
  const blockhash = PublicKey.default.toBase58();
  let signatureCount: number;
  let messageSize: number;
  if (isV0(options)) {
    const message = compileV0Message(instructions, payer, blockhash, options);
    signatureCount = message.header.numRequiredSignatures;
    messageSize = message.serialize().length;
  } else {
    const transaction = new Transaction({ feePayer: payer, recentBlockhash: blockhash }).add(...computeBudgetInstructions(options), ...instructions);
    const message = transaction.compileMessage();
    signatureCount = message.header.numRequiredSignatures;
    messageSize = message.serialize().length;
  }
  const signerCount = new Set([payer, ...signers].map((key) => key.toBase58())).size;
  if (signatureCount < signerCount) {
    throw new Error(`${signerCount} signers given but the message only requires ${signatureCount}`);
  }
  return shortVecLength(signatureCount) + 64 * signatureCount + messageSize;
}

function shortVecLength(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : 3;
}

export const MAX_TRANSACTION_SIZE = PACKET_DATA_SIZE;

/**
 * Sends the instructions in one transaction paid by the client's wallet,
 * waits for confirmation and returns the signature. A Hex program error
 * is thrown as an AnchorError carrying the error's name and message.
 * `options` (by default the client's, see `HexClient.withSendOptions`) add
 * a priority fee and a compute-unit limit, or send a v0 transaction through
 * address lookup tables.
 */
export async function sendInstructions(
  client: HexClient,
  instructions: TransactionInstruction[],
  signers: Keypair[] = [],
  options: SendOptions = client.sendOptions
): Promise<TransactionSignature> {
  checkSendOptions(options);
  try {
    if (!isV0(options)) {
      const transaction = new Transaction().add(...computeBudgetInstructions(options), ...instructions);
      return await client.provider.sendAndConfirm(transaction, signers);
    }
    const { blockhash } = await client.connection.getLatestBlockhash(client.provider.opts.preflightCommitment);
    const transaction = new VersionedTransaction(compileV0Message(instructions, client.wallet, blockhash, options));
    return await client.provider.sendAndConfirm(transaction, signers);
  } catch (error) {
    throw translateError(error, new Map());
  }
}

/**
 * Splits instructions, in order, into as few transactions as fit under the
 * 1232-byte limit with `payer` as the only signer (sent with `options`).
 */
export function packInstructions(instructions: TransactionInstruction[], payer: PublicKey, options: SendOptions = {}): TransactionInstruction[][] {
  const batches: TransactionInstruction[][] = [];
  for (const instruction of instructions) {
    const current = batches[batches.length - 1];
    if (current && transactionSize([...current, instruction], payer, [], options) <= MAX_TRANSACTION_SIZE) {
      current.push(instruction);
    } else {
      if (transactionSize([instruction], payer, [], options) > MAX_TRANSACTION_SIZE) {
        throw new Error("an instruction does not fit in a transaction on its own");
      }
      batches.push([instruction]);
    }
  }
  return batches;
}
