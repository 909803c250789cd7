// Writing the index: each transaction's events and their projections go in
// with the cursors in one database transaction, so a crash loses nothing
// that was acknowledged and stores nothing twice.
import { Database, openDatabase } from "./db";
import { DecodedEvent } from "./decode";
import { handlerFor } from "./handlers";
import { migrate } from "./migrate";

export interface IndexedTransaction {
  signature: string;
  slot: number;
  blockTime: Date;
  events: DecodedEvent[];
}

export interface Cursor {
  signature: string;
  slot: number;
}

export class ClusterMismatchError extends Error {}

export class Store {
  private constructor(readonly db: Database) {}

  /** Opens the database at `spec` and brings its schema up to date. */
  static async open(spec: string): Promise<Store> {
    const db = await openDatabase(spec);
    try {
      await migrate(db);
    } catch (error) {
      await db.close();
      throw error;
    }
    return new Store(db);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /** Binds the database to one cluster (by genesis hash) and refuses another. */
  async bindCluster(genesisHash: string): Promise<void> {
    await this.db.query("INSERT INTO meta (key, value) VALUES ('genesis_hash', $1) ON CONFLICT (key) DO NOTHING", [genesisHash]);
    const [row] = await this.db.query<{ value: string }>("SELECT value FROM meta WHERE key = 'genesis_hash'");
    if (row.value !== genesisHash) {
      throw new ClusterMismatchError(`the database at ${this.db.location} indexes another cluster (genesis ${row.value}, this one is ${genesisHash}): use another --database`);
    }
  }

  async cursors(): Promise<Map<string, Cursor>> {
    const rows = await this.db.query<{ program: string; signature: string; slot: string }>("SELECT program, signature, slot FROM cursors");
    return new Map(rows.map((row) => [row.program, { signature: row.signature, slot: Number(row.slot) }]));
  }

  /**
   * Stores `transactions` (in chain order) and moves the cursors, all or
   * nothing. A transaction already stored is skipped whole. Returns the
   * number of events stored.
   */
  async commit(transactions: IndexedTransaction[], cursors: Map<string, Cursor>): Promise<number> {
    return this.db.transaction(async (tx) => {
      let stored = 0;
      for (const transaction of transactions) {
        if (transaction.events.length === 0) continue;
        const inserted = await tx.query(
          "INSERT INTO transactions (signature, slot, block_time) VALUES ($1, $2, $3) ON CONFLICT (signature) DO NOTHING RETURNING signature",
          [transaction.signature, transaction.slot, transaction.blockTime]
        );
        if (inserted.length === 0) continue;
        for (const event of transaction.events) {
          await tx.query(
            `INSERT INTO events (signature, instruction_index, inner_index, slot, block_time, program, name, data)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [transaction.signature, event.instructionIndex, event.innerIndex, transaction.slot, transaction.blockTime, event.program, event.name, JSON.stringify(event.data)]
          );
          await handlerFor(event.program, event.name)?.(tx, { ...event, signature: transaction.signature, slot: transaction.slot, blockTime: transaction.blockTime });
          stored += 1;
        }
      }
      for (const [program, cursor] of cursors) {
        await tx.query(
          `INSERT INTO cursors (program, signature, slot) VALUES ($1, $2, $3)
           ON CONFLICT (program) DO UPDATE SET signature = excluded.signature, slot = excluded.slot`,
          [program, cursor.signature, cursor.slot]
        );
      }
      return stored;
    });
  }

  /** How much is indexed, for status and progress. */
  async totals(): Promise<{ transactions: number; events: number; slot: number | null }> {
    const [row] = await this.db.query<{ transactions: number; events: number; slot: string | null }>(
      "SELECT (SELECT count(*)::int FROM transactions) AS transactions, (SELECT count(*)::int FROM events) AS events, (SELECT max(slot) FROM cursors) AS slot"
    );
    return { transactions: row.transactions, events: row.events, slot: row.slot === null ? null : Number(row.slot) };
  }
}
