import { AnchorError } from "@coral-xyz/anchor";
import { createMint, getAccount, getOrCreateAssociatedTokenAccount, mintTo, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Keypair, PublicKey } from "@solana/web3.js";
import { expect } from "chai";
import { createHash } from "crypto";
import {
  buyModel,
  createVault,
  fetchModel,
  forkModel,
  getFamily,
  getLineage,
  HexClient,
  listModelForSale,
  MODEL_OFFSETS,
  ModelParams,
  modelPda,
  ownershipTokenAddress,
  registerModel,
  setContributors,
  setVisibility,
} from "../sdk";
import { clientFor, connection, fundedKeypair, keyAt, sharedPlatform } from "./helpers";

function params(name: string, forkRoyaltyBps: number): ModelParams {
  return {
    name,
    symbol: "GEN",
    uri: `https://models.hex.example/${name}.json`,
    contentHash: createHash("sha256").update(name).digest(),
    openSource: true,
    forkRoyaltyBps,
    creatorResaleRoyaltyBps: 800,
  };
}

/** Counts the JSON-RPC requests a client's connection makes. */
function countRequests(client: HexClient): { count: number } {
  const counter = { count: 0 };
  const rpc = client.connection as unknown as { _rpcRequest: (...args: unknown[]) => Promise<unknown> };
  const original = rpc._rpcRequest.bind(rpc);
  rpc._rpcRequest = (...args) => {
    counter.count++;
    return original(...args);
  };
  return counter;
}

describe("lineage: four generations with a closed-source buyout in the middle", () => {
  let owners: HexClient[];
  let mints: PublicKey[];
  let treasury: PublicKey;
  const price = 5_000_000n;

  before(async () => {
    ({ treasury } = await sharedPlatform());
    owners = await Promise.all([0, 1, 2, 3, 4].map(async () => clientFor(await fundedKeypair())));
    const base = await registerModel(owners[0], params("gen0", 1_000));
    const first = await forkModel(owners[1], base.mint, params("gen1", 800));
    const second = await forkModel(owners[2], first.mint, params("gen2", 500));
    const third = await forkModel(owners[3], second.mint, params("gen3", 0));
    mints = [base.mint, first.mint, second.mint, third.mint];
    await setContributors(owners[1], first.mint, [{ wallet: owners[0].wallet, shareBps: 1_200 }]);
  });

  it("reads the lineage back up to the root in two round trips, and the family in one", async () => {
    const reader = clientFor(Keypair.generate());
    const counter = countRequests(reader);
    const lineage = await getLineage(reader, mints[3]);
    expect(counter.count).to.equal(2);
    expect(lineage.map((model) => model.mint.toBase58())).to.deep.equal([...mints].reverse().map((mint) => mint.toBase58()));
    expect(lineage.map((model) => model.depth)).to.deep.equal([3, 2, 1, 0]);
    expect(lineage.map((model) => model.parentRoyaltyBps)).to.deep.equal([500, 800, 1_000, 0]);
    expect(lineage.every((model) => model.root.equals(mints[0]))).to.equal(true);

    const family = await getFamily(reader, mints[0]);
    expect(counter.count).to.equal(3);
    expect(family.map((model) => model.mint.toBase58())).to.deep.equal(mints.map((mint) => mint.toBase58()));
    expect(family.map((model) => model.childrenCount)).to.deep.equal([1n, 1n, 1n, 0n]);
    const first = family[1];
    expect(first.contributors.map((c) => [c.wallet.toBase58(), c.shareBps])).to.deep.equal([[owners[0].wallet.toBase58(), 1_200]]);
    expect(first.splitVersion).to.equal(1);
  });

  it("finds a model's mint, creator, parent and root at the offsets the registry's IDL publishes", async () => {
    const data = (await connection.getAccountInfo(modelPda(mints[2]), "confirmed"))!.data;
    const read = Object.fromEntries(Object.entries(MODEL_OFFSETS).map(([field, offset]) => [field, keyAt(data, offset)]));
    expect(read).to.deep.equal({
      mint: mints[2].toBase58(),
      creator: owners[2].wallet.toBase58(),
      parent: mints[1].toBase58(),
      root: mints[0].toBase58(),
    });
  });

  it("closes the middle model and sells it: the buyer owns it, the seller is paid, the lineage is unchanged", async () => {
    const mintAuthority = await fundedKeypair();
    const paymentMint = await createMint(connection, mintAuthority, mintAuthority.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
    await createVault(owners[1], { modelMint: mints[1], paymentMint, tokenProgram: TOKEN_PROGRAM_ID });
    const buyerKeypair = (owners[4].provider.wallet as unknown as { payer: Keypair }).payer;
    const tokensOf = async (owner: PublicKey) =>
      (await getOrCreateAssociatedTokenAccount(connection, buyerKeypair, paymentMint, owner, true, "confirmed")).address;
    const [buyerTokens, sellerTokens, treasuryTokens] = [await tokensOf(owners[4].wallet), await tokensOf(owners[1].wallet), await tokensOf(treasury)];
    await mintTo(connection, mintAuthority, paymentMint, buyerTokens, mintAuthority, price, [], { commitment: "confirmed" });

    await setVisibility(owners[1], mints[1], false);
    await listModelForSale(owners[1], mints[1], paymentMint, price);
    try {
      await buyModel(owners[4], mints[1], price - 1n);
      throw new Error("a purchase at another price succeeded");
    } catch (error) {
      expect(error).to.be.instanceOf(AnchorError);
      expect((error as AnchorError).error.errorCode.code).to.equal("PriceMismatch");
    }
    await buyModel(owners[4], mints[1], price);

    const nft = await getAccount(connection, ownershipTokenAddress(owners[4].wallet, mints[1]), "confirmed", TOKEN_2022_PROGRAM_ID);
    expect(nft.amount).to.equal(1n);
    expect(nft.isFrozen).to.equal(true);
    const balance = async (address: PublicKey) => (await getAccount(connection, address, "confirmed")).amount;
    expect(await balance(sellerTokens)).to.equal(4_750_000n);
    expect(await balance(treasuryTokens)).to.equal(250_000n);
    expect(await balance(buyerTokens)).to.equal(0n);

    const sold = await fetchModel(owners[4], mints[1]);
    expect(sold!.openSource).to.equal(false);
    expect(sold!.saleCount).to.equal(1);
    expect(sold!.creator.equals(owners[1].wallet)).to.equal(true, "the creator of record does not change");
    const lineage = await getLineage(owners[4], mints[3]);
    expect(lineage.map((model) => model.mint.toBase58())).to.deep.equal([...mints].reverse().map((mint) => mint.toBase58()));
  });
});
