// Every program-derived address Hex uses, mirroring the seeds in
// programs/*/src/constants.rs.
import { PublicKey } from "@solana/web3.js";
import { Buffer } from "buffer";
import { getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import modelRegistryIdl from "./idl/model_registry.json";
import licenseMarketIdl from "./idl/license_market.json";
import royaltyEscrowIdl from "./idl/royalty_escrow.json";

export const MODEL_REGISTRY_PROGRAM_ID = new PublicKey(modelRegistryIdl.address);
export const LICENSE_MARKET_PROGRAM_ID = new PublicKey(licenseMarketIdl.address);
export const ROYALTY_ESCROW_PROGRAM_ID = new PublicKey(royaltyEscrowIdl.address);

export const CONFIG_SEED = Buffer.from("config");
export const MODEL_SEED = Buffer.from("model");
export const SALE_SEED = Buffer.from("sale");
export const VAULT_SEED = Buffer.from("vault");
export const VAULT_TOKENS_SEED = Buffer.from("vault_tokens");
export const PREVIOUS_OWNER_SEED = Buffer.from("previous_owner");
export const FAMILY_POOL_SEED = Buffer.from("family_pool");
export const POOL_TOKENS_SEED = Buffer.from("pool_tokens");
export const PAYOUT_PREFERENCES_SEED = Buffer.from("payout_preferences");
export const PROFILE_SEED = Buffer.from("profile");
const EVENT_AUTHORITY_SEED = Buffer.from("__event_authority");

export function configPda(programId = MODEL_REGISTRY_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync([CONFIG_SEED], programId)[0];
}

export function modelPda(mint: PublicKey, programId = MODEL_REGISTRY_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync([MODEL_SEED, mint.toBuffer()], programId)[0];
}

/** A model's discovery profile (category, kind, tags) and attestation: `["profile", model mint]`. */
export function modelProfilePda(mint: PublicKey, programId = MODEL_REGISTRY_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync([PROFILE_SEED, mint.toBuffer()], programId)[0];
}

/** The PDA through which a program emits its CPI events. */
export function eventAuthorityPda(programId: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([EVENT_AUTHORITY_SEED], programId)[0];
}

/** The holder's (frozen) token account of a model's ownership NFT. */
export function ownershipTokenAddress(owner: PublicKey, mint: PublicKey): PublicKey {
  return getAssociatedTokenAddressSync(mint, owner, true, TOKEN_2022_PROGRAM_ID);
}

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

// license_market PDAs (programs/license_market/src/constants.rs, and the
// registry's MARKET_AUTHORITY_SEED for the market authority).
export const LISTING_SEED = Buffer.from("listing");
export const LICENSE_SEED = Buffer.from("license");
export const ESCROW_TOKENS_SEED = Buffer.from("escrow_tokens");
export const CREATOR_SALES_SEED = Buffer.from("creator_sales");
export const REVIEW_SEED = Buffer.from("review");
export const MARKET_AUTHORITY_SEED = Buffer.from("market");
export const TRIAL_SEED = Buffer.from("trial");

/** A listing of a model's licenses: `["listing", model mint, listing id (u64 LE)]`. */
export function listingPda(modelMint: PublicKey, listingId: bigint, programId = LICENSE_MARKET_PROGRAM_ID): PublicKey {
  const id = Buffer.alloc(8);
  id.writeBigUInt64LE(BigInt.asUintN(64, listingId));
  return PublicKey.findProgramAddressSync([LISTING_SEED, modelMint.toBuffer(), id], programId)[0];
}

/** The License account of a license NFT mint. */
export function licensePda(licenseMint: PublicKey, programId = LICENSE_MARKET_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync([LICENSE_SEED, licenseMint.toBuffer()], programId)[0];
}

/** The market's token account for a payment mint: refundable purchases and usage credits. */
export function escrowTokensPda(paymentMint: PublicKey, programId = LICENSE_MARKET_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync([ESCROW_TOKENS_SEED, paymentMint.toBuffer()], programId)[0];
}

/** A creator's lifetime license sales in a payment mint (its fee tier). */
export function creatorSalesPda(creator: PublicKey, paymentMint: PublicKey, programId = LICENSE_MARKET_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync([CREATOR_SALES_SEED, creator.toBuffer(), paymentMint.toBuffer()], programId)[0];
}

/** The review written under a license (one per license). */
export function reviewPda(license: PublicKey, programId = LICENSE_MARKET_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync([REVIEW_SEED, license.toBuffer()], programId)[0];
}

/** The record that `wallet` took `listing`'s trial (never closed: one trial per wallet and listing). */
export function trialClaimPda(listing: PublicKey, wallet: PublicKey, programId = LICENSE_MARKET_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync([TRIAL_SEED, listing.toBuffer(), wallet.toBuffer()], programId)[0];
}

/** The market's authority PDA: owns the escrow token accounts, reports to the registry. */
export function marketAuthorityPda(programId = LICENSE_MARKET_PROGRAM_ID): PublicKey {
  return PublicKey.findProgramAddressSync([MARKET_AUTHORITY_SEED], programId)[0];
}

/** The holder's (frozen) token account of a license NFT (Token-2022). */
export function licenseTokenAddress(holder: PublicKey, licenseMint: PublicKey): PublicKey {
  return getAssociatedTokenAddressSync(licenseMint, holder, true, TOKEN_2022_PROGRAM_ID);
}
