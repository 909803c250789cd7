// The indexer against the embedded chain, on PGlite and on a real Postgres
// server: a private chain tells the demo's story and a little more (a
// failed transaction, a week passing, a license resold, a review); every
// query's answer is checked against amounts computed here from that story
// and the money rules, to the base unit. An indexer killed mid-backfill and
// restarted ends with the same database; a live one picks up new
// transactions; reconciliation finds the index equal to the chain, and
// finds a difference planted in it.
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Connection, Keypair, PublicKey, SystemProgram, Transaction } from "@solana/web3.js";
import { expect } from "chai";
import { execFile, spawn } from "child_process";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { createHash } from "crypto";
import readline from "readline";
import {
  buyLicense,
  buyResoldLicense,
  createListing,
  depositInstruction,
  HexClient,
  listLicenseForResale,
  paymentTokenAddress,
  registerModel,
  reviewModel,
} from "../sdk";
import { runStory, DemoResult } from "../scripts/demo";
import { advanceClock } from "../scripts/localnet-clock";
import { chainTierSource, readOnlyClient } from "../indexer/chain";
import { Indexer } from "../indexer/indexer";
import { creatorDashboard, earnings, licenseHistory, lineage, modelHistory, searchModels, trending } from "../indexer/queries";
import { reconcile } from "../indexer/reconcile";
import { createApp, listen } from "../indexer/server";
import { Store } from "../indexer/store";
import { startPostgres } from "./postgres-server";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { findFreePortPair, startLocalnet } = require("../scripts/lib/localnet");

const HEX = path.join(__dirname, "..", "scripts", "hex.js");
const USDC = 1_000_000n;
const DAY = 86_400;
const bps = (amount: bigint, share: bigint) => (amount * share) / 10_000n;
const afterFee = (price: bigint) => price - bps(price, 2_000n); // 20%: no creator reaches a tier

interface Story {
  url: string;
  demo: DemoResult["cast"];
  failedSignature: string;
  resold: { license: PublicKey; mint: PublicKey };
}

function clientOf(connection: Connection, keypair: Keypair): HexClient {
  return new HexClient(new AnchorProvider(connection, new Wallet(keypair), { commitment: "confirmed" }));
}

/** The demo, then: a failed deposit, eight days, a second Base license, a resold license, a review. */
async function tellStory(url: string): Promise<Story> {
  const connection = new Connection(url, "confirmed");
  (connection as unknown as { _disableBlockhashCaching: boolean })._disableBlockhashCaching = true;
  const { cast } = await runStory(url, () => undefined);
  const client = (name: string) => clientOf(connection, cast.keys[name]);
  const { keys, models, listings, usdc } = cast;

  // A deposit that would emit an event, in a transaction that then fails.
  const gina = client("gina");
  const failing = new Transaction().add(
    await depositInstruction(gina, {
      modelMint: models.base,
      paymentMint: usdc,
      tokenProgram: TOKEN_PROGRAM_ID,
      depositor: keys.gina.publicKey,
      source: paymentTokenAddress(keys.gina.publicKey, usdc, TOKEN_PROGRAM_ID),
      amount: 1n * USDC,
    }),
    SystemProgram.transfer({ fromPubkey: keys.gina.publicKey, toPubkey: keys.kim.publicKey, lamports: 10n ** 15n })
  );
  failing.feePayer = keys.gina.publicKey;
  failing.recentBlockhash = (await connection.getLatestBlockhash()).blockhash;
  failing.sign(keys.gina);
  const failedSignature = await connection.sendRawTransaction(failing.serialize(), { skipPreflight: true });
  await connection.confirmTransaction(failedSignature, "confirmed").catch(() => undefined);
  const status = (await connection.getSignatureStatus(failedSignature, { searchTransactionHistory: true })).value;
  expect(status?.err, "the failing transaction must land and fail").to.not.equal(null);

  await advanceClock(url, 8 * DAY);
  const second = await buyLicense(gina, listings.oneTime, 100n * USDC);
  const transferable = await createListing(client("alice"), models.base, usdc, {
    pricing: { kind: "oneTime", price: 10n * USDC },
    transferable: true,
    resaleRoyaltyBps: 1_000,
    uri: "https://licenses.hex.example/base-transferable.json",
  });
  const bought = await buyLicense(client("kim"), transferable.listing, 10n * USDC);
  await listLicenseForResale(client("kim"), bought.license, 30n * USDC);
  await buyResoldLicense(client("judy"), bought.license, 30n * USDC);
  await reviewModel(gina, second.license, 4, "https://reviews.hex.example/gina.json");
  return { url, demo: cast, failedSignature, resold: { license: bought.license, mint: bought.mint } };
}

/** What the story did, computed from the money rules (as tests/demo.test.ts does). */
function expectations(story: Story) {
  const calls = 120n * 50_000n;
  const nodeShare = bps(calls, 1_000n);
  const income = {
    base: afterFee(100n * USDC),
    med: afterFee(20n * USDC) * 2n,
    medOnc: calls - bps(calls, 2_000n) - nodeShare,
    code: afterFee(5n * USDC) + afterFee(bps(200n * USDC, 1_000n)),
    private: afterFee(50n * USDC),
  };
  const medOncToMed = bps(income.medOnc, 1_500n);
  const medToBase = bps(income.med + medOncToMed, 1_000n);
  const codeToBase = bps(income.code, 1_000n);
  const resalePrice = 30n * USDC;
  const resaleRoyalty = bps(resalePrice, 1_000n);
  const later = afterFee(100n * USDC) + afterFee(10n * USDC) + resaleRoyalty;
  const key = (name: string) => story.demo.keys[name].publicKey.toBase58();
  return {
    // Paid by licensees for each model's licenses (fees included).
    revenue: {
      base: 100n * USDC + 100n * USDC + 10n * USDC,
      med: 40n * USDC,
      medOnc: calls,
      code: 5n * USDC + bps(200n * USDC, 1_000n),
      private: 50n * USDC,
    },
    vaultIncome: {
      base: income.base + medToBase + codeToBase + later,
      med: income.med + medOncToMed,
      medOnc: income.medOnc,
      code: income.code,
      private: income.private,
    },
    earnings: {
      [key("alice")]: [{ source: "claim", model: "base", amount: income.base + medToBase + codeToBase }],
      [key("erin")]: [{ source: "model_sale", model: "closed", amount: 500n * USDC - bps(500n * USDC, 500n) }],
      [key("node")]: [{ source: "compute_share", model: "medOnc", amount: nodeShare }],
      [key("kim")]: [{ source: "license_resale", model: "base", amount: resalePrice - bps(resalePrice, 250n) - resaleRoyalty }],
      [key("frank")]: [{ source: "claim", model: "closed", amount: income.private }],
    },
    resaleRoyalty,
    resalePrice,
  };
}

function hex(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("node", [HEX, ...args], { env: { ...process.env, ANCHOR_WALLET: "" } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    );
  });
}

/** Every row of every table, in a stable order, without the identity columns that a crash may advance. */
async function dump(store: Store): Promise<Record<string, unknown[]>> {
  const tables = await store.db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY 1"
  );
  const result: Record<string, unknown[]> = {};
  for (const { table_name: table } of tables) {
    const rows = await store.db.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
    result[table] = rows.map(({ seq: _seq, ...row }) => JSON.stringify(row)).sort();
  }
  return result;
}

interface Backend {
  name: string;
  /** A fresh database spec; null when this backend is unavailable. */
  database: (label: string) => Promise<string>;
}

describe("indexer", function () {
  let chain: { url: string; stop(): Promise<void> };
  let story: Story;
  let connection: Connection;
  const postgres = startPostgres();
  const directory = mkdtempSync(path.join(tmpdir(), "hex-indexer-"));

  before(async () => {
    chain = await startLocalnet(await findFreePortPair(19_000));
    connection = new Connection(chain.url, "confirmed");
    story = await tellStory(chain.url);
  });

  after(async () => {
    const server = await postgres;
    if (typeof server !== "string") server.stop();
    // web3.js closes an idle websocket after half a second; one the chain
    // closes first keeps reconnecting, and keeps mocha from exiting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await chain?.stop();
  });

  const backends: Backend[] = [
    { name: "PGlite (embedded)", database: async (label) => path.join(directory, label) },
    {
      name: "PostgreSQL server",
      database: async (label) => {
        const server = await postgres;
        if (typeof server === "string") throw new Error(server);
        return server.createDatabase(label.replace(/\W/g, "_"));
      },
    },
  ];

  for (const backend of backends) {
    describe(backend.name, function () {
      let store: Store;
      let mints: Record<string, string>;
      const label = backend.name.startsWith("PGlite") ? "pglite" : "postgres";

      before(async function () {
        if (label === "postgres") {
          const server = await postgres;
          if (typeof server === "string") {
            console.log(`      NOTICE: the PostgreSQL half of the indexer tests is skipped: ${server}`);
            this.skip();
          }
        }
        store = await Store.open(await backend.database(`${label}_reference`));
        const indexer = new Indexer(store, connection);
        await indexer.prepare();
        await indexer.catchUp();
        mints = Object.fromEntries(Object.entries(story.demo.models).map(([name, mint]) => [name, mint.toBase58()]));
      });

      after(async () => store?.close());

      it("stores each event once, and not the failed transaction", async () => {
        const [counts] = await store.db.query<{ events: number; distinct: number; failed: number }>(
          `SELECT count(*)::int AS events, count(DISTINCT (signature, instruction_index, inner_index))::int AS distinct,
             (SELECT count(*)::int FROM transactions WHERE signature = $1) AS failed FROM events`,
          [story.failedSignature]
        );
        expect(counts.failed).to.equal(0);
        expect(counts.distinct).to.equal(counts.events);
        const byName = Object.fromEntries((await store.db.query<{ name: string; n: number }>("SELECT name, count(*)::int AS n FROM events GROUP BY name")).map((row) => [row.name, row.n]));
        // The story: 7 licenses bought (5 in the demo, gina's second, kim's), 1 resale, 1 review, 3 forks.
        expect(byName).to.include({ LicensePurchased: 7, LicenseResold: 1, ModelReviewed: 1, ModelForked: 3, ModelSold: 1, UsageRecorded: 2, ListingCreated: 6 });
      });

      it("searches by text, openness and price, in every order", async () => {
        const names = async (params: Parameters<typeof searchModels>[1]) => (await searchModels(store.db, { text: "8B", ...params })).models.map((model) => model.name);
        expect((await names({ text: "med" })).sort()).to.deep.equal(["Med 8B", "Med-Onc 8B"]);
        expect(await names({ open: false })).to.deep.equal(["Private 8B"]);
        expect((await names({ minPrice: 20n * USDC, maxPrice: 60n * USDC })).sort()).to.deep.equal(["Med 8B", "Private 8B"]);
        expect(await names({ sort: "newest" })).to.deep.equal(["Private 8B", "Med-Onc 8B", "Code 8B", "Med 8B", "Base 8B"]);
        expect(await names({ sort: "revenue" })).to.deep.equal(["Base 8B", "Private 8B", "Med 8B", "Code 8B", "Med-Onc 8B"]);
        expect((await names({ sort: "rating" }))[0]).to.equal("Base 8B");
        expect((await names({ sort: "trending" }))[0]).to.equal("Base 8B");
        const [base] = (await searchModels(store.db, { text: "Base 8B" })).models;
        const expected = expectations(story);
        expect(base).to.include({ revenue: expected.revenue.base.toString(), paidLicenses: 3, rating: 4, ratingCount: 1, lowestPrice: (10n * USDC).toString() });
      });

      it("ranks trending models over a day, a week and a month", async () => {
        const expected = expectations(story);
        const week = await trending(store.db, "week");
        expect(week.models).to.deep.equal([{ mint: mints.base, name: "Base 8B", paidLicenses: 2, usageUnits: "0", revenue: (110n * USDC).toString() }]);
        expect((await trending(store.db, "day")).models).to.deep.equal(week.models);
        const month = await trending(store.db, "month");
        expect(month.models.map((model) => [model.name, model.paidLicenses, model.usageUnits, model.revenue])).to.deep.equal([
          ["Base 8B", 3, "0", expected.revenue.base.toString()],
          ["Private 8B", 1, "0", expected.revenue.private.toString()],
          ["Med 8B", 1, "2400", expected.revenue.med.toString()],
          ["Code 8B", 1, "0", expected.revenue.code.toString()],
          ["Med-Onc 8B", 0, "120", expected.revenue.medOnc.toString()],
        ]);
      });

      it("gives each wallet's earnings by model, vault and month", async () => {
        const expected = expectations(story);
        const month = new Date().toISOString().slice(0, 7);
        for (const [wallet, rows] of Object.entries(expected.earnings)) {
          const result = await earnings(store.db, wallet);
          expect(result.rows.map((row) => ({ source: row.source, model: row.model, amount: row.amount }))).to.deep.equal(
            rows.map((row) => ({ source: row.source, model: mints[row.model], amount: row.amount.toString() }))
          );
          expect(result.total).to.deep.equal([{ paymentMint: story.demo.usdc.toBase58(), amount: rows[0].amount.toString() }]);
        }
        const [claim] = (await earnings(store.db, story.demo.keys.alice.publicKey.toBase58(), month)).rows;
        expect(claim).to.include({ month, vault: (await store.db.query<{ address: string }>("SELECT address FROM vaults WHERE model_mint = $1", [mints.base]))[0].address });
        expect((await earnings(store.db, story.demo.keys.alice.publicKey.toBase58(), "1999-01")).rows).to.deep.equal([]);
      });

      it("shows a creator's dashboard with tier progress", async () => {
        const expected = expectations(story);
        const dashboard = await creatorDashboard(store.db, story.demo.keys.alice.publicKey.toBase58(), chainTierSource(readOnlyClient(connection)));
        expect(dashboard.models).to.deep.equal([
          { mint: mints.base, name: "Base 8B", owner: story.demo.keys.alice.publicKey.toBase58(), paidLicenses: 3, revenue: expected.revenue.base.toString(), usageUnits: "0", vaultIncome: expected.vaultIncome.base.toString(), rating: 4, ratingCount: 1 },
        ]);
        const wholeUnits = expected.revenue.base / USDC;
        expect(dashboard.tiers).to.deep.equal([
          {
            paymentMint: story.demo.usdc.toBase58(),
            lifetimeSales: expected.revenue.base.toString(),
            lifetimeSalesWholeUnits: wholeUnits.toString(),
            licenseFeeBps: 2_000,
            nextTier: { minLifetimeSales: "1000", licenseFeeBps: 1_800, remainingWholeUnits: (1_000n - wholeUnits).toString() },
          },
        ]);
      });

      it("tells a license's and a model's whole ownership history, and a model's lineage with revenue", async () => {
        const expected = expectations(story);
        const { keys } = story.demo;
        const license = await licenseHistory(store.db, story.resold.mint.toBase58());
        expect(license!.holders.map((holder) => [holder.holder, holder.via, holder.price, holder.releasedAt === null])).to.deep.equal([
          [keys.kim.publicKey.toBase58(), "purchase", (10n * USDC).toString(), false],
          [keys.judy.publicKey.toBase58(), "resale", expected.resalePrice.toString(), true],
        ]);
        expect(license!.holders[1].modelRoyalty).to.equal(expected.resaleRoyalty.toString());
        const model = await modelHistory(store.db, mints.closed);
        expect(model!.owners.map((owner) => [owner.owner, owner.via, owner.price])).to.deep.equal([
          [keys.erin.publicKey.toBase58(), "registered", null],
          [keys.frank.publicKey.toBase58(), "sale", (500n * USDC).toString()],
        ]);
        const tree = await lineage(store.db, mints.med);
        const row = (name: keyof typeof mints) => ({ mint: mints[name], revenue: expected.revenue[name as keyof typeof expected.revenue].toString(), vaultIncome: expected.vaultIncome[name as keyof typeof expected.vaultIncome].toString() });
        const pick = ({ mint, revenue, vaultIncome }: Record<string, unknown>) => ({ mint, revenue, vaultIncome });
        expect(pick(tree!.model)).to.deep.equal(row("med"));
        expect(tree!.ancestors.map(pick)).to.deep.equal([row("base")]);
        expect(tree!.descendants.map(pick)).to.deep.equal([row("medOnc")]);
        expect((await lineage(store.db, mints.base))!.descendants.map((descendant) => descendant.mint)).to.have.members([mints.med, mints.code, mints.medOnc]);
      });

      it("agrees with the chain, and reports a difference planted in the index", async () => {
        const client = readOnlyClient(connection);
        expect(await reconcile(store.db, client)).to.deep.equal([]);
        const [vault] = await store.db.query<{ address: string; total_income: string }>("SELECT address, total_income::text FROM vaults WHERE model_mint = $1", [mints.code]);
        await store.db.query("UPDATE vaults SET total_income = total_income + 1 WHERE address = $1", [vault.address]);
        expect(await reconcile(store.db, client)).to.deep.equal([
          { account: "vault", address: vault.address, field: "totalIncome", index: (BigInt(vault.total_income) + 1n).toString(), chain: vault.total_income },
        ]);
        await store.db.query("UPDATE vaults SET total_income = total_income - 1 WHERE address = $1", [vault.address]);
      });

      it("killed mid-backfill and restarted, ends with the same database", async () => {
        const database = await backend.database(`${label}_restarted`);
        const args = ["--url", chain.url, "--json", "index", "--once", "--batch", "5", "--database", database];
        const child = spawn("node", [HEX, ...args], { stdio: ["ignore", "pipe", "inherit"] });
        let killedAt = -1;
        for await (const line of readline.createInterface({ input: child.stdout })) {
          const progress = JSON.parse(line);
          if (progress.transactions >= 20) {
            killedAt = progress.transactions;
            child.kill("SIGKILL");
            break;
          }
        }
        await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once("exit", resolve)));
        expect(killedAt, "the indexer was killed before the end of its backfill").to.be.within(20, 60);
        const restarted = await hex(args);
        expect(restarted.code, restarted.stderr).to.equal(0);
        const reference = await dump(store);
        const again = await Store.open(database);
        try {
          expect(await dump(again)).to.deep.equal(reference);
          const history = await modelHistory(again.db, mints.closed);
          expect(history!.owners.map((owner) => owner.via)).to.deep.equal(["registered", "sale"]);
        } finally {
          await again.close();
        }
      });

      it("follows the chain live", async () => {
        const stop = new AbortController();
        const indexer = new Indexer(store, connection, { pollSeconds: 600 });
        await indexer.prepare();
        const running = indexer.run(stop.signal);
        try {
          const creator = clientOf(connection, story.demo.keys.carol);
          const name = `Live ${label}`;
          const { mint } = await registerModel(creator, {
            name,
            symbol: "HEXM",
            uri: "https://models.hex.example/live.json",
            contentHash: createHash("sha256").update(name).digest(),
            openSource: true,
            forkRoyaltyBps: 0,
            creatorResaleRoyaltyBps: 500,
          });
          for (let attempt = 0; attempt < 100; attempt++) {
            const found = await store.db.query("SELECT name FROM models WHERE mint = $1", [mint.toBase58()]);
            if (found.length) return expect(found).to.deep.equal([{ name }]);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          throw new Error("the live indexer did not pick up the new model within 10 s");
        } finally {
          stop.abort();
          await running;
        }
      });
    });
  }

  describe("over HTTP, through the CLI", () => {
    let store: Store;

    before(async () => {
      store = await Store.open("memory://");
      const indexer = new Indexer(store, connection);
      await indexer.prepare();
      await indexer.catchUp();
    });

    after(async () => store?.close());

    it("answers the CLI's queries, with one-line errors for bad input", async () => {
      const app = createApp({ db: store.db, tierSource: chainTierSource(readOnlyClient(connection)), status: async () => store.totals() });
      const { server, url } = await listen(app, 0);
      const { models, keys } = story.demo;
      const erin = keys.erin.publicKey.toBase58();
      const month = new Date().toISOString().slice(0, 7);
      try {
        const [search, trend, license, model, earned, badMonth, badWindow, unreachable, badDatabase] = await Promise.all([
          hex(["--json", "search", "med", "--open", "--sort", "revenue", "--indexer", url]),
          hex(["--json", "trending", "--window", "day", "--indexer", url]),
          hex(["--json", "history", story.resold.license.toBase58(), "--indexer", url]),
          hex(["--json", "history", models.closed.toBase58(), "--indexer", url]),
          hex(["--json", "earnings", erin, "--month", month, "--indexer", url]),
          hex(["earnings", erin, "--month", "2025-13", "--indexer", url]),
          hex(["trending", "--window", "year", "--indexer", url]),
          hex(["search", "--indexer", "http://127.0.0.1:1"]),
          hex(["--url", chain.url, "index", "--once", "--database", "mysql://localhost/hex"]),
        ]);
        const json = (run: { code: number; stdout: string; stderr: string }) => {
          expect(run.code, run.stderr).to.equal(0);
          return JSON.parse(run.stdout);
        };
        expect(json(search).models.map((row: { name: string }) => row.name)).to.deep.equal(["Med 8B", "Med-Onc 8B"]);
        expect(json(trend).models.map((row: { mint: string }) => row.mint)).to.deep.equal([models.base.toBase58()]);
        expect(json(license).holders.map((row: { holder: string }) => row.holder)).to.deep.equal([keys.kim.publicKey.toBase58(), keys.judy.publicKey.toBase58()]);
        expect(json(model).owners.map((row: { owner: string }) => row.owner)).to.deep.equal([erin, keys.frank.publicKey.toBase58()]);
        expect(json(earned).total[0].amount).to.equal((500n * USDC - bps(500n * USDC, 500n)).toString());
        for (const [run, pattern] of [
          [badMonth, /^error: bad month "2025-13": give it as YYYY-MM/],
          [badWindow, /^error: bad window "year": use day, week, month$/],
          [unreachable, /^error: cannot reach the indexer at http:\/\/127\.0\.0\.1:1: is `hex index` running\? Check --indexer$/],
          [badDatabase, /^error: unsupported database "mysql:\/\/localhost\/hex"/],
        ] as const) {
          expect(run.code).to.equal(1);
          expect(run.stdout).to.equal("");
          expect(run.stderr.trim()).to.match(pattern);
        }
      } finally {
        server.close();
      }
    });
  });
});
