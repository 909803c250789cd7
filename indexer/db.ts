// The index's storage: real Postgres either way. Embedded PGlite (Postgres
// compiled to WebAssembly, in a directory or in memory) by default, or any
// Postgres server by URL; the same SQL runs on both.
import { PGlite } from "@electric-sql/pglite";
import { Pool } from "pg";

/** Runs SQL. Rows come back with int8 as strings on both backends. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: "pglite" | "postgres";
  /** Where it is, without a password: for messages. */
  readonly location: string;
  /** Runs `work` in one transaction: all of it is stored, or none. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class DatabaseError extends Error {}

// node-postgres already returns int8 as strings; PGlite is told to.
const INT8 = 20;

export function isPostgresUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * Opens `spec`: a postgres:// or postgresql:// URL, `memory://` (PGlite in
 * memory), or a directory for PGlite's files (created if missing).
 */
export async function openDatabase(spec: string): Promise<Database> {
  if (isPostgresUrl(spec)) return openPostgres(spec);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec) && !spec.startsWith("memory://")) {
    throw new DatabaseError(`unsupported database "${redact(spec)}": give a postgres:// URL, memory:// or a directory for the embedded database`);
  }
  return openPglite(spec);
}

async function openPglite(dataDir: string): Promise<Database> {
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, { parsers: { [INT8]: (value: string) => value } });
  } catch (error) {
    throw new DatabaseError(`cannot open the embedded database at ${dataDir}: ${(error as Error).message}`);
  }
  const wrap = (target: Pick<PGlite, "query" | "exec">): Queryable => ({
    query: async <T>(sql: string, params?: unknown[]) => (await target.query<T>(sql, params)).rows,
    exec: async (sql: string) => {
      await target.exec(sql);
    },
  });
  return {
    kind: "pglite",
    location: dataDir,
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    close: () => db.close(),
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new Pool({ connectionString: url, max: 4 });
  // An idle client's error (server restart) must not crash the process.
  pool.on("error", () => undefined);
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end();
    throw new DatabaseError(`cannot connect to the database at ${redact(url)}: ${(error as Error).message}`);
  }
  const query = async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as T[];
  return {
    kind: "postgres",
    location: redact(url),
    query,
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work({
          query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
          exec: async (sql: string) => {
            await client.query(sql);
          },
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
