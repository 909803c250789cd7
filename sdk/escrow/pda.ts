// royalty_escrow's program-derived addresses, with the seeds the escrow
// publishes in its IDL (programs/royalty_escrow/src/constants.rs).
import { PublicKey } from "@solana/web3.js";
import royaltyEscrowIdl from "../idl/royalty_escrow.json";
import { idlBytes } from "../core/idl";

export const ROYALTY_ESCROW_PROGRAM_ID = new PublicKey(royaltyEscrowIdl.address);

export const VAULT_SEED = idlBytes(royaltyEscrowIdl, "VAULT_SEED");
export const VAULT_TOKENS_SEED = idlBytes(royaltyEscrowIdl, "VAULT_TOKENS_SEED");
export const PREVIOUS_OWNER_SEED = idlBytes(royaltyEscrowIdl, "PREVIOUS_OWNER_SEED");
export const FAMILY_POOL_SEED = idlBytes(royaltyEscrowIdl, "FAMILY_POOL_SEED");
export const POOL_TOKENS_SEED = idlBytes(royaltyEscrowIdl, "POOL_TOKENS_SEED");
export const PAYOUT_PREFERENCES_SEED = idlBytes(royaltyEscrowIdl, "PAYOUT_PREFERENCES_SEED");

/** The revenue vault of a model (by its ownership NFT mint) for a payment mint. */
export function vaultPda(modelMint: PublicKey, paymentMint: PublicKey, programId = ROYALTY_ESCROW_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync([VAULT_SEED, modelMint.toBuffer(), paymentMint.toBuffer()], programId)[0];
}

/** The token account holding a vault's tokens. */
export function vaultTokensPda(vault: PublicKey, programId = ROYALTY_ESCROW_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync([VAULT_TOKENS_SEED, vault.toBuffer()], programId)[0];
}

/** What `vault` settled to a previous owner of its model, waiting to be paid. */
export function previousOwnerEarningsPda(vault: PublicKey, previousOwner: PublicKey, programId = ROYALTY_ESCROW_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync([PREVIOUS_OWNER_SEED, vault.toBuffer(), previousOwner.toBuffer()], programId)[0];
}

/** The reward pool of the family whose root model is `rootMint`, for a payment mint. */
export function familyPoolPda(rootMint: PublicKey, paymentMint: PublicKey, programId = ROYALTY_ESCROW_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync([FAMILY_POOL_SEED, rootMint.toBuffer(), paymentMint.toBuffer()], programId)[0];
}

/** The token account holding a family pool's tokens. */
export function poolTokensPda(familyPool: PublicKey, programId = ROYALTY_ESCROW_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync([POOL_TOKENS_SEED, familyPool.toBuffer()], programId)[0];
}

/** How `wallet` wants keepers to pay it (`distribute`); absent means the defaults. */
export function payoutPreferencesPda(wallet: PublicKey, programId = ROYALTY_ESCROW_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync([PAYOUT_PREFERENCES_SEED, wallet.toBuffer()], programId)[0];
}
