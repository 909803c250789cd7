// Metaplex Token Metadata NFTs, read with umi, and their registration as
// base models.
import { fetchMetadataFromSeeds, findMasterEditionPda, findMetadataPda, mplTokenMetadata } from "@metaplex-foundation/mpl-token-metadata";
import { publicKey as umiPublicKey } from "@metaplex-foundation/umi";
import { createUmi } from "@metaplex-foundation/umi-bundle-defaults";
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { unpackAccount } from "@solana/spl-token";
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

export interface MetaplexModelParams {
  contentHash: Uint8Array;
  openSource: boolean;
  forkRoyaltyBps: number;
  creatorResaleRoyaltyBps: number;
}

/**
 * Registers a Metaplex NFT as a base model, signed by `holder`, whose token
 * account `holderToken` holds it. The chain checks that the NFT is one of a
 * kind: its master edition (max supply 0) holds the mint authority, and a
 * Token-2022 mint has no permanent delegate.
 */
export function registerMetaplexModelInstruction(
  client: HexClient,
  holder: PublicKey,
  mint: PublicKey,
  params: MetaplexModelParams,
  holderToken: PublicKey
): Promise<TransactionInstruction> {
  return client.registry.methods
    .registerMetaplexModel({ ...params, contentHash: Array.from(params.contentHash) })
    .accountsPartial({
      creator: holder,
      config: configPda(client.registry.programId),
      mint,
      metadata: metaplexMetadataAddress(client, mint),
      masterEdition: metaplexMasterEditionAddress(client, mint),
      holderToken,
      model: modelPda(mint, client.registry.programId),
    })
    .instruction();
}

/** The token account of `owner` that holds the NFT `mint`, or null (one RPC round trip). */
export async function findNftTokenAccount(client: HexClient, owner: PublicKey, mint: PublicKey): Promise<PublicKey | null> {
  const { value } = await client.connection.getTokenAccountsByOwner(owner, { mint });
  const holding = value.find(({ pubkey, account }) => unpackAccount(pubkey, account, account.owner).amount === 1n);
  return holding?.pubkey ?? null;
}

/**
 * Registers a Metaplex NFT as a base model, signed by the client's wallet,
 * which must hold it. Finds the wallet's token account first (one RPC round
 * trip; a wallet that does not hold the NFT fails here, before anything is
 * sent), then sends one transaction.
 */
export async function registerMetaplexModel(client: HexClient, mint: PublicKey, params: MetaplexModelParams): Promise<RegisteredModel> {
  const holderToken = await findNftTokenAccount(client, client.wallet, mint);
  if (!holderToken) throw new Error(`the wallet ${client.wallet.toBase58()} does not hold the NFT ${mint.toBase58()}: only its holder can register it`);
  const instruction = await registerMetaplexModelInstruction(client, client.wallet, mint, params, holderToken);
  const signature = await sendInstructions(client, [instruction]);
  return { signature, mint, model: modelPda(mint, client.registry.programId) };
}
