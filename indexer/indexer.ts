// The indexer: backfills everything after its cursors, then stays live on
// websocket notifications, each of which runs the same catch-up. Live
// transactions therefore take the backfill's path: the subscription opens
// before the first catch-up (overlap), stored transactions are skipped
// (deduplication), and a lost notification is made up by the next one or
// by the periodic poll.
import { Connection } from "@solana/web3.js";
import { decodeTransaction, HEX_PROGRAMS } from "./decode";
import { ChainSource, SignatureEntry } from "./source";
import { Cursor, IndexedTransaction, Store } from "./store";

export interface Progress {
  phase: "backfill" | "live";
  /** The chain's slot up to which everything is indexed. */
  slot: number;
  /** The chain's current slot, and how far behind it the index is. */
  chainSlot: number;
  lag: number;
  transactions: number;
  events: number;
  eventsPerSecond: number;
}

export interface IndexerOptions {
  /** Transactions per database transaction (and per progress report). */
  batchSize?: number;
  /** Concurrent getTransaction requests. */
  concurrency?: number;
  /** Seconds between polls when no notification arrives. */
  pollSeconds?: number;
  onProgress?: (progress: Progress) => void;
}

export class Indexer {
  readonly source: ChainSource;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly pollSeconds: number;
  private readonly started = Date.now();
  private transactions = 0;
  private events = 0;
  private reachedSlot = 0;
  private phase: Progress["phase"] = "backfill";

  constructor(
    readonly store: Store,
    readonly connection: Connection,
    private readonly options: IndexerOptions = {}
  ) {
    this.source = new ChainSource(connection, Object.values(HEX_PROGRAMS));
    this.batchSize = options.batchSize ?? 100;
    this.concurrency = options.concurrency ?? 16;
    this.pollSeconds = options.pollSeconds ?? 30;
  }

  /** Binds the database to this cluster and reads where it stopped. */
  async prepare(): Promise<void> {
    await this.store.bindCluster(await this.connection.getGenesisHash());
    this.reachedSlot = (await this.store.totals()).slot ?? 0;
  }

  /** Indexes everything up to the chain's present; returns the transactions stored. */
  async catchUp(): Promise<number> {
    const chainSlot = await this.connection.getSlot("confirmed");
    const cursors = await this.store.cursors();
    const entries = await this.source.newSignatures(cursors);
    let stored = 0;
    for (let start = 0; start < entries.length; start += this.batchSize) {
      const batch = entries.slice(start, start + this.batchSize);
      stored += await this.indexBatch(batch, cursors);
      this.reachedSlot = batch[batch.length - 1].slot;
      await this.report(chainSlot);
    }
    // Nothing was listed after the cursors when the chain was at chainSlot.
    this.reachedSlot = Math.max(this.reachedSlot, chainSlot);
    return stored;
  }

  private async indexBatch(batch: SignatureEntry[], cursors: Map<string, Cursor>): Promise<number> {
    const succeeded = batch.filter((entry) => !entry.failed);
    const fetched = await this.source.transactions(
      succeeded.map((entry) => entry.signature),
      this.concurrency
    );
    const transactions: IndexedTransaction[] = fetched
      .filter((transaction) => transaction.meta && transaction.meta.err === null)
      .map((transaction) => ({
        signature: transaction.transaction.signatures[0],
        slot: transaction.slot,
        blockTime: new Date((transaction.blockTime ?? 0) * 1000),
        events: decodeTransaction(transaction),
      }));
    for (const entry of batch) {
      for (const program of entry.programs) cursors.set(program, { signature: entry.signature, slot: entry.slot });
    }
    const events = await this.store.commit(transactions, cursors);
    this.transactions += transactions.filter((transaction) => transaction.events.length > 0).length;
    this.events += events;
    return transactions.length;
  }

  private async report(chainSlot?: number): Promise<void> {
    if (!this.options.onProgress) return;
    const current = chainSlot ?? (await this.connection.getSlot("confirmed"));
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    this.options.onProgress({
      phase: this.phase,
      slot: this.reachedSlot,
      chainSlot: current,
      lag: Math.max(current - this.reachedSlot, 0),
      transactions: this.transactions,
      events: this.events,
      eventsPerSecond: this.events / seconds,
    });
  }

  /** Backfills, then follows the chain live until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    let wake: () => void = () => undefined;
    let pending = true;
    const unsubscribe = this.source.subscribe(() => {
      pending = true;
      wake();
    });
    try {
      while (!signal.aborted) {
        if (pending) {
          pending = false;
          await this.catchUp();
          if (this.phase === "backfill") {
            this.phase = "live";
            await this.report();
          }
          continue;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, this.pollSeconds * 1000);
          signal.addEventListener("abort", done, { once: true });
          wake = done;
          function done() {
            clearTimeout(timer);
            signal.removeEventListener("abort", done);
            resolve();
          }
        });
        pending = true;
      }
    } finally {
      await unsubscribe();
    }
  }
}
