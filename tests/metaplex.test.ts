import { getMetadataAccountDataSerializer, MPL_TOKEN_METADATA_PROGRAM_ID, TokenStandard } from "@metaplex-foundation/mpl-token-metadata";
import { none, publicKey as umiPublicKey, some } from "@metaplex-foundation/umi";
import { AnchorError } from "@coral-xyz/anchor";
import { createMint, getOrCreateAssociatedTokenAccount, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { expect } from "chai";
import { createHash } from "crypto";
import {
  fetchMetaplexNft,
  fetchModel,
  HexClient,
  metaplexMetadataAddress,
  registerMetaplexModel,
  registerMetaplexModelInstruction,
  sendInstructions,
} from "../sdk";
import { clientFor, connection, fundedKeypair, sharedPlatform } from "./helpers";

/**
 * A Metaplex NFT as the Token Metadata program would leave it: an SPL Token
 * mint of supply 1 held by `holder`, and its metadata account, serialized by
 * mpl-token-metadata and written with the chain's hex_setAccount (the chain
 * does not run the Token Metadata program itself).
 */
async function metaplexNft(client: HexClient, updateAuthority: PublicKey, holder: Keypair): Promise<PublicKey> {
  const mint = await createMint(connection, holder, holder.publicKey, null, 0, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
  const account = await getOrCreateAssociatedTokenAccount(connection, holder, mint, holder.publicKey, false, "confirmed");
  await mintTo(connection, holder, mint, account.address, holder, 1, [], { commitment: "confirmed" });
  const data = getMetadataAccountDataSerializer().serialize({
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
  const rpc = connection as unknown as { _rpcRequest: (method: string, args: unknown[]) => Promise<{ error?: { message: string } }> };
  const response = await rpc._rpcRequest("hex_setAccount", [
    metaplexMetadataAddress(client, mint).toBase58(),
    { lamports: LAMPORTS_PER_SOL, data: [Buffer.from(data).toString("base64"), "base64"], owner: MPL_TOKEN_METADATA_PROGRAM_ID.toString() },
  ]);
  if (response.error) throw new Error(response.error.message);
  return mint;
}

const params = { contentHash: createHash("sha256").update("lora-7").digest(), openSource: true, forkRoyaltyBps: 700, creatorResaleRoyaltyBps: 500 };

describe("Metaplex NFTs as base models", () => {
  before(async () => {
    await sharedPlatform();
  });

  it("reads a Metaplex NFT with umi and registers it, signed by its holder", async () => {
    const holder = await fundedKeypair();
    const client = clientFor(holder);
    const updateAuthority = Keypair.generate().publicKey;
    const mint = await metaplexNft(client, updateAuthority, holder);

    const nft = await fetchMetaplexNft(client, mint);
    expect(nft.name).to.equal("Stable Diffusion LoRA #7");
    expect(nft.symbol).to.equal("SDL");
    expect(nft.uri).to.equal("https://nft.example/sdl-7.json");
    expect(nft.updateAuthority.equals(updateAuthority)).to.equal(true);

    await registerMetaplexModel(client, mint, params);
    const model = await fetchModel(client, mint);
    expect(model!.creator.equals(holder.publicKey)).to.equal(true);
    expect(model!.root.equals(mint)).to.equal(true);
    expect(model!.depth).to.equal(0);
    expect(model!.forkRoyaltyBps).to.equal(700);
  });

  it("rejects a registration by someone who neither holds nor governs the NFT", async () => {
    const holder = await fundedKeypair();
    const stranger = clientFor(await fundedKeypair(1));
    const mint = await metaplexNft(stranger, Keypair.generate().publicKey, holder);
    // Signing as the update authority it is not:
    const instruction = await registerMetaplexModelInstruction(stranger, stranger.wallet, mint, params, TOKEN_PROGRAM_ID, false);
    const error = await sendInstructions(stranger, [instruction]).then(() => null, (caught: unknown) => caught);
    expect(error).to.be.instanceOf(AnchorError);
    expect((error as AnchorError).error.errorCode.code).to.equal("NotMetaplexAuthority");
    expect(await fetchModel(stranger, mint)).to.equal(null);
  });
});
