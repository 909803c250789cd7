// Metaplex Token Metadata NFTs, read with umi, and their registration as
// base models.
import { fetchMetadataFromSeeds, findMetadataPda, mplTokenMetadata } from "@metaplex-foundation/mpl-token-metadata";
import { publicKey as umiPublicKey } from "@metaplex-foundation/umi";
import { createUmi } from "@metaplex-foundation/umi-bundle-defaults";
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { RegisteredModel } from "./actions/registry";
import { configPda, modelPda } from "./pda";
import { HexClient } from "./programs";
import { sendInstructions } from "./tx";

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

export interface MetaplexModelParams {
  contentHash: Uint8Array;
  openSource: boolean;
  forkRoyaltyBps: number;
  creatorResaleRoyaltyBps: number;
}

/**
 * Registers a Metaplex NFT as a base model. `asHolder`: the creator signs as
 * the NFT's holder (its token account is passed) rather than as its update
 * authority.
 */
export function registerMetaplexModelInstruction(
  client: HexClient,
  creator: PublicKey,
  mint: PublicKey,
  params: MetaplexModelParams,
  tokenProgram: PublicKey,
  asHolder: boolean
): Promise<TransactionInstruction> {
  return client.registry.methods
    .registerMetaplexModel({ ...params, contentHash: Array.from(params.contentHash) })
    .accountsPartial({
      creator,
      config: configPda(client.registry.programId),
      mint,
      metadata: metaplexMetadataAddress(client, mint),
      holderToken: asHolder ? getAssociatedTokenAddressSync(mint, creator, true, tokenProgram) : null,
      model: modelPda(mint, client.registry.programId),
    })
    .instruction();
}

/**
 * Registers a Metaplex NFT as a base model, signed by the client's wallet as
 * the NFT's update authority or, failing that, its holder. Reads the NFT
 * first (two RPC round trips), then sends one transaction.
 */
export async function registerMetaplexModel(client: HexClient, mint: PublicKey, params: MetaplexModelParams): Promise<RegisteredModel> {
  const [nft, mintAccount] = await Promise.all([fetchMetaplexNft(client, mint), client.connection.getAccountInfo(mint)]);
  if (!mintAccount) throw new Error(`mint ${mint.toBase58()} not found`);
  const asHolder = !nft.updateAuthority.equals(client.wallet);
  const instruction = await registerMetaplexModelInstruction(client, client.wallet, mint, params, mintAccount.owner, asHolder);
  const signature = await sendInstructions(client, [instruction]);
  return { signature, mint, model: modelPda(mint, client.registry.programId) };
}
