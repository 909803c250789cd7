// Byte offsets of account fields that getProgramAccounts filters on (the
// 8-byte Anchor discriminator first), as each program publishes them in its
// IDL: `account_offsets!` beside each account in programs/*/src/state
// computes them from the layout and fails the build when the layout moves
// them. Tests read decoded accounts at these offsets.
import modelRegistryIdl from "./idl/model_registry.json";
import licenseMarketIdl from "./idl/license_market.json";
import royaltyEscrowIdl from "./idl/royalty_escrow.json";

type IdlWithConstants = { constants: readonly { name: string; value: string }[] };

function idlNumber(idl: IdlWithConstants, name: string): number {
  const constant = idl.constants.find((entry) => entry.name === name);
  if (constant === undefined) throw new Error(`the IDL publishes no constant ${name}`);
  return Number(constant.value);
}

const registry = (name: string) => idlNumber(modelRegistryIdl, name);
const market = (name: string) => idlNumber(licenseMarketIdl, name);
const escrow = (name: string) => idlNumber(royaltyEscrowIdl, name);

/** model_registry Model: version u8, bump u8, mint, creator, parent, root. */
export const MODEL_OFFSETS = {
  mint: registry("MODEL_MINT_OFFSET"),
  creator: registry("MODEL_CREATOR_OFFSET"),
  parent: registry("MODEL_PARENT_OFFSET"),
  root: registry("MODEL_ROOT_OFFSET"),
} as const;

/** model_registry ModelProfile: version u8, bump u8, model_mint, category u8, kind u8, tags [[u8; 16]; 4], quality_tier u8. */
export const PROFILE_OFFSETS = {
  modelMint: registry("PROFILE_MODEL_MINT_OFFSET"),
  category: registry("PROFILE_CATEGORY_OFFSET"),
  /** The kind byte follows the category's. */
  kind: registry("PROFILE_CATEGORY_OFFSET") + 1,
  tags: registry("PROFILE_TAGS_OFFSET"),
  qualityTier: registry("PROFILE_QUALITY_TIER_OFFSET"),
} as const;
/** A profile's tag slots and their length in bytes (zero-padded): the IDL's `[[u8; TAG_LEN]; MAX_TAGS]`. */
const profileTags = modelRegistryIdl.types
  .find((type) => type.name === "ModelProfile")!
  .type.fields!.find((field) => field.name === "tags")!.type as unknown as { array: [{ array: [string, number] }, number] };
export const PROFILE_TAG_SLOTS = profileTags.array[1];
export const PROFILE_TAG_LEN = profileTags.array[0].array[1];

/** royalty_escrow Vault: version, bump, tokens_bump, model_mint, payment_mint, ... recipients. */
export const VAULT_OFFSETS = {
  modelMint: escrow("VAULT_MODEL_MINT_OFFSET"),
  paymentMint: escrow("VAULT_PAYMENT_MINT_OFFSET"),
  recipients: escrow("VAULT_RECIPIENTS_OFFSET"),
} as const;
/** royalty_escrow PreviousOwnerEarnings: version u8, bump u8, vault, owner. */
export const PREVIOUS_OWNER_EARNINGS_OFFSETS = {
  vault: escrow("PREVIOUS_OWNER_EARNINGS_VAULT_OFFSET"),
  owner: escrow("PREVIOUS_OWNER_EARNINGS_OWNER_OFFSET"),
} as const;
/** royalty_escrow FamilyPool: version u8, bump u8, tokens_bump u8, root_mint, payment_mint. */
export const FAMILY_POOL_OFFSETS = {
  rootMint: escrow("FAMILY_POOL_ROOT_MINT_OFFSET"),
  paymentMint: escrow("FAMILY_POOL_PAYMENT_MINT_OFFSET"),
} as const;
/** Each recipient: wallet (32), share_bps (2), earned_in_closed_epochs (8), taken (8). */
export const VAULT_RECIPIENT_SIZE = escrow("VAULT_RECIPIENT_SIZE");

/** Recipient slots of a vault: the parent's vault, 16 contributors, the owner. */
export const PARENT_SLOT = 0;
export const FIRST_CONTRIBUTOR_SLOT = 1;
export const OWNER_SLOT = 17;

/**
 * Family pools: a closed epoch is collectable during this many epochs after
 * it ends (the length of `FamilyPool.closed`); a vault keeps one more entry
 * of trend points, for the current epoch.
 */
export const COLLECT_WINDOW_EPOCHS = 4;

/** license_market Listing: version u8, bump u8, model_mint, listing_id u64, payment_mint. */
export const LISTING_OFFSETS = {
  modelMint: market("LISTING_MODEL_MINT_OFFSET"),
  listingId: market("LISTING_LISTING_ID_OFFSET"),
  paymentMint: market("LISTING_PAYMENT_MINT_OFFSET"),
} as const;

/**
 * license_market License: version u8, bump u8, mint, listing, model_mint,
 * holder, kind u8, status u8, transferable, derivative_rights, serial u64,
 * created_at i64, expires_at i64, ..., total_paid u64, pending_payment u64.
 */
export const LICENSE_OFFSETS = {
  mint: market("LICENSE_MINT_OFFSET"),
  listing: market("LICENSE_LISTING_OFFSET"),
  modelMint: market("LICENSE_MODEL_MINT_OFFSET"),
  holder: market("LICENSE_HOLDER_OFFSET"),
  kind: market("LICENSE_KIND_OFFSET"),
  status: market("LICENSE_STATUS_OFFSET"),
  transferable: market("LICENSE_TRANSFERABLE_OFFSET"),
  derivativeRights: market("LICENSE_DERIVATIVE_RIGHTS_OFFSET"),
  serial: market("LICENSE_SERIAL_OFFSET"),
  createdAt: market("LICENSE_CREATED_AT_OFFSET"),
  expiresAt: market("LICENSE_EXPIRES_AT_OFFSET"),
  totalPaid: market("LICENSE_TOTAL_PAID_OFFSET"),
  pendingPayment: market("LICENSE_PENDING_PAYMENT_OFFSET"),
} as const;

/** license_market Review: version u8, bump u8, license, model_mint, reviewer. */
export const REVIEW_OFFSETS = {
  license: market("REVIEW_LICENSE_OFFSET"),
  modelMint: market("REVIEW_MODEL_MINT_OFFSET"),
  reviewer: market("REVIEW_REVIEWER_OFFSET"),
} as const;
