// Typed fetchers of Hex accounts, with SDK-friendly field types.
import { PublicKey } from "@solana/web3.js";
import { HexClient } from "./programs";
import { configPda, modelPda } from "./pda";

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
  childrenCount: bigint;
  licenseCount: bigint;
  grossRevenue: bigint;
  ratingSum: bigint;
  ratingCount: bigint;
  takenDown: boolean;
  createdAt: number;
  updatedAt: number;
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
    childrenCount: BigInt(raw.childrenCount.toString()),
    licenseCount: BigInt(raw.licenseCount.toString()),
    grossRevenue: BigInt(raw.grossRevenue.toString()),
    ratingSum: BigInt(raw.ratingSum.toString()),
    ratingCount: BigInt(raw.ratingCount.toString()),
    takenDown: raw.takenDown,
    createdAt: raw.createdAt.toNumber(),
    updatedAt: raw.updatedAt.toNumber(),
  };
}

/** The model whose ownership NFT is `mint`, or null if none is registered. */
export async function fetchModel(client: HexClient, mint: PublicKey): Promise<ModelAccount | null> {
  const address = modelPda(mint, client.registry.programId);
  const raw = await client.registry.account.model.fetchNullable(address);
  return raw ? toModelAccount(address, raw) : null;
}

export async function fetchConfig(client: HexClient) {
  return client.registry.account.config.fetch(configPda(client.registry.programId));
}
