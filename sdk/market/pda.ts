// license_market's program-derived addresses, with the seeds the market
// publishes in its IDL (programs/license_market/src/constants.rs), and the
// registry's MARKET_AUTHORITY_SEED for the market authority.
import { PublicKey } from "@solana/web3.js";
import { Buffer } from "buffer";
import { getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import licenseMarketIdl from "../idl/license_market.json";
import { idlBytes } from "../core/idl";
import { MARKET_AUTHORITY_SEED } from "../registry/pda";

export const LICENSE_MARKET_PROGRAM_ID = new PublicKey(licenseMarketIdl.address);

export const LISTING_SEED = idlBytes(licenseMarketIdl, "LISTING_SEED");
export const LICENSE_SEED = idlBytes(licenseMarketIdl, "LICENSE_SEED");
export const ESCROW_TOKENS_SEED = idlBytes(licenseMarketIdl, "ESCROW_TOKENS_SEED");
export const CREATOR_SALES_SEED = idlBytes(licenseMarketIdl, "CREATOR_SALES_SEED");
export const REVIEW_SEED = idlBytes(licenseMarketIdl, "REVIEW_SEED");
export const TRIAL_SEED = idlBytes(licenseMarketIdl, "TRIAL_SEED");

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
