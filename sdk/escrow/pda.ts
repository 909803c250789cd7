// royalty_escrow's program-derived addresses, mirroring the seeds in
// programs/royalty_escrow/src/constants.rs.
import { PublicKey } from "@solana/web3.js";
import { Buffer } from "buffer";
import royaltyEscrowIdl from "../idl/royalty_escrow.json";

export const ROYALTY_ESCROW_PROGRAM_ID = new PublicKey(royaltyEscrowIdl.address);

export const VAULT_SEED = Buffer.from("vault");
export const VAULT_TOKENS_SEED = Buffer.from("vault_tokens");
export const PREVIOUS_OWNER_SEED = Buffer.from("previous_owner");
export const FAMILY_POOL_SEED = Buffer.from("family_pool");
export const POOL_TOKENS_SEED = Buffer.from("pool_tokens");
export const PAYOUT_PREFERENCES_SEED = Buffer.from("payout_preferences");

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
