// `npm run bench:indexer`: the demo's story, then 10,000 more Hex events
// (deposits into its vaults, 20 per transaction: one per transaction ran
// at about seven transactions a second here, 25 minutes for 10,000; sent
// without waiting for each),
// backfilled by the indexer into PGlite and into a PostgreSQL server side by
// side; then the latency of each query at that size. Writes its section of
// docs/BENCHMARKS.md.
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Connection, Transaction } from "@solana/web3.js";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { depositInstruction, HexClient, paymentTokenAddress } from "../../sdk";
import { runDemo } from "../demo";
import { chainTierSource, readOnlyClient } from "../../indexer/chain";
import { Indexer } from "../../indexer/indexer";
import { creatorDashboard, earnings, licenseHistory, lineage, modelHistory, searchModels, trending } from "../../indexer/queries";
import { Store } from "../../indexer/store";
import { startPostgres } from "../../tests/postgres-server";

const TRANSACTIONS = Number(process.env.HEX_BENCH_TRANSACTIONS ?? 10_000);
const DEPOSITS_PER_TRANSACTION = 2;
const IN_FLIGHT = 64;
const QUERY_RUNS = 20;
const SECTION_START = "<!-- indexer benchmark: written by npm run bench:indexer -->";
const SECTION_END = "<!-- end of indexer benchmark -->";

async function generate(url: string) {
  const demo = await runDemo(url, () => undefined);
  const connection = new Connection(url, "confirmed");
  const { keys, models, usdc } = demo.cast;
  const buyers = ["gina", "hank", "ivan", "judy", "kim"];
  const targets = [models.base, models.med, models.code, models.medOnc, models.closed];
  const started = Date.now();
  let blockhash = "";
  const send = async (index: number) => {
    const buyer = keys[buyers[index % buyers.length]];
    const client = new HexClient(new AnchorProvider(connection, new Wallet(buyer), { commitment: "confirmed" }));
    const key = { modelMint: targets[index % targets.length], paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID };
    const source = paymentTokenAddress(buyer.publicKey, usdc, TOKEN_PROGRAM_ID);
    // Distinct amounts make every transaction distinct.
    const deposits = Array.from({ length: DEPOSITS_PER_TRANSACTION }, (_, n) => depositInstruction(client, { ...key, depositor: buyer.publicKey, source, amount: BigInt(1 + index * DEPOSITS_PER_TRANSACTION + n) }));
    const transaction = new Transaction().add(...(await Promise.all(deposits)));
    transaction.feePayer = buyer.publicKey;
    transaction.recentBlockhash = blockhash;
    transaction.sign(buyer);
    return connection.sendRawTransaction(transaction.serialize(), { skipPreflight: true });
  };
  let last = "";
  for (let start = 0; start < TRANSACTIONS; start += IN_FLIGHT) {
    // Each transaction is a block here: a blockhash lasts 150 of them.
    blockhash = (await connection.getLatestBlockhash()).blockhash;
    const signatures = await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, TRANSACTIONS - start) }, (_, offset) => send(start + offset)));
    last = signatures[signatures.length - 1];
  }
  await connection.confirmTransaction(last, "confirmed");
  return { demo: demo.cast, seconds: (Date.now() - started) / 1000, connection };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(spec: string, connection: Connection, cast: Awaited<ReturnType<typeof generate>>["demo"]) {
  const store = await Store.open(spec);
  try {
    const indexer = new Indexer(store, connection);
    await indexer.prepare();
    const started = Date.now();
    await indexer.catchUp();
    const seconds = (Date.now() - started) / 1000;
    const totals = await store.totals();
    const alice = cast.keys.alice.publicKey.toBase58();
    const [license] = await store.db.query<{ address: string }>("SELECT address FROM licenses LIMIT 1");
    const tiers = chainTierSource(readOnlyClient(connection));
    const queries: [string, () => Promise<unknown>][] = [
      ["search, default order (trending)", () => searchModels(store.db, {})],
      ["search by text, sorted by revenue", () => searchModels(store.db, { text: "med", sort: "revenue" })],
      ["trending over a week", () => trending(store.db, "week")],
      ["a wallet's earnings in a month", () => earnings(store.db, alice, new Date().toISOString().slice(0, 7))],
      ["a creator's dashboard", () => creatorDashboard(store.db, alice, tiers)],
      ["a license's history", () => licenseHistory(store.db, license.address)],
      ["a model's ownership history", () => modelHistory(store.db, cast.models.closed.toBase58())],
      ["a model's lineage with revenue", () => lineage(store.db, cast.models.med.toBase58())],
    ];
    const latencies: [string, number][] = [];
    for (const [name, run] of queries) {
      await run();
      const times: number[] = [];
      for (let i = 0; i < QUERY_RUNS; i++) {
        const start = process.hrtime.bigint();
        await run();
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      latencies.push([name, median(times)]);
    }
    return { seconds, ...totals, latencies };
  } finally {
    await store.close();
  }
}

async function main() {
  const url = process.env.ANCHOR_PROVIDER_URL;
  if (!url) throw new Error("ANCHOR_PROVIDER_URL is not set: run `npm run bench:indexer`");
  console.log(`generating the demo and ${TRANSACTIONS.toLocaleString("en-US")} transactions of ${DEPOSITS_PER_TRANSACTION} deposits...`);
  const generated = await generate(url);
  console.log(`generated in ${generated.seconds.toFixed(1)} s`);
  const pglite = await measure(mkdtempSync(path.join(tmpdir(), "hex-bench-index-")), generated.connection, generated.demo);
  console.log(`PGlite: ${pglite.events} events in ${pglite.seconds.toFixed(1)} s`);
  const server = await startPostgres();
  const postgres = typeof server === "string" ? null : await measure(await server.createDatabase("bench"), generated.connection, generated.demo);
  if (typeof server === "string") console.log(`PostgreSQL skipped: ${server}`);
  else server.stop();

  const rate = (count: number, seconds: number) => Math.round(count / seconds).toLocaleString("en-US");
  const header = postgres ? "| | PGlite (embedded) | PostgreSQL 15 server |\n| --- | ---: | ---: |" : "| | PGlite (embedded) |\n| --- | ---: |";
  const row = (label: string, a: string, b?: string) => `| ${label} | ${a} |${postgres ? ` ${b} |` : ""}`;
  const lines = [
    SECTION_START,
    "## Indexer",
    "",
    `Backfill of the demo's story plus ${TRANSACTIONS.toLocaleString("en-US")} transactions of ${DEPOSITS_PER_TRANSACTION} deposits (${(TRANSACTIONS * DEPOSITS_PER_TRANSACTION).toLocaleString("en-US")} \`Deposited\` events) generated on the embedded chain in ${generated.seconds.toFixed(0)} s (\`HEX_BENCH_TRANSACTIONS\` sets the count). The indexer reads them with \`getSignaturesForAddress\` and \`getTransaction\` (16 requests in flight) from the same machine and commits 100 transactions per database transaction. Figures from one run of \`npm run bench:indexer\`; each query's latency is the median of ${QUERY_RUNS} runs in process (no HTTP), at that size.`,
    "",
    header,
    row("transactions indexed", pglite.transactions.toLocaleString("en-US"), postgres?.transactions.toLocaleString("en-US")),
    row("events indexed", pglite.events.toLocaleString("en-US"), postgres?.events.toLocaleString("en-US")),
    row("backfill time (s)", pglite.seconds.toFixed(1), postgres?.seconds.toFixed(1)),
    row("**events per second**", rate(pglite.events, pglite.seconds), postgres ? rate(postgres.events, postgres.seconds) : undefined),
    row("transactions per second", rate(pglite.transactions, pglite.seconds), postgres ? rate(postgres.transactions, postgres.seconds) : undefined),
    ...pglite.latencies.map(([name, ms], index) => row(`${name} (ms)`, ms.toFixed(2), postgres?.latencies[index][1].toFixed(2))),
    ...(postgres ? [] : ["", "PostgreSQL's server was not installed on the machine that ran it: its column is missing."]),
    SECTION_END,
  ];
  const section = lines.join("\n");
  console.log(section);
  const file = path.join(__dirname, "..", "..", "docs", "BENCHMARKS.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "";
  const start = current.indexOf(SECTION_START);
  const end = current.indexOf(SECTION_END);
  const updated = start >= 0 && end > start ? current.slice(0, start) + section + current.slice(end + SECTION_END.length) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, updated);
  console.log(`written to ${file}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
