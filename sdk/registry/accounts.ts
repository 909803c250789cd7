// Typed fetchers of model_registry accounts (models, the platform config),
// with SDK-friendly field types.
import { PublicKey } from "@solana/web3.js";
import { HexClient } from "../core/programs";
import { fetchMultiple } from "../core/accounts";
import { exactly, idlDecoder, optionalKey } from "../core/decode";
import type { ModelRegistry } from "../idl/model_registry";
import { registry } from "./constants";
import { configPda, modelPda } from "./pda";

const decode = idlDecoder<ModelRegistry>();

/** Offsets of the Model fields memcmp filters read, from the registry's IDL (see idlNumber). Model: account_version u8, bump u8, mint, creator, parent, root. */
export const MODEL_OFFSETS = {
  mint: registry("MODEL_MINT_OFFSET"),
  creator: registry("MODEL_CREATOR_OFFSET"),
  parent: registry("MODEL_PARENT_OFFSET"),
  root: registry("MODEL_ROOT_OFFSET"),
} as const;

export interface ModelAccount {
  address: PublicKey;
  mint: PublicKey;
  creator: PublicKey;
  /** null for a base model. */
  parent: PublicKey | null;
  root: PublicKey;
  depth: number;
  openSource: boolean;
  contentHash: Uint8Array;
  modelVersion: number;
  forkRoyaltyBps: number;
  creatorResaleRoyaltyBps: number;
  /** Share of this model's revenue owed to its parent. */
  parentRoyaltyBps: number;
  contributors: { wallet: PublicKey; shareBps: number }[];
  splitVersion: number;
  vaultCount: number;
  saleCount: number;
  childrenCount: bigint;
  licenseCount: bigint;
  grossRevenue: bigint;
  ratingSum: bigint;
  ratingCount: bigint;
  takenDown: boolean;
  createdAt: number;
  updatedAt: number;
  /** The owner of record: the registrant, then each buyer. */
  owner: PublicKey;
  /** Listed for sale: contributors, visibility and versions are frozen until the sale ends. */
  listedForSale: boolean;
  /** A fork made under a license: that license (null otherwise). */
  derivativeLicense: PublicKey | null;
}

type RawModel = Awaited<ReturnType<HexClient["registry"]["account"]["model"]["fetch"]>>;

function toModelAccount(address: PublicKey, raw: RawModel): ModelAccount {
  const { contributorCount, ...model } = decode("model", raw, ["createdAt", "updatedAt"]);
  return exactly<ModelAccount>()({
    address,
    ...model,
    parent: optionalKey(model.parent),
    contentHash: Uint8Array.from(model.contentHash),
    contributors: model.contributors.slice(0, contributorCount),
    derivativeLicense: optionalKey(model.derivativeLicense),
  });
}

/** The model whose ownership NFT is `mint`, or null if none is registered (one RPC round trip). */
export async function fetchModel(client: HexClient, mint: PublicKey): Promise<ModelAccount | null> {
  const address = modelPda(mint, client.registry.programId);
  const raw = await client.registry.account.model.fetchNullable(address);
  return raw ? toModelAccount(address, raw) : null;
}

export async function fetchConfig(client: HexClient) {
  return client.registry.account.config.fetch(configPda(client.registry.programId));
}

/** The models whose ownership NFTs are `mints`, null where none is registered (one round trip per 100). */
export async function fetchModels(client: HexClient, mints: PublicKey[]): Promise<(ModelAccount | null)[]> {
  const addresses = mints.map((mint) => modelPda(mint, client.registry.programId));
  const infos = await fetchMultiple(client, addresses);
  return infos.map((info, index) => (info ? toModelAccount(addresses[index], client.registry.coder.accounts.decode("model", info.data)) : null));
}

/**
 * The lineage of a model, from the model itself up to its root, in two RPC
 * round trips whatever the depth: the model, then every model sharing its
 * root (one getProgramAccounts with a memcmp filter), walked locally.
 */
export async function getLineage(client: HexClient, mint: PublicKey): Promise<ModelAccount[]> {
  const model = await fetchModel(client, mint);
  if (!model) throw new Error(`no model is registered for mint ${mint.toBase58()}`);
  if (!model.parent) return [model];
  const family = await client.registry.account.model.all([
    { memcmp: { offset: MODEL_OFFSETS.root, bytes: model.root.toBase58() } },
  ]);
  const byMint = new Map(family.map(({ publicKey, account }) => [account.mint.toBase58(), toModelAccount(publicKey, account)]));
  const lineage = [model];
  for (let parent: PublicKey | null = model.parent; parent; parent = lineage[lineage.length - 1].parent) {
    const next = byMint.get(parent.toBase58());
    if (!next) throw new Error(`model ${parent.toBase58()} of the lineage of ${mint.toBase58()} was not found`);
    lineage.push(next);
  }
  return lineage;
}

/**
 * Every model descending from `root` (a base model's mint), the root
 * included, in one RPC round trip (getProgramAccounts filtered on the root).
 */
export async function getFamily(client: HexClient, root: PublicKey): Promise<ModelAccount[]> {
  const family = await client.registry.account.model.all([{ memcmp: { offset: MODEL_OFFSETS.root, bytes: root.toBase58() } }]);
  return family.map(({ publicKey, account }) => toModelAccount(publicKey, account)).sort((a, b) => a.depth - b.depth);
}

/** The SDK's name for `fetchModel`, as integrators look for it. */
export const getModel = fetchModel;
