// The `hex` commands of creators, licensees and the platform beyond
// registering and selling licenses: contributors, visibility, model sales,
// reviews, forks under a license, purchases in escrow and their disputes,
// takedown, pause, Metaplex imports and the faucet. Each runs as a child
// process against the embedded chain; what it did is read back through the SDK.
import { createMint, getAccount, getOrCreateAssociatedTokenAccount, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { expect } from "chai";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import {
  buyLicense,
  createListing,
  createVault,
  fetchConfig,
  fetchLicense,
  fetchModel,
  fetchReview,
  fetchVault,
  HexClient,
  owed,
  OWNER_SLOT,
  registerModel,
  saleAddress,
  setPlatformPaused,
  vaultPda,
  vaultTokensPda,
} from "../sdk";
import { formatAmount } from "../scripts/cli/amounts";
import { advanceClock } from "../scripts/localnet-clock";
import { expectOneLineError, hex, hexJson, writeKeypairFile } from "./cli-helpers";
import { chainUrl, clientFor, connection, fundedKeypair, sharedPlatform } from "./helpers";
import { metaplexNft } from "./metaplex-fixture";

const USDC = 1_000_000n;
const hash = (byte: string) => byte.repeat(32);

describe("hex CLI: managing models, escrowed purchases, the platform and the faucet", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hex-cli-manage-"));
  let authority: HexClient;
  let treasury: PublicKey;
  let creator: Keypair;
  let buyer: Keypair;
  let alice: Keypair;
  let bob: Keypair;
  const files: Record<string, string> = {};
  let usdc: PublicKey;
  let client: HexClient;
  /** Managed through the CLI: contributors, visibility, a fork, a review, a sale. */
  let model: PublicKey;
  /** Sells licenses with a refund window, for settlement and disputes. */
  let escrowed: PublicKey;

  const tokens = async (owner: PublicKey) => (await getAccount(connection, (await getOrCreateAssociatedTokenAccount(connection, buyer, usdc, owner, true, "confirmed")).address, "confirmed")).amount;

  before(async () => {
    ({ authority, treasury } = await sharedPlatform());
    [creator, buyer, alice, bob] = await Promise.all([fundedKeypair(20), fundedKeypair(20), fundedKeypair(2), fundedKeypair(2)]);
    const authorityKeypair = (authority.provider.wallet as unknown as { payer: Keypair }).payer;
    for (const [name, keypair] of Object.entries({ authority: authorityKeypair, creator, buyer, alice, bob })) files[name] = writeKeypairFile(dir, name, keypair);
    client = clientFor(creator);
    usdc = await createMint(connection, creator, creator.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
    const buyerUsdc = await getOrCreateAssociatedTokenAccount(connection, buyer, usdc, buyer.publicKey, false, "confirmed");
    await mintTo(connection, creator, usdc, buyerUsdc.address, creator, 100n * USDC, [], { commitment: "confirmed" });
    const terms = { symbol: "HEXM", openSource: true, forkRoyaltyBps: 1_000, creatorResaleRoyaltyBps: 500 };
    ({ mint: model } = await registerModel(client, { ...terms, name: "Managed", uri: "https://models.hex.example/managed.json", contentHash: Buffer.from(hash("01"), "hex") }));
    ({ mint: escrowed } = await registerModel(client, { ...terms, name: "Escrowed", uri: "https://models.hex.example/escrowed.json", contentHash: Buffer.from(hash("02"), "hex") }));
    for (const modelMint of [model, escrowed]) await createVault(client, { modelMint, paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID });
  });

  it("names contributors, with the co-signature of those whose share shrinks", async () => {
    const [a, b] = [alice.publicKey.toBase58(), bob.publicKey.toBase58()];
    const named = await hexJson(["model", "contributors", model.toBase58(), `${a}:1500`, `${b}:500`], files.creator);
    expect(named.ownerShareBps).to.equal(8_000);
    const mistakes = await Promise.all([
      hex(["model", "contributors", model.toBase58(), `${a}:1000`], files.creator),
      hex(["model", "contributors", model.toBase58(), `${a}:100`, `${a}:200`], files.creator),
      hex(["model", "contributors", model.toBase58(), `${b}:100`], files.buyer),
    ]);
    expectOneLineError(mistakes[0], new RegExp(`the share of ${a} shrinks from 1500 to 1000 bps: it must co-sign`));
    expectOneLineError(mistakes[1], new RegExp(`contributor ${a} is named twice`));
    expectOneLineError(mistakes[2], new RegExp(`your wallet ${buyer.publicKey.toBase58()} does not own model ${model.toBase58()}: its owner is ${creator.publicKey.toBase58()}`));

    await hexJson(["model", "contributors", model.toBase58(), `${a}:1000`, "--co-signer", files.alice, files.bob], files.creator);
    const found = (await fetchModel(client, model))!;
    expect(found.contributors.map((c) => [c.wallet.toBase58(), c.shareBps])).to.deep.equal([[a, 1_000]]);
    expect(found.splitVersion).to.equal(2);
  });

  it("closes the model, and forks it and reviews it under a license with derivative rights", async () => {
    await hexJson(["model", "visibility", model.toBase58(), "closed"], files.creator);
    expect((await fetchModel(client, model))!.openSource).to.equal(false);

    const { listing } = await createListing(client, model, usdc, { pricing: { kind: "oneTime", price: 3n * USDC }, derivativeRights: true, uri: "https://l.example/derivative" });
    const { license } = await buyLicense(clientFor(buyer), listing, 3n * USDC);
    const forkArgs = ["fork", model.toBase58(), "--name", "Licensed Fork", "--uri", "https://models.hex.example/licensed-fork.json", "--hash", hash("03")];
    const [badVisibility, unlicensed, badRating] = await Promise.all([
      hex(["model", "visibility", model.toBase58(), "secret"], files.creator),
      hex(forkArgs, files.buyer),
      hex(["model", "review", model.toBase58(), "6", "--license", license.toBase58(), "--uri", "https://reviews.example/6"], files.buyer),
    ]);
    expectOneLineError(badVisibility, /bad visibility "secret": use open or closed/);
    expectOneLineError(unlicensed, new RegExp(`model ${model.toBase58()} is closed source: fork it with --license LICENSE`));
    expectOneLineError(badRating, /bad rating "6": give a whole number from 1 to 5/);

    const forked = await hexJson([...forkArgs, "--license", license.toBase58()], files.buyer);
    const child = (await fetchModel(client, new PublicKey(forked.mint)))!;
    expect(child.parent!.toBase58()).to.equal(model.toBase58());
    expect(child.owner.toBase58()).to.equal(buyer.publicKey.toBase58());

    await hexJson(["model", "review", model.toBase58(), "4", "--license", license.toBase58(), "--uri", "https://reviews.example/buyer"], files.buyer);
    const review = (await fetchReview(client, license))!;
    expect([review.rating, review.uri, review.reviewer.toBase58()]).to.deep.equal([4, "https://reviews.example/buyer", buyer.publicKey.toBase58()]);
    expect((await fetchModel(client, model))!.ratingCount).to.equal(1n);
  });

  it("sells the model: offer, cancel, offer again, purchase at the agreed price; the seller claims what it earned before", async () => {
    const m = model.toBase58();
    await hexJson(["model", "sell", m, "2", "--mint", usdc.toBase58()], files.creator);
    const [shown, wrongPrice] = await Promise.all([hex(["model", "show", m], files.buyer), hex(["model", "buy", m, "--price", "1.5"], files.buyer)]);
    expect(shown.stdout).to.contain(`for sale       2 (mint ${usdc.toBase58()}) at split version 2, model version 1`);
    expectOneLineError(wrongPrice, /^error: PriceMismatch: /);
    await hexJson(["model", "cancel-sale", m], files.creator);
    expect(await connection.getAccountInfo(saleAddress(client, model), "confirmed")).to.equal(null);
    const [cancelAgain, belowMinimum] = await Promise.all([
      hex(["model", "cancel-sale", m], files.creator),
      hex(["model", "sell", m, "0.5", "--mint", usdc.toBase58()], files.creator),
    ]);
    expectOneLineError(cancelAgain, new RegExp(`model ${m} is not for sale`));
    expectOneLineError(belowMinimum, /^error: PriceBelowMinimum: /);

    await hexJson(["model", "sell", m, "2", "--mint", usdc.toBase58()], files.creator);
    const before = await Promise.all([tokens(buyer.publicKey), tokens(creator.publicKey), tokens(treasury)]);
    const bought = await hexJson(["model", "buy", m, "--price", "2", "--split-version", "2", "--model-version", "1"], files.buyer);
    expect([bought.seller, bought.price]).to.deep.equal([creator.publicKey.toBase58(), String(2n * USDC)]);
    const after = await Promise.all([tokens(buyer.publicKey), tokens(creator.publicKey), tokens(treasury)]);
    const fee = (2n * USDC * 500n) / 10_000n;
    expect(after.map((amount, index) => amount - before[index])).to.deep.equal([-2n * USDC, 2n * USDC - fee, fee]);
    const sold = (await fetchModel(client, model))!;
    expect([sold.owner.toBase58(), sold.saleCount, sold.listedForSale]).to.deep.equal([buyer.publicKey.toBase58(), 1, false]);

    // What the model earned its owner before the sale (the derivative license) is the seller's to claim.
    const earnedBeforeSale = owed((await fetchVault(client, model, usdc))!, OWNER_SLOT);
    expect(earnedBeforeSale > 0n).to.equal(true);
    const claimed = await hex(["revenue", "claim"], files.creator);
    expect(claimed.stdout).to.contain(`claimed ${formatAmount(earnedBeforeSale, 6)} (mint ${usdc.toBase58()}) as previous owner of model ${m}`);
    expect(await tokens(creator.publicKey)).to.equal(after[1] + earnedBeforeSale);
  });

  it("takes a model down and restores it, pauses and resumes the platform, as the platform authority only", async () => {
    const m = model.toBase58();
    const strangers = await Promise.all([hex(["model", "takedown", m], files.buyer), hex(["config", "pause"], files.creator)]);
    for (const run of strangers) expectOneLineError(run, /^error: Unauthorized: /);

    await hexJson(["model", "takedown", m], files.authority);
    expect((await fetchModel(client, model))!.takenDown).to.equal(true);
    await hexJson(["model", "restore", m], files.authority);
    expect((await fetchModel(client, model))!.takenDown).to.equal(false);

    try {
      expect((await hexJson(["config", "pause"], files.authority)).paused).to.equal(true);
      expect((await fetchConfig(client)).paused).to.equal(true);
      const register = ["register", "--name", "Paused", "--uri", "https://models.hex.example/paused.json", "--hash", hash("04")];
      expectOneLineError(await hex(register, files.creator), /^error: PlatformPaused: /);
      expect((await hexJson(["config", "resume"], files.authority)).paused).to.equal(false);
    } finally {
      // Never leave the suite's shared platform paused.
      if ((await fetchConfig(client)).paused) await setPlatformPaused(authority, false);
    }
    expect((await fetchConfig(client)).paused).to.equal(false);
  });

  it("settles a purchase after its window, and refunds a disputed one by the arbiter's decision", async () => {
    const { listing } = await createListing(client, escrowed, usdc, { pricing: { kind: "oneTime", price: USDC }, refundWindowSecs: 600, uri: "https://l.example/refundable" });
    const buyerClient = clientFor(buyer);
    const beforeDisputed = await tokens(buyer.publicKey);
    const disputed = (await buyLicense(buyerClient, listing, USDC)).license.toBase58();
    const kept = (await buyLicense(buyerClient, listing, USDC)).license.toBase58();

    expectOneLineError(await hex(["license", "settle", kept], files.alice), /^error: RefundWindowOpen: /);
    expect((await hexJson(["license", "dispute", disputed], files.buyer)).inEscrow).to.equal(String(USDC));
    expect((await fetchLicense(client, new PublicKey(disputed)))!.disputed).to.equal(true);
    expectOneLineError(await hex(["license", "resolve-dispute", disputed, "refund"], files.buyer), /^error: NotArbiter: /);
    await hexJson(["license", "resolve-dispute", disputed, "refund"], files.authority);
    expect(await fetchLicense(client, new PublicKey(disputed))).to.equal(null);
    expect(await tokens(buyer.publicKey)).to.equal(beforeDisputed - USDC, "the disputed purchase came back to the unit; the kept one is in escrow");

    await advanceClock(chainUrl(), 601);
    expectOneLineError(await hex(["license", "dispute", kept], files.buyer), /^error: RefundWindowClosed: /);
    const pendingFee = (await fetchLicense(client, new PublicKey(kept)))!.pendingFee;
    const vaultTokens = vaultTokensPda(vaultPda(escrowed, usdc));
    const before = await Promise.all([tokens(treasury), getAccount(connection, vaultTokens, "confirmed")]);
    const settled = await hexJson(["license", "settle", kept], files.alice);
    expect([settled.fee, settled.toVault]).to.deep.equal([String(pendingFee), String(USDC - pendingFee)]);
    const after = await Promise.all([tokens(treasury), getAccount(connection, vaultTokens, "confirmed")]);
    expect([after[0] - before[0], after[1].amount - before[1].amount]).to.deep.equal([pendingFee, USDC - pendingFee]);
    const license = (await fetchLicense(client, new PublicKey(kept)))!;
    expect([license.pendingPayment, license.totalPaid]).to.deep.equal([0n, USDC]);
  });

  it("registers a Metaplex NFT, signed by its holder only", async () => {
    const nft = (await metaplexNft(clientFor(alice), Keypair.generate().publicKey, alice)).toBase58();
    const args = ["import-metaplex", nft, "--hash", hash("05"), "--fork-royalty", "700", "--closed"];
    expectOneLineError(await hex(args, files.bob), new RegExp(`your wallet ${bob.publicKey.toBase58()} does not hold NFT ${nft}: only its holder can register it`));
    await hexJson(args, files.alice);
    const imported = (await fetchModel(client, new PublicKey(nft)))!;
    expect([imported.creator.toBase58(), imported.forkRoyaltyBps, imported.openSource, imported.depth]).to.deep.equal([alice.publicKey.toBase58(), 700, false, 0]);
  });

  it("airdrops SOL on the local chain, to a wallet without a keypair file too, and refuses mainnet", async () => {
    const newcomer = Keypair.generate().publicKey;
    const dropped = await hex(["airdrop", "2.5", "--to", newcomer.toBase58()]);
    expect(dropped.code, dropped.stderr).to.equal(0);
    expect(dropped.stdout).to.contain(`airdropped 2.5 SOL to ${newcomer.toBase58()}: it now holds 2.5 SOL`);
    expect(await connection.getBalance(newcomer, "confirmed")).to.equal(2.5 * LAMPORTS_PER_SOL);

    const mistakes = await Promise.all([hex(["--url", "mainnet-beta", "airdrop"]), hex(["airdrop"])]);
    expectOneLineError(mistakes[0], /^error: mainnet-beta has no faucet: buy SOL and send it to your wallet$/);
    expectOneLineError(mistakes[1], /no keypair at .*: pass --keypair FILE/);
  });
});
