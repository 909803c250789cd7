// Metaplex NFTs on the embedded chain: what the Token Metadata program would
// leave behind, written with the chain's hex_setAccount.
import {
  getMasterEditionAccountDataSerializer,
  getMetadataAccountDataSerializer,
  MPL_TOKEN_METADATA_PROGRAM_ID,
  TokenStandard,
} from "@metaplex-foundation/mpl-token-metadata";
import { none, Option, publicKey as umiPublicKey, some } from "@metaplex-foundation/umi";
import { AuthorityType, createMint, getOrCreateAssociatedTokenAccount, mintTo, setAuthority, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { HexClient, metaplexMasterEditionAddress, metaplexMetadataAddress } from "../sdk";
import { connection } from "./helpers";

/** The size Token Metadata allocates for a master edition account. */
const MASTER_EDITION_SIZE = 282;

/** Writes a Token Metadata account with the chain's hex_setAccount. */
async function writeTokenMetadataAccount(address: PublicKey, data: Uint8Array): Promise<void> {
  const rpc = connection as unknown as { _rpcRequest: (method: string, args: unknown[]) => Promise<{ error?: { message: string } }> };
  const response = await rpc._rpcRequest("hex_setAccount", [
    address.toBase58(),
    { lamports: LAMPORTS_PER_SOL, data: [Buffer.from(data).toString("base64"), "base64"], owner: MPL_TOKEN_METADATA_PROGRAM_ID.toString() },
  ]);
  if (response.error) throw new Error(response.error.message);
}

/**
 * A Metaplex NFT as the Token Metadata program would leave it: an SPL Token
 * mint of supply 1 held by `holder` whose mint and freeze authorities are its
 * master edition, with its metadata and master edition (of `maxSupply`
 * prints) serialized by mpl-token-metadata and written with the chain's
 * hex_setAccount (the chain does not run the Token Metadata program itself).
 */
export async function metaplexNft(client: HexClient, updateAuthority: PublicKey, holder: Keypair, maxSupply: Option<bigint> = some(0n)): Promise<PublicKey> {
  const confirmed = { commitment: "confirmed" as const };
  const mint = await createMint(connection, holder, holder.publicKey, holder.publicKey, 0, Keypair.generate(), confirmed, TOKEN_PROGRAM_ID);
  const account = await getOrCreateAssociatedTokenAccount(connection, holder, mint, holder.publicKey, false, "confirmed");
  await mintTo(connection, holder, mint, account.address, holder, 1, [], confirmed);
  const edition = metaplexMasterEditionAddress(client, mint);
  for (const authority of [AuthorityType.MintTokens, AuthorityType.FreezeAccount]) {
    await setAuthority(connection, holder, mint, holder, authority, edition, [], confirmed);
  }
  const metadata = getMetadataAccountDataSerializer().serialize({
    updateAuthority: umiPublicKey(updateAuthority.toBase58()),
    mint: umiPublicKey(mint.toBase58()),
    name: "Stable Diffusion LoRA #7",
    symbol: "SDL",
    uri: "https://nft.example/sdl-7.json",
    sellerFeeBasisPoints: 500,
    creators: none(),
    primarySaleHappened: true,
    isMutable: true,
    editionNonce: some(254),
    tokenStandard: some(TokenStandard.NonFungible),
    collection: none(),
    uses: none(),
    collectionDetails: none(),
    programmableConfig: none(),
  });
  await writeTokenMetadataAccount(metaplexMetadataAddress(client, mint), metadata);
  const masterEdition = new Uint8Array(MASTER_EDITION_SIZE);
  masterEdition.set(getMasterEditionAccountDataSerializer().serialize({ supply: 0n, maxSupply }));
  await writeTokenMetadataAccount(edition, masterEdition);
  return mint;
}
