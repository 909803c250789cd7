// The indexer: `hex index` runs it (and serves its HTTP API); `hex search`,
// `trending`, `history`, `earnings` and `dashboard` ask that API; `hex
// reconcile` checks its database against the chain.
import { Command } from "commander";
import { Connection } from "@solana/web3.js";
import { homedir } from "os";
import path from "path";
import { MODEL_REGISTRY_PROGRAM_ID } from "../../../sdk";
import { chainTierSource, readOnlyClient } from "../../../indexer/chain";
import { DatabaseError } from "../../../indexer/db";
import { Indexer, Progress } from "../../../indexer/indexer";
import { reconcile } from "../../../indexer/reconcile";
import { createApp, listen } from "../../../indexer/server";
import { ClusterMismatchError, Store } from "../../../indexer/store";
import { parseInteger } from "../amounts";
import { GlobalOptions, loadKeypair, parsePublicKey, resolveCluster } from "../context";
import { UserError } from "../errors";

const DEFAULT_PORT = 8910;

interface Globals extends GlobalOptions {
  indexer?: string;
}

/** Wraps an action: commander passes the command last; global options come with it. */
function action<A extends unknown[]>(body: (globals: Globals, ...args: A) => Promise<void>) {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    await body(command.optsWithGlobals() as Globals, ...(args.slice(0, -1) as A));
  };
}

async function hexCluster(globals: Globals): Promise<{ url: string; connection: Connection }> {
  const { url } = resolveCluster(globals.url);
  const connection = new Connection(url, "confirmed");
  const registry = await connection.getAccountInfo(MODEL_REGISTRY_PROGRAM_ID);
  if (!registry?.executable) throw new UserError(`the Hex programs are not deployed on ${url}: check --url`);
  return { url, connection };
}

/** --database, then HEX_DATABASE_URL, then a directory per cluster under ~/.hex/index. */
async function openStore(option: string | undefined, connection: Connection): Promise<Store> {
  const spec = option ?? process.env.HEX_DATABASE_URL ?? path.join(homedir(), ".hex", "index", await connection.getGenesisHash());
  try {
    return await Store.open(spec);
  } catch (error) {
    if (error instanceof DatabaseError) throw new UserError(error.message);
    throw error;
  }
}

function progressLine(progress: Progress): string {
  const rate = Math.round(progress.eventsPerSecond).toLocaleString("en-US");
  return `${progress.phase}: slot ${progress.slot} reached, ${progress.lag} behind the chain (${progress.chainSlot}); ${progress.events.toLocaleString("en-US")} events in ${progress.transactions.toLocaleString("en-US")} transactions, ${rate} events/s`;
}

/** GET `route` of the indexer's API; its errors become one clear line. */
async function ask<T = any>(globals: Globals, route: string): Promise<T>;
/** The same, null when the indexer knows no such thing (404). */
async function ask<T = any>(globals: Globals, route: string, missing: "null"): Promise<T | null>;
async function ask<T>(globals: Globals, route: string, missing?: "null"): Promise<T | null> {
  const base = (globals.indexer ?? process.env.HEX_INDEXER_URL ?? `http://127.0.0.1:${DEFAULT_PORT}`).replace(/\/+$/, "");
  if (!/^https?:\/\//.test(base)) throw new UserError(`bad indexer URL "${base}": give http(s)://host:port`);
  let response: Response;
  try {
    response = await fetch(`${base}${route}`);
  } catch {
    throw new UserError(`cannot reach the indexer at ${base}: is \`hex index\` running? Check --indexer`);
  }
  if (response.status === 404 && missing) return null;
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new UserError(body.error ?? `the indexer answered ${response.status}`);
  return body as T;
}

function print(globals: Globals, lines: string[], data: unknown): void {
  if (globals.json) console.log(JSON.stringify(data, null, 2));
  else for (const line of lines) console.log(line);
}

function query(params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return entries.length ? `?${new URLSearchParams(entries)}` : "";
}

const name = (row: { name: string | null; mint?: string; model?: string }) => row.name ?? row.mint ?? row.model ?? "?";

function parseMonth(text: string | undefined): string | undefined {
  if (text !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(text)) throw new UserError(`bad month "${text}": give it as YYYY-MM, e.g. 2025-03`);
  return text;
}

export function indexerCommands(program: Command) {
  program
    .command("index")
    .description("index every Hex event into Postgres (embedded by default), then follow the chain live and serve the query API")
    .option("--database <url-or-dir>", "postgres://... URL, memory://, or a directory for the embedded database (default: HEX_DATABASE_URL, then ~/.hex/index/<genesis hash>)")
    .option("--port <port>", `port of the query API (default ${DEFAULT_PORT}; 0 for any free port)`)
    .option("--host <host>", "address the query API listens on", "127.0.0.1")
    .option("--once", "index up to the chain's present, then exit (no live following, no API)")
    .option("--batch <transactions>", "transactions per database transaction", "100")
    .action(
      action(async (globals, options: { database?: string; port?: string; host: string; once?: boolean; batch: string }) => {
        const port = Number(parseInteger(options.port ?? String(DEFAULT_PORT), "port"));
        if (port > 65_535) throw new UserError(`bad port "${options.port}": give 0 to 65535`);
        const batchSize = Number(parseInteger(options.batch, "batch size", 1));
        const { url, connection } = await hexCluster(globals);
        const store = await openStore(options.database, connection);
        let lastLine = 0;
        const indexer = new Indexer(store, connection, {
          batchSize,
          onProgress: (progress) => {
            if (globals.json) return console.log(JSON.stringify(progress));
            // People get a line a second at most, and the switch to live.
            if (Date.now() - lastLine < 1_000 && progress.phase === "backfill") return;
            lastLine = Date.now();
            console.log(progressLine(progress));
          },
        });
        try {
          await indexer.prepare();
        } catch (error) {
          await store.close();
          throw error instanceof ClusterMismatchError ? new UserError(error.message) : error;
        }
        if (!globals.json) console.log(`indexing ${url} into ${store.db.location}`);
        if (options.once) {
          await indexer.catchUp();
          const totals = await store.totals();
          print(globals, [`indexed: ${totals.events} events in ${totals.transactions} transactions, up to slot ${totals.slot ?? 0}`], totals);
          return store.close();
        }
        const app = createApp({
          db: store.db,
          tierSource: chainTierSource(readOnlyClient(connection)),
          status: async () => ({ cluster: url, database: store.db.kind, ...(await store.totals()) }),
        });
        const { server, url: api } = await listen(app, port, options.host).catch((error: Error) => {
          throw new UserError(`cannot serve the query API on ${options.host}:${port}: ${error.message}`);
        });
        if (globals.json) console.log(JSON.stringify({ api }));
        else console.log(`query API on ${api} (GET / lists the routes)`);
        const stop = new AbortController();
        process.once("SIGINT", () => stop.abort());
        process.once("SIGTERM", () => stop.abort());
        await indexer.run(stop.signal);
        server.close();
        await store.close();
      })
    );

  program
    .command("search [text]")
    .description("search models by text in name, category or tags, with filters; sorted by trending, newest, rating or revenue")
    .option("--category <category>", "only this category")
    .option("--tag <tag>", "only models with this tag")
    .option("--open", "only open-source models")
    .option("--closed", "only closed-source models")
    .option("--min-price <units>", "an active listing at this price or more (base units)")
    .option("--max-price <units>", "an active listing at this price or less (base units)")
    .option("--sort <order>", "trending, newest, rating or revenue", "trending")
    .option("--limit <n>", "at most this many", "20")
    .option("--indexer <url>", `the indexer's API (default: HEX_INDEXER_URL, then http://127.0.0.1:${DEFAULT_PORT})`)
    .action(
      action(async (globals, text: string | undefined, options: Record<string, string | boolean | undefined>) => {
        if (options.open && options.closed) throw new UserError("give --open or --closed, not both");
        for (const price of ["minPrice", "maxPrice"] as const) if (options[price] !== undefined) parseInteger(String(options[price]), "price");
        const result = await ask(globals, `/models${query({
          q: text,
          category: options.category as string | undefined,
          tag: options.tag as string | undefined,
          open: options.open ? "true" : options.closed ? "false" : undefined,
          minPrice: options.minPrice as string | undefined,
          maxPrice: options.maxPrice as string | undefined,
          sort: options.sort as string,
          limit: options.limit as string,
        })}`);
        const lines = result.models.map(
          (model: any) =>
            `${name(model)}  ${model.mint}  ${model.openSource ? "open" : "closed"}  from ${model.lowestPrice ?? "-"}  ${model.paidLicenses} paid licenses  revenue ${model.revenue}  rating ${model.rating ?? "-"} (${model.ratingCount})`
        );
        print(globals, lines.length ? lines : ["no model matches"], result);
      })
    );

  program
    .command("trending")
    .description("models by paid licenses, usage units and revenue over the last day, week or month")
    .option("--window <window>", "day, week or month", "week")
    .option("--limit <n>", "at most this many", "20")
    .option("--indexer <url>", `the indexer's API (default: HEX_INDEXER_URL, then http://127.0.0.1:${DEFAULT_PORT})`)
    .action(
      action(async (globals, options: { window: string; limit: string }) => {
        const result = await ask(globals, `/trending${query({ window: options.window, limit: options.limit })}`);
        const lines = result.models.map((model: any, rank: number) => `${rank + 1}. ${name(model)}  ${model.mint}  revenue ${model.revenue}  ${model.paidLicenses} paid licenses  ${model.usageUnits} units`);
        print(globals, [`trending over the last ${result.window} (since ${result.from})`, ...(lines.length ? lines : ["no activity"])], result);
      })
    );

  program
    .command("history <address>")
    .description("the full ownership history of a license (address or NFT mint) or of a model (ownership NFT mint)")
    .option("--indexer <url>", `the indexer's API (default: HEX_INDEXER_URL, then http://127.0.0.1:${DEFAULT_PORT})`)
    .action(
      action(async (globals, address: string) => {
        parsePublicKey(address, "license or model");
        const license = await ask(globals, `/licenses/${address}/history`, "null");
        if (license) {
          const lines = license.holders.map((holder: any) => `${holder.acquiredAt}  ${holder.holder}  by ${holder.via} for ${holder.price}${holder.releasedAt ? `  until ${holder.releasedAt}` : ""}${holder.ended ? ` (${holder.ended})` : ""}`);
          return print(globals, [`license ${license.license.address} of ${name(license.license)} (${license.license.kind}, ${license.license.status})`, ...lines], license);
        }
        const model = await ask(globals, `/models/${address}/history`, "null");
        if (!model) throw new UserError(`the index knows no license or model ${address}`);
        const lines = model.owners.map((owner: any) => `${owner.acquiredAt}  ${owner.owner}  ${owner.via}${owner.price ? ` for ${owner.price}` : ""}${owner.releasedAt ? `  until ${owner.releasedAt}` : ""}`);
        print(globals, [`model ${name(model.model)} (${address}), created by ${model.model.creator}`, ...lines], model);
      })
    );

  program
    .command("earnings [wallet]")
    .description("what a wallet received (default: yours), by month, model and vault")
    .option("--month <YYYY-MM>", "only this month (UTC)")
    .option("--indexer <url>", `the indexer's API (default: HEX_INDEXER_URL, then http://127.0.0.1:${DEFAULT_PORT})`)
    .action(
      action(async (globals, walletText: string | undefined, options: { month?: string }) => {
        const month = parseMonth(options.month);
        const wallet = walletText ? parsePublicKey(walletText, "wallet") : loadKeypair(globals.keypair).publicKey;
        const result = await ask(globals, `/wallets/${wallet.toBase58()}/earnings${query({ month })}`);
        const lines = result.rows.map((row: any) => `${row.month}  ${row.modelName ?? row.model}  ${row.source}${row.vault ? ` (vault ${row.vault})` : ""}  ${row.amount}`);
        const totals = result.total.map((total: any) => `total ${total.amount} (mint ${total.paymentMint})`);
        print(globals, [`earnings of ${wallet.toBase58()}${month ? ` in ${month}` : ""} (base units)`, ...(lines.length ? [...lines, ...totals] : ["nothing received"])], result);
      })
    );

  program
    .command("dashboard [wallet]")
    .description("a creator's models with sales, revenue and usage, and fee tier progress (default: your wallet)")
    .option("--indexer <url>", `the indexer's API (default: HEX_INDEXER_URL, then http://127.0.0.1:${DEFAULT_PORT})`)
    .action(
      action(async (globals, walletText: string | undefined) => {
        const wallet = walletText ? parsePublicKey(walletText, "wallet") : loadKeypair(globals.keypair).publicKey;
        const result = await ask(globals, `/creators/${wallet.toBase58()}/dashboard`);
        const models = result.models.map((model: any) => `${name(model)}  ${model.paidLicenses} paid licenses  revenue ${model.revenue}  ${model.usageUnits} units  vault income ${model.vaultIncome}`);
        const tiers = result.tiers.map(
          (tier: any) =>
            `mint ${tier.paymentMint}: lifetime sales ${tier.lifetimeSalesWholeUnits} whole units, fee ${tier.licenseFeeBps} bps${tier.nextTier ? `; ${tier.nextTier.remainingWholeUnits} more for ${tier.nextTier.licenseFeeBps} bps` : "; top tier"}`
        );
        print(globals, [`creator ${wallet.toBase58()}`, ...(models.length ? models : ["no models"]), ...tiers], result);
      })
    );

  program
    .command("reconcile")
    .description("compare the index with the chain's license, listing and vault accounts; fails if any differ")
    .option("--database <url-or-dir>", "the index's database (as for hex index; an embedded one must not be open in a running indexer)")
    .action(
      action(async (globals, options: { database?: string }) => {
        const { connection } = await hexCluster(globals);
        const store = await openStore(options.database, connection);
        try {
          await store.bindCluster(await connection.getGenesisHash()).catch((error) => {
            throw error instanceof ClusterMismatchError ? new UserError(error.message) : error;
          });
          const differences = await reconcile(store.db, readOnlyClient(connection));
          const lines = differences.map((difference) => `${difference.account} ${difference.address} ${difference.field}: index ${difference.index}, chain ${difference.chain}`);
          print(globals, lines.length ? lines : ["the index agrees with the chain: licenses, listings and vault totals"], { differences });
          if (differences.length > 0) throw new UserError(`the index differs from the chain in ${differences.length} place(s)`);
        } finally {
          await store.close();
        }
      })
    );
}
