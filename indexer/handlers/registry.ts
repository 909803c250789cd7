// model_registry: models, their versions, contributors, owners and sales.
import { Queryable } from "../db";
import { eventKey, field, Handlers, StoredEvent } from "./types";

/** The registry's events name models by their Model PDA; the index by mint. */
const MINT_OF = "(SELECT mint FROM models WHERE address = $1)";

interface NewModel {
  parentMint: string | null;
  rootMint: string;
  depth: number;
  parentRoyaltyBps: number;
  name: string | null;
  uri: string | null;
  forkRoyaltyBps: number;
  creatorResaleRoyaltyBps: number | null;
}

async function insertModel(db: Queryable, event: StoredEvent, model: NewModel): Promise<void> {
  const mint = field(event, "mint");
  const creator = field(event, "creator");
  // Category and tags are read when the registry's events carry them.
  const category = (event.data.category as string | undefined) ?? null;
  const tags = (event.data.tags as string[] | undefined) ?? [];
  await db.query(
    `INSERT INTO models (mint, address, creator, owner, parent_mint, root_mint, depth, parent_royalty_bps, name, uri,
       content_hash, open_source, fork_royalty_bps, creator_resale_royalty_bps, version, split_version, category, tags, created_at, signature)
     VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, 0, $14, $15, $16, $17)`,
    [mint, field(event, "model"), creator, model.parentMint, model.rootMint, model.depth, model.parentRoyaltyBps, model.name, model.uri,
      field(event, "content_hash"), field<boolean>(event, "open_source"), model.forkRoyaltyBps, model.creatorResaleRoyaltyBps, category, tags, event.blockTime, event.signature]
  );
  if (model.uri !== null) {
    await db.query("INSERT INTO model_versions (model_mint, version, content_hash, uri, published_at, signature) VALUES ($1, 1, $2, $3, $4, $5)", [
      mint, field(event, "content_hash"), model.uri, event.blockTime, event.signature,
    ]);
  }
  await db.query("INSERT INTO model_owners (model_mint, owner, acquired_at, via, signature) VALUES ($1, $2, $3, 'registered', $4)", [
    mint, creator, event.blockTime, event.signature,
  ]);
}

export const registryHandlers: Handlers = {
  ModelRegistered: (db, event) =>
    insertModel(db, event, {
      parentMint: null,
      rootMint: field(event, "mint"),
      depth: 0,
      parentRoyaltyBps: 0,
      name: field(event, "name"),
      uri: field(event, "uri"),
      forkRoyaltyBps: field<number>(event, "fork_royalty_bps"),
      creatorResaleRoyaltyBps: field<number>(event, "creator_resale_royalty_bps"),
    }),

  MetaplexModelRegistered: (db, event) =>
    insertModel(db, event, {
      parentMint: null,
      rootMint: field(event, "mint"),
      depth: 0,
      parentRoyaltyBps: 0,
      name: null,
      uri: null,
      forkRoyaltyBps: 0,
      creatorResaleRoyaltyBps: null,
    }),

  ModelForked: (db, event) =>
    insertModel(db, event, {
      parentMint: field(event, "parent"),
      rootMint: field(event, "root"),
      depth: field<number>(event, "depth"),
      parentRoyaltyBps: field<number>(event, "parent_royalty_bps"),
      name: field(event, "name"),
      uri: field(event, "uri"),
      forkRoyaltyBps: field<number>(event, "fork_royalty_bps"),
      creatorResaleRoyaltyBps: null,
    }),

  ContributorsSet: async (db, event) => {
    const splitVersion = field<number>(event, "split_version");
    await db.query("UPDATE models SET split_version = $2 WHERE address = $1", [field(event, "model"), splitVersion]);
    for (const contributor of field<{ wallet: string; share_bps: number }[]>(event, "contributors")) {
      await db.query(`INSERT INTO contributors (model_mint, split_version, wallet, share_bps) VALUES (${MINT_OF}, $2, $3, $4)`, [
        field(event, "model"), splitVersion, contributor.wallet, contributor.share_bps,
      ]);
    }
  },

  VersionPublished: async (db, event) => {
    const [model, version, hash, uri] = [field(event, "model"), field<number>(event, "version"), field(event, "content_hash"), field(event, "uri")];
    await db.query("UPDATE models SET version = $2, content_hash = $3, uri = $4 WHERE address = $1", [model, version, hash, uri]);
    await db.query(`INSERT INTO model_versions (model_mint, version, content_hash, uri, published_at, signature) VALUES (${MINT_OF}, $2, $3, $4, $5, $6)`, [
      model, version, hash, uri, event.blockTime, event.signature,
    ]);
  },

  VisibilitySet: async (db, event) => {
    await db.query("UPDATE models SET open_source = $2 WHERE address = $1", [field(event, "model"), field<boolean>(event, "open_source")]);
  },

  TakedownSet: async (db, event) => {
    await db.query("UPDATE models SET taken_down = $2 WHERE address = $1", [field(event, "model"), field<boolean>(event, "taken_down")]);
  },

  ModelListed: async (db, event) => {
    await db.query("UPDATE models SET sale_payment_mint = $2, sale_price = $3 WHERE address = $1", [field(event, "model"), field(event, "payment_mint"), field(event, "price")]);
  },

  ModelSaleCancelled: async (db, event) => {
    await db.query("UPDATE models SET sale_payment_mint = NULL, sale_price = NULL WHERE address = $1", [field(event, "model")]);
  },

  ModelSold: async (db, event) => {
    const model = field(event, "model");
    const [buyer, paymentMint, price] = [field(event, "buyer"), field(event, "payment_mint"), field(event, "price")];
    await db.query(
      `INSERT INTO model_sales (signature, instruction_index, inner_index, model_mint, seller, buyer, payment_mint, price, platform_fee, creator_royalty, seller_proceeds, first_sale, sold_at)
       VALUES ($1, $2, $3, (SELECT mint FROM models WHERE address = $4), $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [...eventKey(event), model, field(event, "seller"), buyer, paymentMint, price, field(event, "platform_fee"), field(event, "creator_royalty"),
        field(event, "seller_proceeds"), field<boolean>(event, "first_sale"), event.blockTime]
    );
    await db.query(`UPDATE model_owners SET released_at = $2 WHERE model_mint = ${MINT_OF} AND released_at IS NULL`, [model, event.blockTime]);
    await db.query(`INSERT INTO model_owners (model_mint, owner, acquired_at, via, price, payment_mint, signature) VALUES (${MINT_OF}, $2, $3, 'sale', $4, $5, $6)`, [
      model, buyer, event.blockTime, price, paymentMint, event.signature,
    ]);
    await db.query("UPDATE models SET owner = $2, sale_payment_mint = NULL, sale_price = NULL WHERE address = $1", [model, buyer]);
  },
};
