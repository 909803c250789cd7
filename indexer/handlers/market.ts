// license_market: listings, licenses and their holders, payments, usage,
// reviews.
import { Queryable } from "../db";
import { eventKey, field, Handlers, StoredEvent } from "./types";

type PaymentKind = "purchase" | "settlement" | "renewal" | "usage" | "revenue_share";

interface Payment {
  kind: PaymentKind;
  amount: string;
  platformFee: string;
  computeShare?: string;
  node?: string | null;
}

/** A payment for `license`, by its holder, in its listing's payment mint. */
async function insertPayment(db: Queryable, event: StoredEvent, license: string, payment: Payment): Promise<void> {
  await db.query(
    `INSERT INTO payments (signature, instruction_index, inner_index, kind, license, model_mint, payment_mint, payer, amount, platform_fee, compute_share, node, paid_at)
     SELECT $1, $2, $3, $4, l.address, l.model_mint, li.payment_mint, l.holder, $6, $7, $8, $9, $10
     FROM licenses l JOIN listings li ON li.address = l.listing WHERE l.address = $5`,
    [...eventKey(event), payment.kind, license, payment.amount, payment.platformFee, payment.computeShare ?? "0", payment.node ?? null, event.blockTime]
  );
}

/** The license ended (refund or revocation): its holder's period closes. */
async function endLicense(db: Queryable, event: StoredEvent, license: string, status: "refunded" | "revoked" | "closed"): Promise<void> {
  await db.query("UPDATE licenses SET status = $2, pending_amount = 0, pending_fee = 0 WHERE address = $1", [license, status]);
  await db.query("UPDATE license_holders SET released_at = $2, ended = $3 WHERE license = $1 AND released_at IS NULL", [license, event.blockTime, status]);
}

export const marketHandlers: Handlers = {
  ListingCreated: async (db, event) => {
    const pricing = field<Record<string, string | number>>(event, "pricing");
    await db.query(
      `INSERT INTO listings (address, model_mint, listing_id, payment_mint, kind, price, period_secs, usage_cap, revenue_share_bps, compute_share_bps,
         supply_cap, refund_window_secs, transferable, resale_royalty_bps, derivative_rights, meter_authority, compute_node, active, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, true, $18)`,
      [field(event, "listing"), field(event, "model_mint"), field(event, "listing_id"), field(event, "payment_mint"), pricing.kind, pricing.price,
        pricing.period_secs, pricing.usage_cap, pricing.revenue_share_bps, pricing.compute_share_bps, field(event, "supply_cap"),
        field(event, "refund_window_secs"), field<boolean>(event, "transferable"), field<number>(event, "resale_royalty_bps"),
        field<boolean>(event, "derivative_rights"), field(event, "meter_authority"), field(event, "compute_node"), event.blockTime]
    );
  },

  ListingUpdated: async (db, event) => {
    await db.query(
      "UPDATE listings SET price = $2, supply_cap = $3, refund_window_secs = $4, meter_authority = $5, compute_node = $6, active = $7 WHERE address = $1",
      [field(event, "listing"), field(event, "price"), field(event, "supply_cap"), field(event, "refund_window_secs"), field(event, "meter_authority"),
        field(event, "compute_node"), field<boolean>(event, "active")]
    );
  },

  ListingClosed: async (db, event) => {
    await db.query("UPDATE listings SET active = false, closed = true WHERE address = $1", [field(event, "listing")]);
  },

  LicensePurchased: async (db, event) => {
    const [license, buyer, price, fee] = [field(event, "license"), field(event, "buyer"), field(event, "price"), field(event, "platform_fee")];
    const inEscrow = field<boolean>(event, "in_escrow");
    await db.query(
      `INSERT INTO licenses (address, mint, listing, model_mint, holder, kind, counted_as_sale, expires_at, pending_amount, pending_fee, purchased_at)
       SELECT $1, $2, $3, model_mint, $4, $5, $6, $7, $8, $9, $10 FROM listings WHERE address = $3`,
      [license, field(event, "mint"), field(event, "listing"), buyer, field(event, "kind"), field<boolean>(event, "counted_as_sale"),
        field(event, "expires_at"), inEscrow ? price : "0", inEscrow ? fee : "0", event.blockTime]
    );
    await db.query("INSERT INTO license_holders (license, holder, acquired_at, via, price, signature) VALUES ($1, $2, $3, 'purchase', $4, $5)", [
      license, buyer, event.blockTime, price, event.signature,
    ]);
    // An escrowed payment counts once settled (PurchaseSettled).
    if (!inEscrow && price !== "0") await insertPayment(db, event, license, { kind: "purchase", amount: price, platformFee: fee });
  },

  PurchaseSettled: async (db, event) => {
    const license = field(event, "license");
    await insertPayment(db, event, license, { kind: "settlement", amount: field(event, "amount"), platformFee: field(event, "platform_fee") });
    await db.query("UPDATE licenses SET pending_amount = 0, pending_fee = 0 WHERE address = $1", [license]);
  },

  // Refunded disputes also emit LicenseRefunded; one the arbiter rejects
  // settles the escrowed payment, with the fee fixed at purchase.
  DisputeResolved: async (db, event) => {
    if (field<boolean>(event, "refunded")) return;
    const license = field(event, "license");
    const [pending] = await db.query<{ pending_fee: string }>("SELECT pending_fee FROM licenses WHERE address = $1", [license]);
    await insertPayment(db, event, license, { kind: "settlement", amount: field(event, "amount"), platformFee: pending.pending_fee });
    await db.query("UPDATE licenses SET pending_amount = 0, pending_fee = 0 WHERE address = $1", [license]);
  },

  // The holder closed it: burned, its accounts gone.
  LicenseClosed: (db, event) => endLicense(db, event, field(event, "license"), "closed"),

  LicenseRefunded: (db, event) => endLicense(db, event, field(event, "license"), field<boolean>(event, "revoked_by_arbiter") ? "revoked" : "refunded"),

  LicenseRenewed: async (db, event) => {
    const license = field(event, "license");
    await insertPayment(db, event, license, { kind: "renewal", amount: field(event, "price"), platformFee: field(event, "platform_fee") });
    await db.query("UPDATE licenses SET expires_at = $2 WHERE address = $1", [license, field(event, "expires_at")]);
  },

  RevenueReported: async (db, event) => {
    const license = field(event, "license");
    await insertPayment(db, event, license, { kind: "revenue_share", amount: field(event, "paid"), platformFee: field(event, "platform_fee") });
    await db.query("UPDATE licenses SET expires_at = $2 WHERE address = $1", [license, field(event, "expires_at")]);
  },

  UsageRecorded: async (db, event) => {
    const [license, units, cost] = [field(event, "license"), field(event, "units"), field(event, "cost")];
    await db.query(
      `INSERT INTO usage (signature, instruction_index, inner_index, license, model_mint, meter, units, sequence, cost, recorded_at)
       SELECT $1, $2, $3, $4, model_mint, $5, $6, $7, $8, $9 FROM licenses WHERE address = $4`,
      [...eventKey(event), license, field(event, "meter"), units, field(event, "sequence"), cost, event.blockTime]
    );
    if (cost !== "0") {
      await insertPayment(db, event, license, {
        kind: "usage",
        amount: cost,
        platformFee: field(event, "platform_fee"),
        computeShare: field(event, "compute_share"),
        node: field<string | null>(event, "node"),
      });
    }
    await db.query("UPDATE licenses SET units_used = units_used + $2, credits = $3 WHERE address = $1", [license, units, field(event, "credits")]);
  },

  CreditsDeposited: async (db, event) => {
    await db.query("UPDATE licenses SET credits = $2 WHERE address = $1", [field(event, "license"), field(event, "credits")]);
  },

  CreditsWithdrawn: async (db, event) => {
    await db.query("UPDATE licenses SET credits = $2 WHERE address = $1", [field(event, "license"), field(event, "credits")]);
  },

  LicenseResaleListed: async (db, event) => {
    await db.query("UPDATE licenses SET resale_price = $2 WHERE address = $1", [field(event, "license"), field(event, "price")]);
  },

  LicenseResold: async (db, event) => {
    const [license, buyer] = [field(event, "license"), field(event, "buyer")];
    await db.query("UPDATE license_holders SET released_at = $2 WHERE license = $1 AND released_at IS NULL", [license, event.blockTime]);
    await db.query(
      `INSERT INTO license_holders (license, holder, acquired_at, via, seller, price, model_royalty, seller_proceeds, signature)
       VALUES ($1, $2, $3, 'resale', $4, $5, $6, $7, $8)`,
      [license, buyer, event.blockTime, field(event, "seller"), field(event, "price"), field(event, "model_royalty"), field(event, "seller_proceeds"), event.signature]
    );
    await db.query("UPDATE licenses SET holder = $2, resale_price = NULL WHERE address = $1", [license, buyer]);
  },

  ModelReviewed: async (db, event) => {
    await db.query("INSERT INTO reviews (address, license, model_mint, reviewer, rating, uri, reviewed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)", [
      field(event, "review"), field(event, "license"), field(event, "model_mint"), field(event, "reviewer"), field<number>(event, "rating"),
      field(event, "uri"), event.blockTime,
    ]);
  },
};
