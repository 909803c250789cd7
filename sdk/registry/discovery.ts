// Model discovery: profiles (category, sub-kind, tags) set by owners, quality
// tiers and attestations set by the platform's attester, and finding models
// by category or tag with getProgramAccounts filters at the offsets the
// registry publishes in its IDL.
import { PublicKey, TransactionSignature } from "@solana/web3.js";
import bs58 from "bs58";
import { Buffer } from "buffer";
import { HexClient } from "../core/programs";
import { sendInstructions } from "../core/tx";
import { modelProfilePda } from "./pda";
import { fetchConfig } from "./accounts";
import {
  Attestations,
  attestationBits,
  CATEGORIES,
  CategoryName,
  kindIndex,
  ModelProfileAccount,
  packTag,
  PROFILE_OFFSETS,
  PROFILE_TAG_LEN,
  PROFILE_TAG_SLOTS,
  QUALITY_TIERS,
  QualityTierName,
  toModelProfile,
  validateTags,
} from "./profile";
import { attestModelInstruction, setModelProfileInstruction } from "./instructions";
import { MAX_URI_LEN } from "./constants";

/** A model's profile, or null if neither its owner nor the attester set one (one round trip). */
export async function fetchModelProfile(client: HexClient, modelMint: PublicKey): Promise<ModelProfileAccount | null> {
  const address = modelProfilePda(modelMint, client.registry.programId);
  const raw = await client.registry.account.modelProfile.fetchNullable(address, "confirmed");
  return raw ? toModelProfile(address, raw) : null;
}

const byModelMint = (a: ModelProfileAccount, b: ModelProfileAccount) => a.modelMint.toBase58().localeCompare(b.modelMint.toBase58());

async function profilesAt(client: HexClient, offset: number, bytes: Uint8Array): Promise<ModelProfileAccount[]> {
  const accounts = await client.registry.account.modelProfile.all([{ memcmp: { offset, bytes: bs58.encode(bytes) } }]);
  return accounts.map(({ publicKey, account }) => toModelProfile(publicKey, account));
}

/**
 * The profiles of every model filed under `category` (and `kind`, one of
 * its CATEGORY_KINDS, if given), by model mint: one getProgramAccounts
 * filtering on the category byte, or on the category and kind bytes.
 */
export async function findModelsByCategory(client: HexClient, category: CategoryName, kind?: string): Promise<ModelProfileAccount[]> {
  const index = CATEGORIES.indexOf(category);
  if (index < 0) throw new Error(`unknown category "${category}": use ${CATEGORIES.join(", ")}`);
  const bytes = kind === undefined ? [index] : [index, kindIndex(category, kind)];
  return (await profilesAt(client, PROFILE_OFFSETS.category, Uint8Array.from(bytes))).sort(byModelMint);
}

/**
 * The profiles of every model tagged `tag`, by model mint: one
 * getProgramAccounts per tag slot (four, in parallel), each matching the
 * whole zero-padded slot, so "med" does not find "medical".
 */
export async function findModelsByTag(client: HexClient, tag: string): Promise<ModelProfileAccount[]> {
  const packed = packTag(tag);
  const slots = await Promise.all(
    Array.from({ length: PROFILE_TAG_SLOTS }, (_, slot) => profilesAt(client, PROFILE_OFFSETS.tags + slot * PROFILE_TAG_LEN, packed))
  );
  const unique = new Map(slots.flat().map((profile) => [profile.address.toBase58(), profile]));
  return [...unique.values()].sort(byModelMint);
}

export interface ModelProfileInput {
  category: CategoryName;
  /** One of the category's sub-kinds; "other" if omitted. */
  kind?: string;
  /** Up to four tags of 1-16 characters [a-z0-9-]; none if omitted. */
  tags?: string[];
}

/**
 * Files a model the client's wallet owns under a category, sub-kind and
 * tags (the wallet pays the profile's rent the first time). No read, one
 * transaction; bad input throws before anything is sent.
 */
export async function setModelProfile(client: HexClient, modelMint: PublicKey, profile: ModelProfileInput): Promise<TransactionSignature> {
  const tags = profile.tags ?? [];
  validateTags(tags);
  kindIndex(profile.category, profile.kind ?? "other");
  const instruction = await setModelProfileInstruction(client, { owner: client.wallet, modelMint, category: profile.category, kind: profile.kind, tags });
  return sendInstructions(client, [instruction]);
}

export interface Attestation {
  qualityTier: QualityTierName;
  /** What the attester vouches for; omitted flags are false. */
  attestations?: Partial<Attestations>;
  evidenceUri?: string;
}

/**
 * The platform's attester (the client's wallet) sets a model's quality tier
 * and attestations. One read (the config: throws unless the wallet is its
 * attester), one transaction.
 */
export async function attestModel(client: HexClient, modelMint: PublicKey, attestation: Attestation): Promise<TransactionSignature> {
  if (!QUALITY_TIERS.includes(attestation.qualityTier)) throw new Error(`unknown quality tier "${attestation.qualityTier}": use ${QUALITY_TIERS.join(", ")}`);
  const evidenceUri = attestation.evidenceUri ?? "";
  if (Buffer.byteLength(evidenceUri, "utf8") > MAX_URI_LEN) throw new Error(`the evidence URI must be at most ${MAX_URI_LEN} bytes`);
  const config = await fetchConfig(client);
  if (!config.attester.equals(client.wallet)) {
    throw new Error(`${client.wallet.toBase58()} is not the platform's attester (${config.attester.equals(PublicKey.default) ? "none is set: hex config update --attester" : config.attester.toBase58()})`);
  }
  const instruction = await attestModelInstruction(client, {
    attester: client.wallet,
    modelMint,
    qualityTier: attestation.qualityTier,
    attestations: attestationBits(attestation.attestations ?? {}),
    evidenceUri,
  });
  return sendInstructions(client, [instruction]);
}
