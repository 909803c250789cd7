// Typed fetchers of Hex accounts, with SDK-friendly field types.
import { AccountInfo, PublicKey } from "@solana/web3.js";
import { HexClient } from "./programs";
import { configPda, modelPda, vaultPda } from "./pda";
import { MODEL_OFFSETS } from "./layout";
import { VaultState } from "./math";

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
  return {
    address,
    mint: raw.mint,
    creator: raw.creator,
    parent: raw.parent.equals(PublicKey.default) ? null : raw.parent,
    root: raw.root,
    depth: raw.depth,
    openSource: raw.openSource,
    contentHash: Uint8Array.from(raw.contentHash),
    modelVersion: raw.modelVersion,
    forkRoyaltyBps: raw.forkRoyaltyBps,
    creatorResaleRoyaltyBps: raw.creatorResaleRoyaltyBps,
    parentRoyaltyBps: raw.parentRoyaltyBps,
    contributors: raw.contributors.slice(0, raw.contributorCount).map((c) => ({ wallet: c.wallet, shareBps: c.shareBps })),
    splitVersion: raw.splitVersion,
    vaultCount: raw.vaultCount,
    saleCount: raw.saleCount,
    childrenCount: BigInt(raw.childrenCount.toString()),
    licenseCount: BigInt(raw.licenseCount.toString()),
    grossRevenue: BigInt(raw.grossRevenue.toString()),
    ratingSum: BigInt(raw.ratingSum.toString()),
    ratingCount: BigInt(raw.ratingCount.toString()),
    takenDown: raw.takenDown,
    createdAt: raw.createdAt.toNumber(),
    updatedAt: raw.updatedAt.toNumber(),
    owner: raw.owner,
    listedForSale: raw.listedForSale,
    derivativeLicense: raw.derivativeLicense.equals(PublicKey.default) ? null : raw.derivativeLicense,
  };
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

/** Fetches many accounts in as few getMultipleAccounts calls as possible (100 per call). */
export async function fetchMultiple(client: HexClient, addresses: PublicKey[]) {
  const pages: Promise<(AccountInfo<Buffer> | null)[]>[] = [];
  for (let start = 0; start < addresses.length; start += 100) {
    pages.push(client.connection.getMultipleAccountsInfo(addresses.slice(start, start + 100), "confirmed"));
  }
  return (await Promise.all(pages)).flat();
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

type RawVault = Awaited<ReturnType<HexClient["escrow"]["account"]["vault"]["fetch"]>>;

export function toVaultState(address: PublicKey, raw: RawVault): VaultState {
  const big = (value: { toString(): string }) => BigInt(value.toString());
  return {
    address,
    modelMint: raw.modelMint,
    paymentMint: raw.paymentMint,
    tokenProgram: raw.tokenProgram,
    parentVault: raw.parentVault.equals(PublicKey.default) ? null : raw.parentVault,
    splitVersion: raw.splitVersion,
    totalIncome: big(raw.totalIncome),
    totalPaidOut: big(raw.totalPaidOut),
    epochStart: big(raw.epochStart),
    recipients: raw.recipients.map((recipient) => ({
      wallet: recipient.wallet,
      shareBps: recipient.shareBps,
      earnedInClosedEpochs: big(recipient.earnedInClosedEpochs),
      taken: big(recipient.taken),
    })),
    ownerOfRecord: raw.ownerOfRecord,
    ownerSaleCount: raw.ownerSaleCount,
    owedToPreviousOwners: big(raw.owedToPreviousOwners),
    trendPoints: raw.trendPoints.map((entry) => ({ epoch: big(entry.epoch), points: big(entry.points) })),
  };
}

/** The vaults at these addresses, null where none exists. */
export async function fetchVaults(client: HexClient, addresses: PublicKey[]): Promise<(VaultState | null)[]> {
  const infos = await fetchMultiple(client, addresses);
  return infos.map((info, index) =>
    info ? toVaultState(addresses[index], client.escrow.coder.accounts.decode("vault", info.data)) : null
  );
}

export async function fetchVault(client: HexClient, modelMint: PublicKey, paymentMint: PublicKey): Promise<VaultState | null> {
  return (await fetchVaults(client, [vaultPda(modelMint, paymentMint, client.escrow.programId)]))[0];
}

/** Every vault of the escrow program, decoded (one getProgramAccounts). */
export async function fetchAllVaults(client: HexClient): Promise<VaultState[]> {
  const accounts = await client.escrow.account.vault.all();
  return accounts.map(({ publicKey, account }) => toVaultState(publicKey, account));
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
