// model_registry's program-derived addresses, with the seeds the registry
// publishes in its IDL (programs/model_registry/src/constants.rs).
import { PublicKey } from "@solana/web3.js";
import { getAssociatedTokenAddressSync, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import modelRegistryIdl from "../idl/model_registry.json";
import type { HexClient } from "../core/programs";
import { idlBytes } from "../core/idl";

export const MODEL_REGISTRY_PROGRAM_ID = new PublicKey(modelRegistryIdl.address);

export const CONFIG_SEED = idlBytes(modelRegistryIdl, "CONFIG_SEED");
export const MODEL_SEED = idlBytes(modelRegistryIdl, "MODEL_SEED");
export const SALE_SEED = idlBytes(modelRegistryIdl, "SALE_SEED");
export const PROFILE_SEED = idlBytes(modelRegistryIdl, "PROFILE_SEED");
/** The market's authority PDA (see `marketAuthorityPda`): the registry publishes its seed, the market derives it. */
export const MARKET_AUTHORITY_SEED = idlBytes(modelRegistryIdl, "MARKET_AUTHORITY_SEED");

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

/** The holder's (frozen) token account of a model's ownership NFT. */
export function ownershipTokenAddress(owner: PublicKey, mint: PublicKey): PublicKey {
  return getAssociatedTokenAddressSync(mint, owner, true, TOKEN_2022_PROGRAM_ID);
}

/** A model's sale offer (`ModelSale`): `["sale", model mint]`. */
export function saleAddress(client: HexClient, mint: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([SALE_SEED, mint.toBuffer()], client.registry.programId)[0];
}
