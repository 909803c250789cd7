// Metaplex Token Metadata NFTs, read with umi (their registration as base
// models: registry/actions.ts).
import { fetchMetadataFromSeeds, findMasterEditionPda, findMetadataPda, mplTokenMetadata } from "@metaplex-foundation/mpl-token-metadata";
import { publicKey as umiPublicKey } from "@metaplex-foundation/umi";
import { createUmi } from "@metaplex-foundation/umi-bundle-defaults";
import { PublicKey } from "@solana/web3.js";
import { unpackAccount } from "@solana/spl-token";
import { HexClient } from "./programs";

export interface MetaplexNft {
  mint: PublicKey;
  metadata: PublicKey;
  updateAuthority: PublicKey;
  name: string;
  symbol: string;
  uri: string;
}

function umiFor(client: HexClient) {
  return createUmi(client.connection.rpcEndpoint).use(mplTokenMetadata());
}

/** The Token Metadata PDA of a mint. */
export function metaplexMetadataAddress(client: HexClient, mint: PublicKey): PublicKey {
  return new PublicKey(findMetadataPda(umiFor(client), { mint: umiPublicKey(mint.toBase58()) })[0]);
}

/** The Token Metadata master edition PDA of a mint. */
export function metaplexMasterEditionAddress(client: HexClient, mint: PublicKey): PublicKey {
  return new PublicKey(findMasterEditionPda(umiFor(client), { mint: umiPublicKey(mint.toBase58()) })[0]);
}

/** Reads a Metaplex NFT's metadata (one RPC round trip). */
export async function fetchMetaplexNft(client: HexClient, mint: PublicKey): Promise<MetaplexNft> {
  const metadata = await fetchMetadataFromSeeds(umiFor(client), { mint: umiPublicKey(mint.toBase58()) });
  return {
    mint,
    metadata: new PublicKey(metadata.publicKey),
    updateAuthority: new PublicKey(metadata.updateAuthority),
    name: metadata.name,
    symbol: metadata.symbol,
    uri: metadata.uri,
  };
}

/** The token account of `owner` that holds the NFT `mint`, or null (one RPC round trip). */
export async function findNftTokenAccount(client: HexClient, owner: PublicKey, mint: PublicKey): Promise<PublicKey | null> {
  const { value } = await client.connection.getTokenAccountsByOwner(owner, { mint });
  const holding = value.find(({ pubkey, account }) => unpackAccount(pubkey, account, account.owner).amount === 1n);
  return holding?.pubkey ?? null;
}
