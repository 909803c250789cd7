// Versioned schema migrations: indexer/migrations/NNN_name.sql, applied in
// order at start, each in its own transaction, each once.
import { readdirSync, readFileSync } from "fs";
import path from "path";
import { Database } from "./db";

const DIRECTORY = path.join(__dirname, "migrations");

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function migrations(): Migration[] {
  return readdirSync(DIRECTORY)
    .filter((file) => /^\d+_[\w-]+\.sql$/.test(file))
    .map((file) => ({ version: parseInt(file, 10), name: file.replace(/\.sql$/, ""), sql: readFileSync(path.join(DIRECTORY, file), "utf8") }))
    .sort((a, b) => a.version - b.version);
}

/** Applies the migrations this database lacks; returns their names. */
export async function migrate(db: Database): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version int PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied = new Set((await db.query<{ version: number }>("SELECT version FROM schema_migrations")).map((row) => row.version));
  const known = migrations();
  const newest = known[known.length - 1]?.version ?? 0;
  const ahead = [...applied].filter((version) => version > newest);
  if (ahead.length > 0) {
    throw new Error(`the database has schema version ${Math.max(...ahead)}, newer than this indexer's ${newest}: upgrade the indexer`);
  }
  const done: string[] = [];
  for (const migration of known.filter((candidate) => !applied.has(candidate.version))) {
    await db.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [migration.version, migration.name]);
    });
    done.push(migration.name);
  }
  return done;
}
