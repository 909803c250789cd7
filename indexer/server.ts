// The index over HTTP: JSON answers to the queries of queries.ts (Hono on
// Node's http server). Bad parameters answer 400, unknown things 404, both
// as {"error": "..."}.
import { serve, ServerType } from "@hono/node-server";
import { Context, Hono } from "hono";
import { Database } from "./db";
import {
  creatorDashboard,
  earnings,
  licenseHistory,
  lineage,
  modelDetail,
  modelHistory,
  QueryError,
  searchModels,
  Sort,
  SORTS,
  TierSource,
  trending,
  Window,
  WINDOWS,
} from "./queries";

export interface ServerOptions {
  db: Database;
  tierSource: TierSource;
  /** What /status adds about the indexer itself (progress). */
  status: () => Promise<Record<string, unknown>>;
}

function integer(c: Context, name: string, fallback: number, max: number): number {
  const text = c.req.query(name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max) throw new QueryError(`bad ${name} "${text}": give a whole number up to ${max}`);
  return Number(text);
}

function amount(c: Context, name: string): bigint | undefined {
  const text = c.req.query(name);
  if (text === undefined) return undefined;
  if (!/^\d{1,20}$/.test(text)) throw new QueryError(`bad ${name} "${text}": give a whole number of base units`);
  return BigInt(text);
}

function choice<T extends string>(c: Context, name: string, allowed: readonly T[]): T | undefined {
  const text = c.req.query(name);
  if (text === undefined) return undefined;
  if (!allowed.includes(text as T)) throw new QueryError(`bad ${name} "${text}": use ${allowed.join(", ")}`);
  return text as T;
}

function found<T>(c: Context, value: T | null, what: string) {
  return value === null ? c.json({ error: `unknown ${what}` }, 404) : c.json(value);
}

export function createApp({ db, tierSource, status }: ServerOptions): Hono {
  const app = new Hono();
  app.onError((error, c) => (error instanceof QueryError ? c.json({ error: error.message }, 400) : c.json({ error: error.message }, 500)));
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}: see GET /` }, 404));

  app.get("/", (c) =>
    c.json({
      routes: [
        "GET /status",
        "GET /models?q=&category=&tag=&open=true|false&minPrice=&maxPrice=&sort=trending|newest|rating|revenue&limit=&offset=",
        "GET /models/:mint",
        "GET /models/:mint/history",
        "GET /models/:mint/lineage",
        "GET /trending?window=day|week|month&limit=",
        "GET /wallets/:wallet/earnings?month=YYYY-MM",
        "GET /creators/:wallet/dashboard",
        "GET /licenses/:license/history",
      ],
    })
  );
  app.get("/status", async (c) => c.json(await status()));
  app.get("/models", async (c) => {
    const open = choice(c, "open", ["true", "false"] as const);
    return c.json(
      await searchModels(db, {
        text: c.req.query("q") || undefined,
        category: c.req.query("category") || undefined,
        tag: c.req.query("tag") || undefined,
        open: open === undefined ? undefined : open === "true",
        minPrice: amount(c, "minPrice"),
        maxPrice: amount(c, "maxPrice"),
        sort: choice<Sort>(c, "sort", SORTS),
        limit: integer(c, "limit", 20, 500),
        offset: integer(c, "offset", 0, Number.MAX_SAFE_INTEGER),
      })
    );
  });
  app.get("/models/:mint", async (c) => found(c, await modelDetail(db, c.req.param("mint")), "model"));
  app.get("/models/:mint/history", async (c) => found(c, await modelHistory(db, c.req.param("mint")), "model"));
  app.get("/models/:mint/lineage", async (c) => found(c, await lineage(db, c.req.param("mint")), "model"));
  app.get("/trending", async (c) =>
    c.json(await trending(db, choice<Window>(c, "window", Object.keys(WINDOWS) as Window[]) ?? "week", integer(c, "limit", 20, 500)))
  );
  app.get("/wallets/:wallet/earnings", async (c) => c.json(await earnings(db, c.req.param("wallet"), c.req.query("month"))));
  app.get("/creators/:wallet/dashboard", async (c) => c.json(await creatorDashboard(db, c.req.param("wallet"), tierSource)));
  app.get("/licenses/:license/history", async (c) => found(c, await licenseHistory(db, c.req.param("license")), "license"));
  return app;
}

/** Serves `app` on `port` (0: any free port) and `host`; resolves once listening. */
export function listen(app: Hono, port: number, host = "127.0.0.1"): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => resolve({ server, url: `http://${host}:${info.port}` }));
    server.once("error", reject);
  });
}
