// Measures what a user action costs: transactions, their wire size,
// accounts, signatures, instructions, rent paid into new accounts and
// recovered from closed ones, and the RPC round trips the SDK made.
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Connection, Keypair, VersionedTransactionResponse } from "@solana/web3.js";
import { HexClient, MAX_TRANSACTION_SIZE } from "../../sdk";

/** A client whose connection counts its HTTP requests. */
export class CountingClient {
  requests = 0;
  readonly client: HexClient;

  constructor(url: string, readonly keypair: Keypair) {
    const counting = (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
      this.requests += 1;
      return fetch(input, init);
    };
    const connection = new Connection(url, { commitment: "confirmed", fetch: counting as typeof fetch });
    this.client = new HexClient(new AnchorProvider(connection, new Wallet(keypair), { commitment: "confirmed" }));
  }
}

export interface TransactionFigures {
  bytes: number;
  accounts: number;
  signatures: number;
  instructions: number;
  rentPaid: bigint;
  rentRecovered: bigint;
  /** Compute units of the SBF programs it ran (SPL Token, Token-2022, ATA): a lower bound of the real cost. */
  sbfComputeUnits: number;
  /** Cross-program invocations, at every depth. */
  cpis: number;
}

/** The programs that run as their real SBF builds on the embedded chain (Hex's own run natively). */
const SBF_PROGRAMS = new Set([TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID, ASSOCIATED_TOKEN_PROGRAM_ID].map((id) => id.toBase58()));

/**
 * Compute units the SBF programs consumed, from the runtime's logs: each
 * outermost SBF invocation's "consumed" figure (it includes the SBF
 * programs it calls in turn, so those are not counted again).
 */
export function sbfComputeUnits(logs: string[]): number {
  const stack: string[] = [];
  let units = 0;
  for (const line of logs) {
    const invoke = /^Program (\w+) invoke \[\d+\]$/.exec(line);
    const consumed = /^Program (\w+) consumed (\d+) of \d+ compute units$/.exec(line);
    if (invoke) {
      stack.push(invoke[1]);
    } else if (consumed) {
      const insideSbf = stack.slice(0, -1).some((program) => SBF_PROGRAMS.has(program));
      if (SBF_PROGRAMS.has(consumed[1]) && !insideSbf) units += Number(consumed[2]);
    } else if (/^Program \w+ (success|failed)/.test(line)) {
      stack.pop();
    }
  }
  return units;
}

export interface ActionFigures {
  action: string;
  transactions: TransactionFigures[];
  rpcRoundTrips: number;
}

/** Wire size and balances of a confirmed transaction. */
export async function transactionFigures(connection: Connection, signature: string): Promise<TransactionFigures> {
  let response: VersionedTransactionResponse | null = null;
  for (let attempt = 0; attempt < 20 && !response; attempt++) {
    response = await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
  }
  if (!response?.meta) throw new Error(`transaction ${signature} not found`);
  const message = response.transaction.message;
  const signatures = response.transaction.signatures.length;
  const bytes = 1 + 64 * signatures + message.serialize().length;
  let rentPaid = 0n;
  let rentRecovered = 0n;
  // The fee payer's own balance is not rent; new and closed accounts are.
  response.meta.preBalances.forEach((before, index) => {
    const after = response!.meta!.postBalances[index];
    if (index === 0) return;
    if (before === 0 && after > 0) rentPaid += BigInt(after);
    if (before > 0 && after === 0) rentRecovered += BigInt(before);
  });
  return {
    bytes,
    accounts: message.staticAccountKeys.length,
    signatures,
    instructions: message.compiledInstructions.length,
    rentPaid,
    rentRecovered,
    sbfComputeUnits: sbfComputeUnits(response.meta.logMessages ?? []),
    cpis: (response.meta.innerInstructions ?? []).reduce((count, inner) => count + inner.instructions.length, 0),
  };
}

/**
 * Runs `action` with a counting client and measures the transactions whose
 * signatures it returns. Throws if any exceeds the 1232-byte wire limit.
 */
export async function measure(
  label: string,
  counting: CountingClient,
  action: (client: HexClient) => Promise<string[]>
): Promise<ActionFigures> {
  const before = counting.requests;
  const signatures = await action(counting.client);
  const rpcRoundTrips = counting.requests - before;
  const transactions = await Promise.all(signatures.map((signature) => transactionFigures(counting.client.connection, signature)));
  for (const transaction of transactions) {
    if (transaction.bytes > MAX_TRANSACTION_SIZE) {
      throw new Error(`${label}: a transaction of ${transaction.bytes} bytes exceeds the ${MAX_TRANSACTION_SIZE}-byte limit`);
    }
  }
  return { action: label, transactions, rpcRoundTrips };
}
