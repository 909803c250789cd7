// Model profiles (model_registry ModelProfile): the taxonomy of
// programs/model_registry/src/state/profile.rs, the attestation flags, the
// byte offsets the registry publishes, and the typed decoder. Finding
// models by category or tag: discovery.ts.
import { PublicKey } from "@solana/web3.js";
import { Buffer } from "buffer";
import modelRegistryIdl from "../idl/model_registry.json";
import { HexClient } from "../core/programs";
import { idlArrayLengths } from "../core/idl";
import { registry } from "./constants";
import { exactly, idlDecoder, optionalKey } from "../core/decode";
import type { ModelRegistry } from "../idl/model_registry";

const decode = idlDecoder<ModelRegistry>();

/**
 * Offsets of the ModelProfile fields memcmp filters read, from the
 * registry's IDL (see idlNumber). ModelProfile: account_version u8, bump u8,
 * model_mint, category u8, kind u8, tags [[u8; 16]; 4], quality_tier u8.
 */
export const PROFILE_OFFSETS = {
  modelMint: registry("PROFILE_MODEL_MINT_OFFSET"),
  category: registry("PROFILE_CATEGORY_OFFSET"),
  /** The kind byte follows the category's. */
  kind: registry("PROFILE_CATEGORY_OFFSET") + 1,
  tags: registry("PROFILE_TAGS_OFFSET"),
  qualityTier: registry("PROFILE_QUALITY_TIER_OFFSET"),
} as const;
/** A profile's tag slots and their length in bytes (zero-padded): the IDL's `[[u8; TAG_LEN]; MAX_TAGS]`. */
export const [PROFILE_TAG_SLOTS, PROFILE_TAG_LEN] = idlArrayLengths(modelRegistryIdl, "ModelProfile", "tags");

/** The categories of the program's `Category`, in the order of their index. */
export const CATEGORIES = ["uncategorized", "language", "vision", "audio", "multimodal", "domainSpecific"] as const;
export type CategoryName = (typeof CATEGORIES)[number];

/** Each category's sub-kinds (`ModelProfile.kind` is an index into them), as in `Category::kinds`. */
export const CATEGORY_KINDS: Record<CategoryName, readonly string[]> = {
  uncategorized: ["other"],
  language: ["chat", "code", "translation", "summarization", "embedding", "other"],
  vision: ["classification", "detection", "segmentation", "generation", "other"],
  audio: ["speech-to-text", "text-to-speech", "music", "other"],
  multimodal: ["image-text", "video", "document", "other"],
  domainSpecific: ["medical", "legal", "finance", "science", "other"],
};

/** The quality tiers of the program's `QualityTier`, set only by the platform's attester. */
export const QUALITY_TIERS = ["community", "verified", "premium", "enterprise", "exclusive"] as const;
export type QualityTierName = (typeof QUALITY_TIERS)[number];

/** What the attester vouches for (`ModelProfile.attestations`). */
export interface Attestations {
  benchmarks: boolean;
  securityAudit: boolean;
  trainedOnPlatform: boolean;
}

/** The program's ATTESTED_* flags. */
export const ATTESTATION_FLAGS = { benchmarks: 1, securityAudit: 2, trainedOnPlatform: 4 } as const;

export function attestationBits(attestations: Partial<Attestations>): number {
  return (Object.keys(ATTESTATION_FLAGS) as (keyof Attestations)[]).reduce((bits, flag) => (attestations[flag] ? bits | ATTESTATION_FLAGS[flag] : bits), 0);
}

function attestationsFromBits(bits: number): Attestations {
  return {
    benchmarks: (bits & ATTESTATION_FLAGS.benchmarks) !== 0,
    securityAudit: (bits & ATTESTATION_FLAGS.securityAudit) !== 0,
    trainedOnPlatform: (bits & ATTESTATION_FLAGS.trainedOnPlatform) !== 0,
  };
}

/** The index of `kind` among `category`'s sub-kinds; throws naming the valid ones. */
export function kindIndex(category: CategoryName, kind: string): number {
  const kinds = CATEGORY_KINDS[category];
  if (!kinds) throw new Error(`unknown category "${category}": use ${CATEGORIES.join(", ")}`);
  const index = kinds.indexOf(kind);
  if (index < 0) throw new Error(`unknown kind "${kind}" of ${category}: use ${kinds.join(", ")}`);
  return index;
}

/** Throws unless `tags` are at most four distinct tags of 1-16 characters [a-z0-9-], as the program requires. */
export function validateTags(tags: string[]): void {
  if (tags.length > PROFILE_TAG_SLOTS) throw new Error(`at most ${PROFILE_TAG_SLOTS} tags, got ${tags.length}`);
  for (const [index, tag] of tags.entries()) {
    if (!new RegExp(`^[a-z0-9-]{1,${PROFILE_TAG_LEN}}$`).test(tag)) {
      throw new Error(`bad tag "${tag}": 1-${PROFILE_TAG_LEN} characters of lowercase letters, digits and '-'`);
    }
    if (tags.indexOf(tag) !== index) throw new Error(`tag "${tag}" is given twice`);
  }
}

/** A tag as the program stores it: its bytes, zero-padded to the slot's length. */
export function packTag(tag: string): Buffer {
  validateTags([tag]);
  const packed = Buffer.alloc(PROFILE_TAG_LEN);
  packed.write(tag, "ascii");
  return packed;
}

export interface ModelProfileAccount {
  address: PublicKey;
  modelMint: PublicKey;
  category: CategoryName;
  kind: string;
  tags: string[];
  qualityTier: QualityTierName;
  attestations: Attestations;
  /** The attester that set the tier; null before any attestation. */
  attester: PublicKey | null;
  /** Unix seconds; 0 before any attestation. */
  attestedAt: number;
  evidenceUri: string;
}

type RawProfile = Awaited<ReturnType<HexClient["registry"]["account"]["modelProfile"]["fetch"]>>;

export function toModelProfile(address: PublicKey, raw: RawProfile): ModelProfileAccount {
  const profile = decode("modelProfile", raw, ["attestedAt"]);
  return exactly<ModelProfileAccount>()({
    address,
    ...profile,
    kind: CATEGORY_KINDS[profile.category][profile.kind] ?? String(profile.kind),
    tags: profile.tags.filter((tag) => tag[0] !== 0).map((tag) => Buffer.from(tag).toString("ascii").replace(/\0+$/, "")),
    attestations: attestationsFromBits(profile.attestations),
    attester: optionalKey(profile.attester),
  });
}
