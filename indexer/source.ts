// Reading the chain: the programs' transaction history by
// getSignaturesForAddress (newest first, paged, down to each program's
// cursor), merged into chain order; transactions by getTransaction; and
// websocket log subscriptions that say when there is more.
import { Connection, PublicKey, VersionedTransactionResponse } from "@solana/web3.js";
import { Cursor } from "./store";

/** One transaction that mentions at least one of the programs. */
export interface SignatureEntry {
  signature: string;
  slot: number;
  failed: boolean;
  /** The followed programs whose history lists it. */
  programs: string[];
}

const PAGE = 1_000;
const FETCH_ATTEMPTS = 5;

export class ChainSource {
  constructor(
    readonly connection: Connection,
    readonly programs: string[]
  ) {}

  /** Everything after the cursors, oldest first. */
  async newSignatures(cursors: Map<string, Cursor>): Promise<SignatureEntry[]> {
    const histories = await Promise.all(this.programs.map((program) => this.history(program, cursors.get(program)?.signature)));
    return mergeHistories(this.programs, histories);
  }

  /** One program's signatures after `until`, oldest first. */
  private async history(program: string, until?: string): Promise<{ signature: string; slot: number; failed: boolean }[]> {
    const address = new PublicKey(program);
    const newestFirst: { signature: string; slot: number; failed: boolean }[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await this.connection.getSignaturesForAddress(address, { before, until, limit: PAGE }, "confirmed");
      newestFirst.push(...page.map((entry) => ({ signature: entry.signature, slot: entry.slot, failed: entry.err !== null })));
      if (page.length < PAGE) break;
      before = page[page.length - 1].signature;
    }
    return newestFirst.reverse();
  }

  /** The transactions of `signatures`, in order, `concurrency` requests at a time. */
  async transactions(signatures: string[], concurrency: number): Promise<VersionedTransactionResponse[]> {
    const results: VersionedTransactionResponse[] = new Array(signatures.length);
    let next = 0;
    const worker = async () => {
      while (next < signatures.length) {
        const index = next++;
        results[index] = await this.transaction(signatures[index]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, signatures.length) }, worker));
    return results;
  }

  private async transaction(signature: string): Promise<VersionedTransactionResponse> {
    for (let attempt = 1; ; attempt++) {
      const transaction = await this.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      if (transaction) return transaction;
      // Listed but not served yet (another RPC node behind a load balancer).
      if (attempt === FETCH_ATTEMPTS) throw new Error(`transaction ${signature} is listed but getTransaction does not return it`);
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }

  /** Calls `onActivity` whenever a transaction mentions a program; returns the unsubscribe. */
  subscribe(onActivity: () => void): () => Promise<void> {
    const ids = this.programs.map((program) => this.connection.onLogs(new PublicKey(program), () => onActivity(), "confirmed"));
    return async () => {
      await Promise.all(ids.map((id) => this.connection.removeOnLogsListener(id)));
    };
  }
}

/**
 * Merges per-program histories (each oldest first) into one chain order.
 * Transactions of one slot are ordered as every history that lists them
 * orders them: one listed by several programs waits until it heads each.
 */
export function mergeHistories(programs: string[], histories: { signature: string; slot: number; failed: boolean }[][]): SignatureEntry[] {
  const positions = histories.map((history) => new Map(history.map((entry, index) => [entry.signature, index])));
  const heads = histories.map(() => 0);
  const merged: SignatureEntry[] = [];
  const headOf = (list: number) => histories[list][heads[list]];
  const unblocked = (signature: string) => positions.every((position, list) => !position.has(signature) || position.get(signature) === heads[list]);
  for (;;) {
    const candidates = histories.map((_, list) => list).filter((list) => headOf(list) !== undefined);
    if (candidates.length === 0) return merged;
    const lowestSlot = Math.min(...candidates.map((list) => headOf(list).slot));
    const chosen = candidates.map(headOf).find((entry) => entry.slot === lowestSlot && unblocked(entry.signature));
    if (!chosen) throw new Error(`the histories of slot ${lowestSlot} disagree on the order of its transactions`);
    const listing = positions.map((position, list) => (position.has(chosen.signature) ? list : -1)).filter((list) => list >= 0);
    for (const list of listing) heads[list] += 1;
    merged.push({ ...chosen, programs: listing.map((list) => programs[list]) });
  }
}
