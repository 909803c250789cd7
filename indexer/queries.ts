// What a marketplace asks the index. Every function is one or two SQL
// statements over the projected tables; amounts are base units of their
// payment mint, as decimal strings. "Revenue" is what licensees paid for a
// model's licenses (the market's own count of a creator's sales: purchases,
// settled escrowed purchases, renewals, usage, revenue shares, fees
// included); "vault income" is what reached the model's vaults.
import { Queryable } from "./db";

export class QueryError extends Error {}

export const WINDOWS = { day: 1, week: 7, month: 30 } as const;
export type Window = keyof typeof WINDOWS;
export const SORTS = ["trending", "newest", "rating", "revenue"] as const;
export type Sort = (typeof SORTS)[number];

/** The index's present: the wall clock, or the chain's clock when it runs ahead (a local chain moved forward). */
const NOW = "(SELECT GREATEST(now(), coalesce(max(block_time), now())) FROM transactions)";

const REVENUE = "(SELECT model_mint, sum(amount) AS amount FROM payments GROUP BY model_mint)";
const RATINGS = "(SELECT model_mint, count(*)::int AS count, round(avg(rating), 2)::float8 AS average FROM reviews GROUP BY model_mint)";
const PAID_LICENSES = "(SELECT model_mint, count(*)::int AS count FROM licenses WHERE counted_as_sale AND status = 'active' GROUP BY model_mint)";

/** The columns every model row shows. */
const MODEL_COLUMNS = `m.mint, m.name, m.creator, m.owner, m.category, m.tags, m.open_source AS "openSource", m.parent_mint AS "parent",
  m.root_mint AS "root", m.depth, m.version, m.uri, m.created_at AS "createdAt",
  (SELECT min(price) FROM listings l WHERE l.model_mint = m.mint AND l.active) AS "lowestPrice",
  coalesce(pl.count, 0) AS "paidLicenses", coalesce(rev.amount, 0)::text AS revenue,
  ra.average AS rating, coalesce(ra.count, 0) AS "ratingCount"`;

const MODEL_JOINS = `LEFT JOIN ${REVENUE} rev ON rev.model_mint = m.mint
  LEFT JOIN ${RATINGS} ra ON ra.model_mint = m.mint
  LEFT JOIN ${PAID_LICENSES} pl ON pl.model_mint = m.mint`;

export interface SearchParams {
  text?: string;
  category?: string;
  tag?: string;
  open?: boolean;
  minPrice?: bigint;
  maxPrice?: bigint;
  sort?: Sort;
  limit?: number;
  offset?: number;
}

const ORDER: Record<Sort, string> = {
  trending: `"trendingRevenue" DESC, "paidLicenses" DESC`,
  newest: `m.seq DESC`,
  rating: `ra.average DESC NULLS LAST, "ratingCount" DESC`,
  revenue: `coalesce(rev.amount, 0) DESC`,
};

/** Models (taken-down ones left out) matching every given filter; text matches name, category or a tag. */
export async function searchModels(db: Queryable, params: SearchParams) {
  const sort = params.sort ?? "trending";
  const priced = params.minPrice !== undefined || params.maxPrice !== undefined;
  const rows = await db.query(
    `SELECT ${MODEL_COLUMNS}, coalesce(tr.amount, 0)::text AS "trendingRevenue"
     FROM models m ${MODEL_JOINS}
     LEFT JOIN (SELECT model_mint, sum(amount) AS amount FROM payments WHERE paid_at > ${NOW} - interval '${WINDOWS.week} days' GROUP BY model_mint) tr
       ON tr.model_mint = m.mint
     WHERE NOT m.taken_down
       AND ($1::text IS NULL OR strpos(lower(coalesce(m.name, '')), lower($1)) > 0 OR strpos(lower(coalesce(m.category, '')), lower($1)) > 0
            OR EXISTS (SELECT 1 FROM unnest(m.tags) tag WHERE strpos(lower(tag), lower($1)) > 0))
       AND ($2::text IS NULL OR lower(m.category) = lower($2))
       AND ($3::text IS NULL OR lower($3) = ANY (SELECT lower(tag) FROM unnest(m.tags) tag))
       AND ($4::boolean IS NULL OR m.open_source = $4)
       AND (NOT $5::boolean OR EXISTS (SELECT 1 FROM listings l WHERE l.model_mint = m.mint AND l.active
            AND ($6::numeric IS NULL OR l.price >= $6) AND ($7::numeric IS NULL OR l.price <= $7)))
     ORDER BY ${ORDER[sort]}, m.mint
     LIMIT $8 OFFSET $9`,
    [params.text ?? null, params.category ?? null, params.tag ?? null, params.open ?? null, priced,
      params.minPrice?.toString() ?? null, params.maxPrice?.toString() ?? null, params.limit ?? 20, params.offset ?? 0]
  );
  return { sort, models: rows };
}

/** One model with its listings, or null. */
export async function modelDetail(db: Queryable, mint: string) {
  const [model] = await db.query(`SELECT ${MODEL_COLUMNS} FROM models m ${MODEL_JOINS} WHERE m.mint = $1`, [mint]);
  if (!model) return null;
  const listings = await db.query(
    `SELECT address, kind, payment_mint AS "paymentMint", price::text, active, closed, transferable, derivative_rights AS "derivativeRights"
     FROM listings WHERE model_mint = $1 ORDER BY created_at, address`,
    [mint]
  );
  return { ...model, listings };
}

/** Per model, over the last day, week or month: paid licenses still active, usage units, revenue. */
export async function trending(db: Queryable, window: Window, limit = 20) {
  const [bounds] = await db.query<{ from: Date; to: Date }>(`SELECT ${NOW} - interval '${WINDOWS[window]} days' AS "from", ${NOW} AS "to"`);
  const models = await db.query(
    `WITH activity AS (
       SELECT model_mint, count(*) AS licenses, 0 AS units, 0 AS revenue FROM licenses
         WHERE counted_as_sale AND status = 'active' AND purchased_at > $1 GROUP BY model_mint
       UNION ALL SELECT model_mint, 0, sum(units), 0 FROM usage WHERE recorded_at > $1 GROUP BY model_mint
       UNION ALL SELECT model_mint, 0, 0, sum(amount) FROM payments WHERE paid_at > $1 GROUP BY model_mint)
     SELECT a.model_mint AS mint, m.name, sum(a.licenses)::int AS "paidLicenses", sum(a.units)::text AS "usageUnits", sum(a.revenue)::text AS revenue
     FROM activity a JOIN models m ON m.mint = a.model_mint
     WHERE NOT m.taken_down
     GROUP BY a.model_mint, m.name
     ORDER BY sum(a.revenue) DESC, sum(a.licenses) DESC, sum(a.units) DESC, a.model_mint
     LIMIT $2`,
    [bounds.from, limit]
  );
  return { window, from: bounds.from, to: bounds.to, models };
}

/** What a wallet received, by month, source, model and vault: vault claims and previous-owner payouts, model sale proceeds and creator royalties, license resale proceeds, compute shares. */
export async function earnings(db: Queryable, wallet: string, month?: string) {
  if (month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new QueryError(`bad month "${month}": give it as YYYY-MM`);
  const rows = await db.query(
    `WITH received AS (
       SELECT f.at, f.kind AS source, v.model_mint, f.vault, v.payment_mint, f.amount
         FROM vault_flows f JOIN vaults v ON v.address = f.vault WHERE f.party = $1 AND f.kind IN ('claim', 'previous_owner', 'distributor_fee')
       UNION ALL SELECT sold_at, 'model_sale', model_mint, NULL, payment_mint, seller_proceeds FROM model_sales WHERE seller = $1
       UNION ALL SELECT s.sold_at, 'creator_royalty', s.model_mint, NULL, s.payment_mint, s.creator_royalty
         FROM model_sales s JOIN models m ON m.mint = s.model_mint WHERE m.creator = $1 AND s.creator_royalty > 0
       UNION ALL SELECT h.acquired_at, 'license_resale', l.model_mint, NULL, li.payment_mint, h.seller_proceeds
         FROM license_holders h JOIN licenses l ON l.address = h.license JOIN listings li ON li.address = l.listing WHERE h.seller = $1
       UNION ALL SELECT paid_at, 'compute_share', model_mint, NULL, payment_mint, compute_share FROM payments WHERE node = $1 AND compute_share > 0)
     SELECT to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, r.source, r.model_mint AS model, m.name AS "modelName", r.vault,
       r.payment_mint AS "paymentMint", sum(r.amount)::text AS amount
     FROM received r JOIN models m ON m.mint = r.model_mint
     WHERE $2::text IS NULL OR to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM') = $2
     GROUP BY 1, 2, 3, 4, 5, 6
     ORDER BY 1, 3, 2, 5`,
    [wallet, month ?? null]
  );
  return { wallet, month: month ?? null, total: totalsByMint(rows as { paymentMint: string; amount: string }[]), rows };
}

function totalsByMint(rows: { paymentMint: string; amount: string }[]): { paymentMint: string; amount: string }[] {
  const totals = new Map<string, bigint>();
  for (const row of rows) totals.set(row.paymentMint, (totals.get(row.paymentMint) ?? 0n) + BigInt(row.amount));
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([paymentMint, amount]) => ({ paymentMint, amount: amount.toString() }));
}

/** Fee tiers as the platform config holds them, and a mint's decimals: read from the chain. */
export interface TierSource {
  tiers(): Promise<{ licenseFeeBps: number; tiers: { minLifetimeSales: bigint; licenseFeeBps: number }[] }>;
  decimals(mint: string): Promise<number>;
}

/** A creator's models with their sales, revenue, usage and vault income, and its fee tier progress per payment mint. */
export async function creatorDashboard(db: Queryable, creator: string, tierSource: TierSource) {
  const models = await db.query(
    `SELECT m.mint, m.name, m.owner, coalesce(pl.count, 0) AS "paidLicenses", coalesce(rev.amount, 0)::text AS revenue,
       coalesce((SELECT sum(units) FROM usage u WHERE u.model_mint = m.mint), 0)::text AS "usageUnits",
       coalesce((SELECT sum(total_income) FROM vaults v WHERE v.model_mint = m.mint), 0)::text AS "vaultIncome",
       ra.average AS rating, coalesce(ra.count, 0) AS "ratingCount"
     FROM models m ${MODEL_JOINS}
     WHERE m.creator = $1 ORDER BY m.created_at, m.mint`,
    [creator]
  );
  // The market's tiers count every payment for the creator's models, in whole units of the payment mint.
  const sales = await db.query<{ paymentMint: string; amount: string }>(
    `SELECT p.payment_mint AS "paymentMint", sum(p.amount)::text AS amount FROM payments p JOIN models m ON m.mint = p.model_mint
     WHERE m.creator = $1 GROUP BY 1 ORDER BY 1`,
    [creator]
  );
  const config = sales.length > 0 ? await tierSource.tiers() : null;
  const tiers = await Promise.all(
    sales.map(async (row) => {
      const lifetime = BigInt(row.amount);
      const wholeUnits = lifetime / 10n ** BigInt(await tierSource.decimals(row.paymentMint));
      const reached = config!.tiers.filter((tier) => wholeUnits >= tier.minLifetimeSales);
      const next = config!.tiers.find((tier) => wholeUnits < tier.minLifetimeSales);
      return {
        paymentMint: row.paymentMint,
        lifetimeSales: row.amount,
        lifetimeSalesWholeUnits: wholeUnits.toString(),
        licenseFeeBps: Math.min(config!.licenseFeeBps, ...reached.map((tier) => tier.licenseFeeBps)),
        nextTier: next ? { minLifetimeSales: next.minLifetimeSales.toString(), licenseFeeBps: next.licenseFeeBps, remainingWholeUnits: (next.minLifetimeSales - wholeUnits).toString() } : null,
      };
    })
  );
  return { creator, models, tiers };
}

/** Every holder of a license (by its address or its NFT mint), oldest first, or null. */
export async function licenseHistory(db: Queryable, license: string) {
  const [row] = await db.query(
    `SELECT l.address, l.mint, l.listing, l.model_mint AS model, m.name AS "modelName", l.kind, l.holder, l.status, l.expires_at::text AS "expiresAt",
       l.units_used::text AS "unitsUsed", l.credits::text, l.purchased_at AS "purchasedAt"
     FROM licenses l JOIN models m ON m.mint = l.model_mint WHERE l.address = $1 OR l.mint = $1`,
    [license]
  );
  if (!row) return null;
  const holders = await db.query(
    `SELECT holder, acquired_at AS "acquiredAt", released_at AS "releasedAt", via, seller, price::text, model_royalty::text AS "modelRoyalty",
       seller_proceeds::text AS "sellerProceeds", ended, signature
     FROM license_holders WHERE license = $1 ORDER BY seq`,
    [row.address]
  );
  return { license: row, holders };
}

/** Every owner of a model's ownership NFT, its versions and its sales, oldest first, or null. */
export async function modelHistory(db: Queryable, mint: string) {
  const [model] = await db.query(`SELECT mint, name, creator, owner FROM models WHERE mint = $1`, [mint]);
  if (!model) return null;
  const owners = await db.query(
    `SELECT owner, acquired_at AS "acquiredAt", released_at AS "releasedAt", via, price::text, payment_mint AS "paymentMint", signature
     FROM model_owners WHERE model_mint = $1 ORDER BY seq`,
    [mint]
  );
  const versions = await db.query(
    `SELECT version, content_hash AS "contentHash", uri, published_at AS "publishedAt", signature FROM model_versions WHERE model_mint = $1 ORDER BY version`,
    [mint]
  );
  return { model, owners, versions };
}

/** A model's ancestors (root first) and descendants (depth first), each with its revenue and vault income, or null. */
export async function lineage(db: Queryable, mint: string) {
  const columns = `t.mint, m.name, m.creator, m.owner, m.parent_mint AS parent, m.depth, coalesce(rev.amount, 0)::text AS revenue,
    coalesce((SELECT sum(total_income) FROM vaults v WHERE v.model_mint = t.mint), 0)::text AS "vaultIncome"`;
  const joins = `JOIN models m ON m.mint = t.mint LEFT JOIN ${REVENUE} rev ON rev.model_mint = t.mint`;
  const [model] = await db.query(`SELECT ${columns} FROM (SELECT $1::text AS mint) t ${joins}`, [mint]);
  if (!model) return null;
  const ancestors = await db.query(
    `WITH RECURSIVE up(mint) AS (
       SELECT parent_mint FROM models WHERE mint = $1 AND parent_mint IS NOT NULL
       UNION ALL SELECT m.parent_mint FROM models m JOIN up ON m.mint = up.mint WHERE m.parent_mint IS NOT NULL)
     SELECT ${columns} FROM up t ${joins} ORDER BY m.depth`,
    [mint]
  );
  const descendants = await db.query(
    `WITH RECURSIVE down(mint, path) AS (
       SELECT mint, ARRAY[seq] FROM models WHERE parent_mint = $1
       UNION ALL SELECT m.mint, down.path || m.seq FROM models m JOIN down ON m.parent_mint = down.mint)
     SELECT ${columns} FROM down t ${joins} ORDER BY t.path`,
    [mint]
  );
  return { model, ancestors, descendants };
}
