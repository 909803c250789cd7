// Byte offsets of account fields that getProgramAccounts filters on. They
// follow from the fixed layouts in programs/*/src/state (8-byte Anchor
// discriminator first); tests check them against decoded accounts.

/** model_registry Model: version u8, bump u8, mint, creator, parent, root. */
export const MODEL_OFFSETS = { mint: 10, creator: 42, parent: 74, root: 106 } as const;

/** royalty_escrow Vault: version, bump, tokens_bump, model_mint, payment_mint, ... recipients. */
export const VAULT_OFFSETS = { modelMint: 11, paymentMint: 43, recipients: 167 } as const;
/** Each recipient: wallet (32), share_bps (2), earned_in_closed_epochs (8), taken (8). */
export const VAULT_RECIPIENT_SIZE = 50;

/** Recipient slots of a vault: the parent's vault, 16 contributors, the owner. */
export const PARENT_SLOT = 0;
export const FIRST_CONTRIBUTOR_SLOT = 1;
export const OWNER_SLOT = 17;
