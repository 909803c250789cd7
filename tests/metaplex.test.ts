import { none } from "@metaplex-foundation/umi";
import { getOrCreateAssociatedTokenAccount } from "@solana/spl-token";
import { Keypair } from "@solana/web3.js";
import { expect } from "chai";
import { createHash } from "crypto";
import { fetchMetaplexNft, fetchModel, registerMetaplexModel, registerMetaplexModelInstruction, sendInstructions } from "../sdk";
import { clientFor, connection, expectAnchorError, fundedKeypair, sharedPlatform } from "./helpers";
import { metaplexNft } from "./metaplex-fixture";

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

  it("rejects a registration by anyone but the holder, its update authority too", async () => {
    const holder = await fundedKeypair();
    const updateAuthority = clientFor(await fundedKeypair(1));
    const mint = await metaplexNft(updateAuthority, updateAuthority.wallet, holder);
    // The SDK stops before sending anything:
    const error = await registerMetaplexModel(updateAuthority, mint, params).then(() => null, (caught: Error) => caught);
    expect(error?.message).to.match(/does not hold the NFT .*: only its holder can register it/);
    // The chain refuses it when sent anyway with the holder's token account:
    const holderToken = (await getOrCreateAssociatedTokenAccount(connection, holder, mint, holder.publicKey)).address;
    const instruction = await registerMetaplexModelInstruction(updateAuthority, { ...params, holder: updateAuthority.wallet, mint, holderToken });
    await expectAnchorError(sendInstructions(updateAuthority, [instruction]), "ConstraintTokenOwner");
    expect(await fetchModel(updateAuthority, mint)).to.equal(null);
  });

  it("rejects an NFT whose master edition allows prints", async () => {
    const holder = await fundedKeypair();
    const client = clientFor(holder);
    const mint = await metaplexNft(client, Keypair.generate().publicKey, holder, none());
    await expectAnchorError(registerMetaplexModel(client, mint, params), "MasterEditionAllowsPrints");
    expect(await fetchModel(client, mint)).to.equal(null);
  });
});
