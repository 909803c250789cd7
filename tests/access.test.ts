// License access proofs, as a download or API gateway checks them.
import { createMint, getOrCreateAssociatedTokenAccount, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Keypair, PublicKey } from "@solana/web3.js";
import { expect } from "chai";
import { createHash } from "crypto";
import {
  AccessProof,
  buyLicense,
  createAccessProof,
  createListing,
  createVault,
  HexClient,
  keypairSigner,
  NonceRegistry,
  registerModel,
  verifyAccessProof,
} from "../sdk";
import { advanceClock } from "../scripts/localnet-clock";
import { chainUrl, clientFor, connection, fundedKeypair, sharedPlatform } from "./helpers";

describe("license access proofs", () => {
  let gateway: HexClient;
  let holder: Keypair;
  let stranger: Keypair;
  let model: PublicKey;
  let otherModel: PublicKey;
  let license: PublicKey;
  let subscription: PublicKey;

  before(async () => {
    await sharedPlatform();
    const owner = clientFor(await fundedKeypair());
    holder = await fundedKeypair();
    stranger = await fundedKeypair();
    // The gateway only reads the chain: its wallet holds nothing.
    gateway = clientFor(Keypair.generate());
    const params = (name: string) => ({
      name,
      symbol: "HEXM",
      uri: `https://models.hex.example/${name}.json`,
      contentHash: createHash("sha256").update(name).digest(),
      openSource: false,
      forkRoyaltyBps: 0,
      creatorResaleRoyaltyBps: 500,
    });
    model = (await registerModel(owner, params("gated"))).mint;
    otherModel = (await registerModel(owner, params("other"))).mint;
    const mintAuthority = await fundedKeypair();
    const usdc = await createMint(connection, mintAuthority, mintAuthority.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
    const holderUsdc = await getOrCreateAssociatedTokenAccount(connection, holder, usdc, holder.publicKey, false, "confirmed");
    await mintTo(connection, mintAuthority, usdc, holderUsdc.address, mintAuthority, 100_000_000n, [], { commitment: "confirmed" });
    await createVault(owner, { modelMint: model, paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID });
    const perpetual = await createListing(owner, model, usdc, { pricing: { kind: "oneTime", price: 5_000_000n }, uri: "https://licenses.hex.example/gated.json" });
    const monthly = await createListing(owner, model, usdc, { pricing: { kind: "subscription", price: 1_000_000n, periodSecs: 3_600 }, uri: "https://licenses.hex.example/gated-monthly.json" });
    const buyer = clientFor(holder);
    license = (await buyLicense(buyer, perpetual.listing, 5_000_000n)).license;
    subscription = (await buyLicense(buyer, monthly.listing, 1_000_000n)).license;
  });

  const check = (proof: AccessProof, nonces = new NonceRegistry(), now?: number) => verifyAccessProof(gateway, proof, { nonces, now });

  it("grants a fresh proof signed by the holder of a valid license of the model", async () => {
    const proof = await createAccessProof(keypairSigner(holder), { model, license });
    expect(await check(proof)).to.deep.equal({ granted: true });
  });

  it("refuses a replayed proof", async () => {
    const nonces = new NonceRegistry();
    const proof = await createAccessProof(keypairSigner(holder), { model, license });
    expect(await check(proof, nonces)).to.deep.equal({ granted: true });
    expect(await check(proof, nonces)).to.deep.equal({ granted: false, reason: "replayed" });
  });

  it("refuses an expired proof and one that asks to live too long", async () => {
    const proof = await createAccessProof(keypairSigner(holder), { model, license, ttlSecs: 30 });
    expect(await check(proof, new NonceRegistry(), proof.expiresAt)).to.deep.equal({ granted: false, reason: "expired" });
    const longLived = await createAccessProof(keypairSigner(holder), { model, license, ttlSecs: 3_600 });
    expect(await check(longLived)).to.deep.equal({ granted: false, reason: "tooLongLived" });
  });

  it("refuses forged proofs: another key's signature, or a field changed after signing", async () => {
    const forged = await createAccessProof(keypairSigner(stranger), { model, license });
    expect(await check({ ...forged, holder: holder.publicKey })).to.deep.equal({ granted: false, reason: "badSignature" });
    const genuine = await createAccessProof(keypairSigner(holder), { model, license });
    expect(await check({ ...genuine, expiresAt: genuine.expiresAt + 1 })).to.deep.equal({ granted: false, reason: "badSignature" });
    expect(await check({ ...genuine, signature: "1111" })).to.deep.equal({ granted: false, reason: "badSignature" });
  });

  it("refuses a wallet that does not hold the license, and a license of another model", async () => {
    const notHolder = await createAccessProof(keypairSigner(stranger), { model, license });
    expect(await check(notHolder)).to.deep.equal({ granted: false, reason: "notHolder" });
    const otherModelProof = await createAccessProof(keypairSigner(holder), { model: otherModel, license });
    expect(await check(otherModelProof)).to.deep.equal({ granted: false, reason: "wrongModel" });
    const noLicense = await createAccessProof(keypairSigner(holder), { model, license: Keypair.generate().publicKey });
    expect(await check(noLicense)).to.deep.equal({ granted: false, reason: "noLicense" });
  });

  it("refuses a lapsed subscription, whatever the proof", async () => {
    expect(await check(await createAccessProof(keypairSigner(holder), { model, license: subscription }))).to.deep.equal({ granted: true });
    await advanceClock(chainUrl(), 3_600);
    expect(await check(await createAccessProof(keypairSigner(holder), { model, license: subscription }))).to.deep.equal({ granted: false, reason: "expired" });
  });

  it("rejects a proof lifetime that is not a positive whole number of seconds", async () => {
    for (const ttlSecs of [0, -5, 1.5]) {
      let message = "";
      await createAccessProof(keypairSigner(holder), { model, license, ttlSecs }).catch((error: Error) => (message = error.message));
      expect(message).to.match(/ttlSecs must be a positive whole number/);
    }
  });
});
