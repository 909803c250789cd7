// Sending transactions: every action goes through `sendInstructions`, so
// errors reach callers the same way (an AnchorError for a Hex program error).
import { translateError } from "@coral-xyz/anchor";
import {
  Keypair,
  PACKET_DATA_SIZE,
  PublicKey,
  Transaction,
  TransactionInstruction,
  TransactionSignature,
} from "@solana/web3.js";
import { HexClient } from "./programs";

/** Size in bytes of a transaction once signed (the wire limit is 1232). */
export function transactionSize(instructions: TransactionInstruction[], payer: PublicKey, signers: PublicKey[] = []): number {
  const transaction = new Transaction({ feePayer: payer, recentBlockhash: PublicKey.default.toBase58() }).add(...instructions);
  const message = transaction.compileMessage();
  const signatureCount = message.header.numRequiredSignatures;
  const signerCount = new Set([payer, ...signers].map((key) => key.toBase58())).size;
  if (signatureCount < signerCount) {
    throw new Error(`${signerCount} signers given but the message only requires ${signatureCount}`);
  }
  return shortVecLength(signatureCount) + 64 * signatureCount + message.serialize().length;
}

function shortVecLength(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : 3;
}

export const MAX_TRANSACTION_SIZE = PACKET_DATA_SIZE;

/**
 * Sends the instructions in one transaction paid by the client's wallet,
 * waits for confirmation and returns the signature. A Hex program error
 * is thrown as an AnchorError carrying the error's name and message.
 */
export async function sendInstructions(
  client: HexClient,
  instructions: TransactionInstruction[],
  signers: Keypair[] = []
): Promise<TransactionSignature> {
  const transaction = new Transaction().add(...instructions);
  try {
    return await client.provider.sendAndConfirm(transaction, signers);
  } catch (error) {
    throw translateError(error, new Map());
  }
}

/**
 * Splits instructions, in order, into as few transactions as fit under the
 * 1232-byte limit with `payer` as the only signer.
 */
export function packInstructions(instructions: TransactionInstruction[], payer: PublicKey): TransactionInstruction[][] {
  const batches: TransactionInstruction[][] = [];
  for (const instruction of instructions) {
    const current = batches[batches.length - 1];
    if (current && transactionSize([...current, instruction], payer) <= MAX_TRANSACTION_SIZE) {
      current.push(instruction);
    } else {
      if (transactionSize([instruction], payer) > MAX_TRANSACTION_SIZE) {
        throw new Error("an instruction does not fit in a transaction on its own");
      }
      batches.push([instruction]);
    }
  }
  return batches;
}
