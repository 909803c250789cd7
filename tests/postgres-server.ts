// A throwaway PostgreSQL server for the indexer's tests: Debian's
// `postgresql` binaries, a temporary data directory, a free port, trust
// authentication on 127.0.0.1. Postgres refuses to run as root, so as root
// it runs as the `postgres` user the package creates.
import { execFileSync } from "child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "fs";
import { createServer } from "net";
import { tmpdir } from "os";
import path from "path";
import { Client } from "pg";

export interface PostgresServer {
  /** A new, empty database on the server, as a postgres:// URL. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

/** The newest installed server's bin directory, or null. */
function binDirectory(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((version) => existsSync(path.join(root, version, "bin", "pg_ctl"))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], "bin") : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a server, or says why it cannot (then the caller skips, saying so). */
export async function startPostgres(): Promise<PostgresServer | string> {
  const bin = binDirectory();
  if (!bin) return "PostgreSQL's server is not installed (apt-get install postgresql)";
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) =>
    asRoot ? execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, command), ...args], { stdio: "pipe" }) : execFileSync(path.join(bin, command), args, { stdio: "pipe" });
  const directory = mkdtempSync(path.join(tmpdir(), "hex-postgres-"));
  chmodSync(directory, 0o777);
  const data = path.join(directory, "data");
  const port = await freePort();
  try {
    if (asRoot) execFileSync("chown", ["postgres", directory]);
    run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
    run("pg_ctl", ["-D", data, "-l", path.join(directory, "log"), "-w", "-o", `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return `cannot start PostgreSQL from ${bin}: ${stderr || (error as Error).message}`;
  }
  const base = `postgres://postgres@127.0.0.1:${port}`;
  return {
    async createDatabase(name) {
      const client = new Client({ connectionString: `${base}/postgres` });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      return `${base}/${name}`;
    },
    stop() {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
