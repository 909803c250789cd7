// Byte offsets of account fields that getProgramAccounts filters on. They
// follow from the fixed layouts in programs/*/src/state (8-byte Anchor
// discriminator first); tests check them against decoded accounts.

/** model_registry Model: version u8, bump u8, mint, creator, parent, root. */
export const MODEL_OFFSETS = { mint: 10, creator: 42, parent: 74, root: 106 } as const;

/** royalty_escrow Vault: version, bump, tokens_bump, model_mint, payment_mint, ... recipients. */
export const VAULT_OFFSETS = { modelMint: 11, paymentMint: 43, recipients: 167 } as const;
/** royalty_escrow PreviousOwnerEarnings: version u8, bump u8, vault, owner. */
export const PREVIOUS_OWNER_EARNINGS_OFFSETS = { vault: 10, owner: 42 } as const;
/** Each recipient: wallet (32), share_bps (2), earned_in_closed_epochs (8), taken (8). */
export const VAULT_RECIPIENT_SIZE = 50;

/** Recipient slots of a vault: the parent's vault, 16 contributors, the owner. */
export const PARENT_SLOT = 0;
export const FIRST_CONTRIBUTOR_SLOT = 1;
export const OWNER_SLOT = 17;

/** license_market Listing: version u8, bump u8, model_mint, listing_id u64, payment_mint. */
export const LISTING_OFFSETS = { modelMint: 10, listingId: 42, paymentMint: 50 } as const;

/**
 * license_market License: version u8, bump u8, mint, listing, model_mint,
 * holder, kind u8, status u8, transferable, derivative_rights, serial u64,
 * created_at i64, expires_at i64, ..., total_paid u64, pending_payment u64.
 * The registry's fork_model reads model_mint, holder, status,
 * derivative_rights, expires_at, total_paid and pending_payment at these
 * offsets (programs/model_registry/src/derivative_license.rs); tests pin them.
 */
export const LICENSE_OFFSETS = {
  mint: 10,
  listing: 42,
  modelMint: 74,
  holder: 106,
  kind: 138,
  status: 139,
  transferable: 140,
  derivativeRights: 141,
  serial: 142,
  createdAt: 150,
  expiresAt: 158,
  totalPaid: 240,
  pendingPayment: 248,
} as const;

/** license_market Review: version u8, bump u8, license, model_mint, reviewer. */
export const REVIEW_OFFSETS = { license: 10, modelMint: 42, reviewer: 74 } as const;
