import {
  createMint,
  getAccount,
  getOrCreateAssociatedTokenAccount,
  mintTo,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
} from "@solana/spl-token";
import { Keypair, PublicKey } from "@solana/web3.js";
import { expect } from "chai";
import { createHash } from "crypto";
import {
  buyLicense,
  buyResoldLicense,
  closeListing,
  createListing,
  createVault,
  depositCredits,
  escrowTokensPda,
  fetchLicense,
  fetchListing,
  fetchEvents,
  fetchModel,
  fetchReview,
  fetchVault,
  HexClient,
  LICENSE_OFFSETS,
  licensePda,
  licensesByHolder,
  licenseTokenAddress,
  LISTING_OFFSETS,
  listingPda,
  listingsByModel,
  listLicenseForResale,
  MarketInputError,
  MAX_TRANSACTION_SIZE,
  openDispute,
  paymentTokenAddress,
  prepareBuyLicense,
  prepareBuyResoldLicense,
  prepareRecordUsage,
  recordUsage,
  refundLicense,
  registerModel,
  renewLicense,
  reportRevenue,
  resolveDispute,
  REVIEW_OFFSETS,
  reviewModel,
  reviewPda,
  setContributors,
  settlePurchase,
  transactionSize,
  updateListing,
  vaultPda,
  vaultTokensPda,
  verifyLicense,
  withdrawCredits,
} from "../sdk";
import { advanceClock as moveClock } from "../scripts/localnet-clock";
import { chainUrl, clientFor, connection, expectAnchorError, expectLedgerMoves, fundedKeypair, keyAt, sharedPlatform, tokenLedger } from "./helpers";

const USDC = 1_000_000n;
/** The platform's license fee (20%) while the creator's lifetime sales stay under the first tier (1,000 units). */
const feeOf = (amount: bigint) => (amount * 2_000n) / 10_000n;

async function expectInputError(action: Promise<unknown>, message: RegExp): Promise<void> {
  try {
    await action;
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(MarketInputError);
    expect((error as Error).message).to.match(message);
    return;
  }
  throw new Error(`expected a MarketInputError matching ${message}, but the call succeeded`);
}

/** Moves the embedded chain's clock forward; returns its new unix time. */
const advanceClock = (seconds: number) => moveClock(chainUrl(), seconds);

const PARTIES = ["buyer", "treasury", "vault", "node", "seller", "escrow"] as const;
type Party = (typeof PARTIES)[number];
type Ledger = Record<Party, bigint>;

describe("license market", () => {
  let arbiter: HexClient;
  let treasury: PublicKey;
  let owner: HexClient;
  let meter: HexClient;
  let alice: HexClient;
  let bob: HexClient;
  let stranger: HexClient;
  let node: PublicKey;
  let modelMint: PublicKey;
  let paymentMint: PublicKey;
  let mintAuthority: Keypair;

  const ata = (wallet: PublicKey) => paymentTokenAddress(wallet, paymentMint, TOKEN_PROGRAM_ID);
  const vaultTokens = () => vaultTokensPda(vaultPda(modelMint, paymentMint));

  /** The token accounts of one scenario: `buyer` pays, `seller` is paid on resale. */
  function parties(buyer: HexClient, seller: HexClient): Record<Party, PublicKey> {
    return {
      buyer: ata(buyer.wallet),
      treasury: ata(treasury),
      vault: vaultTokens(),
      node: ata(node),
      seller: ata(seller.wallet),
      escrow: escrowTokensPda(paymentMint),
    };
  }

  const snapshot = (accounts: Record<Party, PublicKey>): Promise<Ledger> => tokenLedger(accounts);

  /** Every party moved exactly as stated (others not at all), and no unit was created or lost. */
  function expectMoves(before: Ledger, after: Ledger, moves: Partial<Ledger>) {
    expectLedgerMoves(before, after, moves);
    const total = (ledger: Ledger) => PARTIES.reduce((sum, party) => sum + ledger[party], 0n);
    expect(total(after)).to.equal(total(before), "buyer + treasury + vault + node + seller + escrow");
  }

  async function fund(client: HexClient, amount: bigint) {
    const payer = (client.provider.wallet as unknown as { payer: Keypair }).payer;
    const account = await getOrCreateAssociatedTokenAccount(connection, payer, paymentMint, client.wallet, false, "confirmed");
    await mintTo(connection, mintAuthority, paymentMint, account.address, mintAuthority, amount, [], { commitment: "confirmed" });
  }

  before(async () => {
    ({ authority: arbiter, treasury } = await sharedPlatform());
    [owner, meter, alice, bob, stranger] = await Promise.all([0, 1, 2, 3, 4].map(async () => clientFor(await fundedKeypair())));
    node = Keypair.generate().publicKey;
    const registered = await registerModel(owner, {
      name: "Market Model",
      symbol: "HEXM",
      uri: "https://models.hex.example/market.json",
      contentHash: createHash("sha256").update("market model weights").digest(),
      openSource: false,
      forkRoyaltyBps: 1_000,
      creatorResaleRoyaltyBps: 500,
    });
    modelMint = registered.mint;
    mintAuthority = await fundedKeypair();
    paymentMint = await createMint(connection, mintAuthority, mintAuthority.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
    await createVault(owner, { modelMint, paymentMint, tokenProgram: TOKEN_PROGRAM_ID });
    await fund(alice, 200n * USDC);
    await fund(bob, 100n * USDC);
  });

  describe("listings", () => {
    it("rejects bad listing input in the SDK, before sending", async () => {
      const base = { pricing: { kind: "oneTime" as const, price: USDC }, uri: "https://licenses.hex.example/x.json" };
      await expectInputError(createListing(owner, modelMint, paymentMint, { ...base, pricing: { kind: "oneTime", price: 0n } }), /price must be positive/);
      await expectInputError(createListing(owner, modelMint, paymentMint, { ...base, pricing: { kind: "subscription", price: USDC } }), /period longer than zero/);
      await expectInputError(
        createListing(owner, modelMint, paymentMint, { ...base, pricing: { kind: "revenueShare", price: USDC, periodSecs: 60, revenueShareBps: 10_001 } }),
        /revenue share/
      );
      await expectInputError(
        createListing(owner, modelMint, paymentMint, { ...base, pricing: { kind: "payPerUse", price: 1n, computeShareBps: 5_001 } }),
        /compute share/
      );
      await expectInputError(createListing(owner, modelMint, paymentMint, { ...base, pricing: { kind: "oneTime", price: USDC, usageCap: 5n } }), /cap usage/);
      // Pay-per-use licenses cost nothing to mint: a cap on them could be used up for free.
      await expectInputError(createListing(owner, modelMint, paymentMint, { ...base, pricing: { kind: "payPerUse", price: 1n }, supplyCap: 1n }), /cannot cap supply/);
      await expectInputError(
        createListing(owner, modelMint, paymentMint, { ...base, pricing: { kind: "payPerUse", price: 1n, computeShareBps: 1_000 } }),
        /name its compute node/
      );
      await expectInputError(createListing(owner, modelMint, paymentMint, { ...base, computeNode: node }), /only a listing with a compute share/);
      await expectInputError(
        createListing(owner, modelMint, paymentMint, { ...base, pricing: { kind: "payPerUse", price: 1n }, refundWindowSecs: 60 }),
        /refund window/
      );
      await expectInputError(createListing(owner, modelMint, paymentMint, { ...base, refundWindowSecs: 8 * 24 * 3600 }), /platform's maximum/);
      await expectInputError(createListing(owner, modelMint, paymentMint, { ...base, resaleRoyaltyBps: 5_001 }), /resale royalty/);
      await expectInputError(createListing(owner, modelMint, paymentMint, { ...base, uri: "u".repeat(201) }), /URI must be 1-200 bytes/);
      const otherMint = await createMint(connection, mintAuthority, mintAuthority.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
      await expectInputError(createListing(owner, modelMint, otherMint, base), /no vault for mint .*\(createVault\)/);
    });

    it("creates, updates and closes listings, found by model with the fixed offsets", async () => {
      const created = await createListing(owner, modelMint, paymentMint, {
        listingId: 1_000n,
        pricing: { kind: "oneTime", price: 3n * USDC },
        supplyCap: 10n,
        uri: "https://licenses.hex.example/basic.json",
      });
      expect(created.listing.toBase58()).to.equal(listingPda(modelMint, 1_000n).toBase58());
      const listing = (await fetchListing(owner, modelMint, 1_000n))!;
      expect(listing.address.toBase58()).to.equal(created.listing.toBase58());
      expect(listing.modelMint.toBase58()).to.equal(modelMint.toBase58());
      expect(listing.paymentMint.toBase58()).to.equal(paymentMint.toBase58());
      expect(listing.paymentTokenProgram.toBase58()).to.equal(TOKEN_PROGRAM_ID.toBase58());
      expect(listing.pricing).to.deep.equal({ kind: "oneTime", price: 3n * USDC, periodSecs: 0n, usageCap: 0n, revenueShareBps: 0, computeShareBps: 0 });
      expect(listing.meterAuthority.toBase58()).to.equal(owner.wallet.toBase58());
      expect([listing.active, listing.closed, listing.sold, listing.supplyCap]).to.deep.equal([true, false, 0n, 10n]);

      const raw = (await connection.getAccountInfo(created.listing, "confirmed"))!.data;
      expect(new PublicKey(raw.subarray(LISTING_OFFSETS.modelMint, LISTING_OFFSETS.modelMint + 32)).toBase58()).to.equal(modelMint.toBase58());
      expect(raw.readBigUInt64LE(LISTING_OFFSETS.listingId)).to.equal(1_000n);
      expect(new PublicKey(raw.subarray(LISTING_OFFSETS.paymentMint, LISTING_OFFSETS.paymentMint + 32)).toBase58()).to.equal(paymentMint.toBase58());

      await updateListing(owner, created.listing, { price: 4n * USDC, active: false, uri: "https://licenses.hex.example/basic-v2.json" });
      const updated = (await fetchListing(owner, created.listing))!;
      expect([updated.pricing.price, updated.active, updated.uri]).to.deep.equal([4n * USDC, false, "https://licenses.hex.example/basic-v2.json"]);
      await expectAnchorError(buyLicense(alice, updated, 4n * USDC), "ListingInactive");
      // A wallet that does not hold the ownership NFT: with an empty token account of it, then without any.
      const aliceKeypair = (alice.provider.wallet as unknown as { payer: Keypair }).payer;
      await getOrCreateAssociatedTokenAccount(connection, aliceKeypair, modelMint, alice.wallet, false, "confirmed", undefined, TOKEN_2022_PROGRAM_ID);
      await expectAnchorError(updateListing(alice, updated, { active: true }), "NotModelOwner");
      await expectAnchorError(updateListing(bob, updated, { active: true }), "AccountNotInitialized");
      await expectInputError(updateListing(owner, updated, {}), /nothing to change/);
      await expectInputError(updateListing(owner, updated, { price: 0n }), /price must be positive/);

      await closeListing(owner, created.listing);
      expect((await fetchListing(owner, created.listing))!.closed).to.equal(true);
      await expectAnchorError(closeListing(owner, created.listing), "ListingClosed");

      const second = await createListing(owner, modelMint, paymentMint, { listingId: 999n, pricing: { kind: "oneTime", price: USDC }, uri: "https://l.example/2" });
      const byModel = await listingsByModel(stranger, modelMint);
      const ids = byModel.map((entry) => entry.listingId);
      expect(ids).to.include.members([999n, 1_000n]);
      expect(ids.indexOf(999n)).to.be.lessThan(ids.indexOf(1_000n), "sorted by id");
      expect(byModel.every((entry) => entry.modelMint.equals(modelMint))).to.equal(true);
      expect(byModel.find((entry) => entry.listingId === 1_000n)!.closed).to.equal(true);
      expect(byModel.find((entry) => entry.listingId === 999n)!.address.toBase58()).to.equal(second.listing.toBase58());
      expect(await listingsByModel(stranger, Keypair.generate().publicKey)).to.deep.equal([]);
    });
  });

  describe("one-time licenses with a refund window", () => {
    const price = 10n * USDC;
    let listing: PublicKey;

    before(async () => {
      ({ listing } = await createListing(owner, modelMint, paymentMint, {
        listingId: 1n,
        pricing: { kind: "oneTime", price },
        refundWindowSecs: 600,
        uri: "https://licenses.hex.example/one-time.json",
      }));
    });

    it("refunds a purchase inside the window: every unit and every lamport of rent back, the NFT burned", async () => {
      const accounts = parties(alice, bob);
      const before = await snapshot(accounts);
      const treasuryAccountBefore = await connection.getAccountInfo(ata(treasury), "confirmed");
      const prepared = await prepareBuyLicense(alice, listing, price);
      const size = transactionSize(prepared.instructions, alice.wallet, prepared.signers.map((signer) => signer.publicKey));
      const bare = transactionSize(prepared.instructions.slice(-1), alice.wallet, prepared.signers.map((signer) => signer.publicKey));
      console.log(`      buy_license: ${size} bytes as sent (${prepared.instructions.length} instructions, with the treasury account's idempotent creation), ${bare} alone`);
      expect(size).to.be.at.most(MAX_TRANSACTION_SIZE);
      const bought = await buyLicense(alice, listing, price);
      expect(bought.license.toBase58()).to.equal(licensePda(bought.mint).toBase58());
      if (!treasuryAccountBefore) expect(await connection.getAccountInfo(ata(treasury), "confirmed")).to.not.equal(null, "the SDK created the treasury's account");

      const held = await snapshot(accounts);
      expectMoves(before, held, { buyer: -price, escrow: price });
      const license = (await fetchLicense(alice, bought.license))!;
      expect(license.kind).to.equal("oneTime");
      expect(license.holder.toBase58()).to.equal(alice.wallet.toBase58());
      expect([license.pendingPayment, license.pendingFee, license.totalPaid, license.expiresAt]).to.deep.equal([price, feeOf(price), 0n, 0]);
      expect(license.refundableUntil - license.createdAt).to.equal(600);
      expect(await verifyLicense(stranger, bought.license, alice.wallet)).to.equal("valid");
      expect(await verifyLicense(stranger, { mint: bought.mint }, alice.wallet)).to.equal("valid");
      const nft = await getAccount(connection, licenseTokenAddress(alice.wallet, bought.mint), "confirmed", TOKEN_2022_PROGRAM_ID);
      expect([nft.amount, nft.isFrozen]).to.deep.equal([1n, true]);

      await expectAnchorError(settlePurchase(stranger, bought.license), "RefundWindowOpen");
      await expectInputError(refundLicense(bob, license), /does not hold license/);

      const rentAccounts = [bought.license, bought.mint, licenseTokenAddress(alice.wallet, bought.mint)];
      const rent = (await connection.getMultipleAccountsInfo(rentAccounts, "confirmed")).reduce((sum, info) => sum + info!.lamports, 0);
      const lamportsBefore = await connection.getBalance(alice.wallet, "confirmed");
      const modelBefore = (await fetchModel(alice, modelMint))!;
      const signature = await refundLicense(alice, bought.license);
      const fee = (await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 }))!.meta!.fee;
      expect(await connection.getBalance(alice.wallet, "confirmed")).to.equal(lamportsBefore + rent - fee, "rent of the license, its mint and token account returned");
      expect(await connection.getMultipleAccountsInfo(rentAccounts, "confirmed")).to.deep.equal([null, null, null]);
      expectMoves(before, await snapshot(accounts), {});
      expect(await fetchLicense(alice, bought.license)).to.equal(null);
      expect(await verifyLicense(stranger, bought.license, alice.wallet)).to.equal("missing");
      expect((await fetchListing(alice, listing))!.sold).to.equal(0n);
      expect((await fetchModel(alice, modelMint))!.licenseCount).to.equal(modelBefore.licenseCount - 1n);
    });

    it("settles a purchase once the window has passed: fee to the treasury, the rest to the vault", async () => {
      const accounts = parties(alice, bob);
      const before = await snapshot(accounts);
      const { license, signature: bought } = await buyLicense(alice, listing, price);
      await advanceClock(601);
      await expectAnchorError(refundLicense(alice, license), "RefundWindowClosed");
      await expectAnchorError(openDispute(alice, license), "RefundWindowClosed");
      const settledIn = await settlePurchase(stranger, license);
      // An indexer follows the money through the events: into escrow, then out.
      const purchase = (await fetchEvents(alice, bought)).find((event) => event.name === "licensePurchased")!;
      expect([purchase.data.inEscrow, String(purchase.data.price), String(purchase.data.platformFee)]).to.deep.equal([true, String(price), String(feeOf(price))]);
      const settlement = (await fetchEvents(alice, settledIn)).map((event) => event.name);
      expect(settlement).to.deep.equal(["licenseRevenueDeposited", "purchaseSettled"]);
      expectMoves(before, await snapshot(accounts), { buyer: -price, treasury: feeOf(price), vault: price - feeOf(price) });
      const settled = (await fetchLicense(alice, license))!;
      expect([settled.pendingPayment, settled.pendingFee, settled.totalPaid]).to.deep.equal([0n, 0n, price]);
      await expectAnchorError(settlePurchase(stranger, license), "NothingInEscrow");
      expect(await verifyLicense(stranger, license, alice.wallet)).to.equal("valid");
      expect(await verifyLicense(stranger, license, bob.wallet)).to.equal("notHolder");
    });

    it("lets the arbiter refund a disputed purchase: the license is revoked, burned and closed, its rent back to the buyer", async () => {
      const accounts = parties(bob, alice);
      const before = await snapshot(accounts);
      const { license, mint } = await buyLicense(bob, listing, price);
      await openDispute(bob, license);
      await expectAnchorError(settlePurchase(stranger, license), "DisputeOpen");
      await expectAnchorError(refundLicense(bob, license), "DisputeOpen");
      await expectAnchorError(resolveDispute(stranger, license, true), "NotArbiter");
      const rentAccounts = [license, mint, licenseTokenAddress(bob.wallet, mint)];
      const rent = (await connection.getMultipleAccountsInfo(rentAccounts, "confirmed")).reduce((sum, info) => sum + info!.lamports, 0);
      const lamportsBefore = await connection.getBalance(bob.wallet, "confirmed");
      await resolveDispute(arbiter, license, true);
      expect(await connection.getBalance(bob.wallet, "confirmed")).to.equal(lamportsBefore + rent, "the arbiter pays the fee, the buyer gets the rent");
      expect(await connection.getMultipleAccountsInfo(rentAccounts, "confirmed")).to.deep.equal([null, null, null]);
      expectMoves(before, await snapshot(accounts), {});
      expect(await verifyLicense(stranger, license, bob.wallet)).to.equal("missing");
      await expectInputError(reviewModel(bob, license, 1, "https://reviews.example/revoked"), /no license at/);
    });

    it("hands the buyer the refund once a dispute's deadline passes undecided, and not before", async () => {
      const deadline = 600 + 14 * 86_400;
      const accounts = parties(bob, alice);
      const before = await snapshot(accounts);
      const { license, mint } = await buyLicense(bob, listing, price);
      await openDispute(bob, license);
      await advanceClock(deadline - 60);
      await expectAnchorError(refundLicense(bob, license), "DisputeOpen");
      await advanceClock(60);
      await expectAnchorError(resolveDispute(arbiter, license, false), "DisputeDeadlinePassed");
      await expectAnchorError(settlePurchase(stranger, license), "DisputeOpen");
      await refundLicense(bob, license);
      expectMoves(before, await snapshot(accounts), {});
      expect(await connection.getMultipleAccountsInfo([license, mint, licenseTokenAddress(bob.wallet, mint)], "confirmed")).to.deep.equal([null, null, null]);
    });

    it("fails a purchase whose price changed under the buyer, and one past the supply cap", async () => {
      const { listing: capped } = await createListing(owner, modelMint, paymentMint, {
        listingId: 2n,
        pricing: { kind: "oneTime", price: USDC },
        supplyCap: 1n,
        uri: "https://licenses.hex.example/limited.json",
      });
      const seen = (await fetchListing(bob, capped))!;
      await updateListing(owner, capped, { price: 2n * USDC });
      const accounts = parties(bob, alice);
      const before = await snapshot(accounts);
      await expectAnchorError(buyLicense(bob, seen, USDC), "PriceMismatch");
      expectMoves(before, await snapshot(accounts), {});
      await buyLicense(alice, capped, 2n * USDC);
      await expectAnchorError(buyLicense(bob, capped, 2n * USDC), "SoldOut");
      await expectInputError(updateListing(owner, capped, { supplyCap: -1n }), /supply cap/);
      await expectAnchorError(updateListing(owner, capped, { supplyCap: 0n, refundWindowSecs: 8 * 24 * 3600 }), "InvalidRefundWindow");
      await closeListing(owner, capped);
      await expectAnchorError(buyLicense(bob, capped, 2n * USDC), "ListingClosed");
      await expectInputError(buyLicense(bob, capped, 0n), /expected price must be positive/);
      const poor = clientFor(await fundedKeypair());
      await expectInputError(buyLicense(poor, listing, price), /no token account/);
    });
  });

  describe("subscriptions", () => {
    const price = 5n * USDC;
    const period = 86_400;
    let listing: PublicKey;
    let license: PublicKey;

    before(async () => {
      ({ listing } = await createListing(owner, modelMint, paymentMint, {
        listingId: 10n,
        pricing: { kind: "subscription", price, periodSecs: period, usageCap: 3n },
        meterAuthority: meter.wallet,
        uri: "https://licenses.hex.example/subscription.json",
      }));
    });

    it("syncs the vault's split on the way when the model's contributors changed", async () => {
      const contributor = Keypair.generate().publicKey;
      await setContributors(owner, modelMint, [{ wallet: contributor, shareBps: 1_000 }]);
      const model = (await fetchModel(owner, modelMint))!;
      expect((await fetchVault(owner, modelMint, paymentMint))!.splitVersion).to.not.equal(model.splitVersion);
      const accounts = parties(alice, bob);
      const before = await snapshot(accounts);
      const prepared = await prepareBuyLicense(alice, listing, price);
      expect(prepared.instructions.map((instruction) => instruction.programId.toBase58())).to.include(alice.escrow.programId.toBase58());
      const size = transactionSize(prepared.instructions, alice.wallet, prepared.signers.map((signer) => signer.publicKey));
      console.log(`      buy_license with sync_split first: ${size} bytes (${prepared.instructions.length} instructions)`);
      expect(size).to.be.at.most(MAX_TRANSACTION_SIZE);
      ({ license } = await buyLicense(alice, listing, price));
      const vault = (await fetchVault(owner, modelMint, paymentMint))!;
      expect(vault.splitVersion).to.equal(model.splitVersion);
      expect(vault.recipients[1].wallet.toBase58()).to.equal(contributor.toBase58());
      expectMoves(before, await snapshot(accounts), { buyer: -price, treasury: feeOf(price), vault: price - feeOf(price) });
      const bought = (await fetchLicense(alice, license))!;
      expect(bought.expiresAt - bought.createdAt).to.equal(period);
      expect(await verifyLicense(stranger, license, alice.wallet)).to.equal("valid");
    });

    it("renews from the expiry while valid, meters usage up to the cap, and rejects replays and other meters", async () => {
      const accounts = parties(alice, bob);
      const before = await snapshot(accounts);
      const { expiresAt } = (await fetchLicense(alice, license))!;
      await expectAnchorError(renewLicense(alice, license, price - 1n), "PriceMismatch");
      await renewLicense(alice, license, price);
      expect((await fetchLicense(alice, license))!.expiresAt).to.equal(expiresAt + period);
      expectMoves(before, await snapshot(accounts), { buyer: -price, treasury: feeOf(price), vault: price - feeOf(price) });
      await expectAnchorError(renewLicense(bob, license, price), "NotLicenseHolder");

      await recordUsage(meter, license, { units: 2n, sequence: 1n });
      await expectAnchorError(recordUsage(meter, license, { units: 1n, sequence: 1n }), "UsageReplayed");
      await expectAnchorError(recordUsage(alice, license, { units: 1n, sequence: 2n }), "UnauthorizedMeter");
      await expectAnchorError(recordUsage(meter, license, { units: 2n, sequence: 2n }), "UsageCapExceeded");
      await recordUsage(meter, license, { units: 1n, sequence: 3n });
      const used = (await fetchLicense(alice, license))!;
      expect([used.usedInPeriod, used.totalUnits, used.lastUsageSequence]).to.deep.equal([3n, 3n, 3n]);
      expect(await verifyLicense(stranger, license, alice.wallet)).to.equal("exhausted");
      expect(await verifyLicense(stranger, license, alice.wallet, used.usagePeriodStart + period)).to.equal("valid", "a new usage period");
      expectMoves(before, await snapshot(accounts), { buyer: -price, treasury: feeOf(price), vault: price - feeOf(price) });
    });

    it("lapses past its expiry, then renews from now", async () => {
      const lapsed = (await fetchLicense(alice, license))!;
      expect(await verifyLicense(stranger, license, alice.wallet, lapsed.expiresAt)).to.equal("expired");
      const now = await advanceClock(2 * period + 1);
      expect(now).to.be.at.least(lapsed.expiresAt);
      expect(await verifyLicense(stranger, license, alice.wallet)).to.equal("expired");
      await expectAnchorError(recordUsage(meter, license, { units: 1n, sequence: 4n }), "LicenseExpired");
      const accounts = parties(alice, bob);
      const before = await snapshot(accounts);
      await renewLicense(alice, license, price);
      const renewed = (await fetchLicense(alice, license))!;
      expect(renewed.expiresAt).to.be.at.least(now + period);
      expect(renewed.expiresAt).to.be.at.most(now + period + 120);
      expect(renewed.totalPaid).to.equal(3n * price);
      expect(await verifyLicense(stranger, license, alice.wallet)).to.equal("valid");
      expectMoves(before, await snapshot(accounts), { buyer: -price, treasury: feeOf(price), vault: price - feeOf(price) });
    });
  });

  describe("pay-per-use", () => {
    const unitPrice = 12_345n;
    let listing: PublicKey;
    let license: PublicKey;

    before(async () => {
      ({ listing } = await createListing(owner, modelMint, paymentMint, {
        listingId: 20n,
        pricing: { kind: "payPerUse", price: unitPrice, computeShareBps: 1_000 },
        meterAuthority: meter.wallet,
        computeNode: node,
        uri: "https://licenses.hex.example/ppu.json",
      }));
    });

    it("pays usage out of prepaid credits: fee, compute share to the node, the rest to the vault; unused credits come back", async () => {
      const accounts = parties(bob, alice);
      const before = await snapshot(accounts);
      const modelBefore = (await fetchModel(bob, modelMint))!;
      ({ license } = await buyLicense(bob, listing, unitPrice));
      expectMoves(before, await snapshot(accounts), {});
      expect(await verifyLicense(stranger, license, bob.wallet)).to.equal("exhausted", "no credits yet");
      // Free to mint: not a sale, no cap, no review until it pays the model.
      expect((await fetchListing(bob, listing))!.sold).to.equal(0n);
      expect((await fetchModel(bob, modelMint))!.licenseCount).to.equal(modelBefore.licenseCount);
      await expectInputError(updateListing(owner, listing, { supplyCap: 1n }), /cannot cap supply/);
      await expectAnchorError(reviewModel(bob, license, 5, "https://reviews.example/free"), "UnpaidLicense");

      await expectInputError(depositCredits(bob, license, 0n), /amount must be positive/);
      await expectInputError(depositCredits(bob, license, -5n), /amount must be positive/);
      await depositCredits(bob, license, USDC);
      expectMoves(before, await snapshot(accounts), { buyer: -USDC, escrow: USDC });
      expect(await verifyLicense(stranger, license, bob.wallet)).to.equal("valid");

      await expectInputError(recordUsage(meter, license, { units: 0n, sequence: 1n, node }), /units must be positive/);
      // The owner points the listing at its own meter and node: the license keeps those it was sold with.
      await updateListing(owner, listing, { meterAuthority: owner.wallet, computeNode: owner.wallet });
      const sold = (await fetchLicense(bob, license))!;
      expect([sold.meterAuthority.toBase58(), sold.computeNode.toBase58()]).to.deep.equal([meter.wallet.toBase58(), node.toBase58()]);
      await expectAnchorError(recordUsage(owner, license, { units: 7n, sequence: 1n }), "UnauthorizedMeter");
      await expectAnchorError(recordUsage(meter, license, { units: 7n, sequence: 1n, node: owner.wallet }), "WrongComputeNode");
      expectMoves(before, await snapshot(accounts), { buyer: -USDC, escrow: USDC });
      // Without a node named, the SDK pays the license's.
      const prepared = await prepareRecordUsage(meter, license, { units: 7n, sequence: 1n });
      const size = transactionSize(prepared.instructions, meter.wallet);
      const bare = transactionSize(prepared.instructions.slice(-1), meter.wallet);
      console.log(`      record_usage: ${size} bytes as sent (${prepared.instructions.length} instructions, with the treasury's and node's account creation), ${bare} alone`);
      expect(size).to.be.at.most(MAX_TRANSACTION_SIZE);
      await recordUsage(meter, license, { units: 7n, sequence: 1n });
      const cost = 7n * unitPrice;
      const fee = feeOf(cost);
      const compute = (cost * 1_000n) / 10_000n;
      expect([cost, fee, compute]).to.deep.equal([86_415n, 17_283n, 8_641n]);
      expectMoves(before, await snapshot(accounts), { buyer: -USDC, escrow: USDC - cost, treasury: fee, node: compute, vault: cost - fee - compute });
      await reviewModel(bob, license, 5, "https://reviews.example/paid-usage");
      const sizeWarm = transactionSize((await prepareRecordUsage(meter, license, { units: 1n, sequence: 2n, node })).instructions, meter.wallet);
      console.log(`      record_usage: ${sizeWarm} bytes once the node's account exists`);

      await expectAnchorError(recordUsage(meter, license, { units: 1n, sequence: 1n, node }), "UsageReplayed");
      await expectAnchorError(recordUsage(stranger, license, { units: 1n, sequence: 2n, node }), "UnauthorizedMeter");
      await expectAnchorError(withdrawCredits(alice, license, 1n), "NotLicenseHolder");
      await expectAnchorError(withdrawCredits(bob, license, USDC), "InsufficientCredits");

      const credits = (await fetchLicense(bob, license))!.credits;
      expect(credits).to.equal(USDC - cost);
      await withdrawCredits(bob, license);
      expectMoves(before, await snapshot(accounts), { buyer: -cost, treasury: fee, node: compute, vault: cost - fee - compute });
      const drained = (await fetchLicense(bob, license))!;
      expect([drained.credits, drained.totalUnits, drained.totalPaid]).to.deep.equal([0n, 7n, cost]);
      expect(await verifyLicense(stranger, license, bob.wallet)).to.equal("exhausted");
      await expectInputError(withdrawCredits(bob, license), /no credits/);
      await expectAnchorError(recordUsage(meter, license, { units: 1n, sequence: 2n, node }), "InsufficientCredits");
    });
  });

  describe("revenue share", () => {
    const minimum = 2n * USDC;
    const period = 30 * 86_400;
    let listing: PublicKey;

    before(async () => {
      ({ listing } = await createListing(owner, modelMint, paymentMint, {
        listingId: 30n,
        pricing: { kind: "revenueShare", price: minimum, periodSecs: period, revenueShareBps: 500 },
        uri: "https://licenses.hex.example/revenue-share.json",
      }));
    });

    it("charges the minimum upfront, then the larger of the share and the minimum per report", async () => {
      const accounts = parties(alice, bob);
      const before = await snapshot(accounts);
      const { license } = await buyLicense(alice, listing, minimum);
      const bought = (await fetchLicense(alice, license))!;
      expect(bought.expiresAt - bought.createdAt).to.equal(period);
      expectMoves(before, await snapshot(accounts), { buyer: -minimum, treasury: feeOf(minimum), vault: minimum - feeOf(minimum) });

      await expectInputError(reportRevenue(alice, license, -1n), /revenue must be zero or more/);
      await expectAnchorError(reportRevenue(bob, license, 10n * USDC), "NotLicenseHolder");
      const below = await snapshot(accounts);
      await reportRevenue(alice, license, 10n * USDC); // 5% = 0.5 USDC < 2 USDC minimum
      expectMoves(below, await snapshot(accounts), { buyer: -minimum, treasury: feeOf(minimum), vault: minimum - feeOf(minimum) });
      const above = await snapshot(accounts);
      await reportRevenue(alice, license, 100n * USDC); // 5% = 5 USDC
      const share = 5n * USDC;
      expectMoves(above, await snapshot(accounts), { buyer: -share, treasury: feeOf(share), vault: share - feeOf(share) });

      const paid = minimum * 2n + share;
      expectMoves(before, await snapshot(accounts), { buyer: -paid, treasury: feeOf(minimum) * 2n + feeOf(share), vault: paid - feeOf(minimum) * 2n - feeOf(share) });
      const reported = (await fetchLicense(alice, license))!;
      expect([reported.revenueReported, reported.totalPaid]).to.deep.equal([110n * USDC, paid]);
      expect(reported.expiresAt).to.equal(bought.expiresAt + 2 * period);
      expect(await verifyLicense(stranger, license, alice.wallet)).to.equal("valid");
      await expectInputError(renewLicense(alice, license, minimum), /only subscriptions renew/);
    });
  });

  describe("resale", () => {
    const price = 4n * USDC;
    const resalePrice = 7n * USDC;
    let listing: PublicKey;
    let personal: PublicKey;

    before(async () => {
      ({ listing: personal } = await createListing(owner, modelMint, paymentMint, {
        listingId: 41n,
        pricing: { kind: "oneTime", price: USDC },
        uri: "https://licenses.hex.example/personal.json",
      }));
      ({ listing } = await createListing(owner, modelMint, paymentMint, {
        listingId: 40n,
        pricing: { kind: "oneTime", price },
        transferable: true,
        resaleRoyaltyBps: 1_000,
        uri: "https://licenses.hex.example/transferable.json",
      }));
    });

    it("resells a transferable license: resale fee, the model's royalty, the seller's proceeds", async () => {
      const { license, mint } = await buyLicense(alice, listing, price);
      const { license: untransferable } = await buyLicense(alice, personal, USDC);
      await expectAnchorError(listLicenseForResale(alice, untransferable, resalePrice), "NotTransferable");
      await expectInputError(listLicenseForResale(bob, license, resalePrice), /does not hold license/);
      await expectAnchorError(buyResoldLicense(bob, license, resalePrice), "NotForResale");
      await expectInputError(listLicenseForResale(alice, license, -1n), /price must be zero or more/);

      await listLicenseForResale(alice, license, resalePrice);
      expect((await fetchLicense(alice, license))!.resalePrice).to.equal(resalePrice);
      await listLicenseForResale(alice, license, 0n);
      expect((await fetchLicense(alice, license))!.resalePrice).to.equal(0n);
      await listLicenseForResale(alice, license, resalePrice);

      await expectAnchorError(buyResoldLicense(bob, license, resalePrice - 1n), "PriceMismatch");
      const accounts = parties(bob, alice);
      const before = await snapshot(accounts);
      const prepared = await prepareBuyResoldLicense(bob, license, resalePrice);
      const size = transactionSize(prepared.instructions, bob.wallet);
      const bare = transactionSize(prepared.instructions.slice(-1), bob.wallet);
      console.log(`      buy_resold_license: ${size} bytes as sent (${prepared.instructions.length} instructions), ${bare} alone`);
      expect(size).to.be.at.most(MAX_TRANSACTION_SIZE);
      await buyResoldLicense(bob, license, resalePrice);
      const fee = (resalePrice * 250n) / 10_000n;
      const royalty = (resalePrice * 1_000n) / 10_000n;
      expect([fee, royalty]).to.deep.equal([175_000n, 700_000n]);
      expectMoves(before, await snapshot(accounts), { buyer: -resalePrice, seller: resalePrice - fee - royalty, treasury: fee, vault: royalty });

      const resold = (await fetchLicense(bob, license))!;
      expect([resold.holder.toBase58(), resold.resalePrice]).to.deep.equal([bob.wallet.toBase58(), 0n]);
      const bobNft = await getAccount(connection, licenseTokenAddress(bob.wallet, mint), "confirmed", TOKEN_2022_PROGRAM_ID);
      expect([bobNft.amount, bobNft.isFrozen]).to.deep.equal([1n, true]);
      expect(await connection.getAccountInfo(licenseTokenAddress(alice.wallet, mint), "confirmed")).to.equal(null, "the seller's emptied NFT account is closed, its rent back to the seller");
      expect(await verifyLicense(stranger, license, bob.wallet)).to.equal("valid");
      expect(await verifyLicense(stranger, license, alice.wallet)).to.equal("notHolder");

      const bobs = await licensesByHolder(stranger, bob.wallet);
      expect(bobs.map((entry) => entry.address.toBase58())).to.include(license.toBase58());
      expect(bobs.every((entry) => entry.holder.equals(bob.wallet))).to.equal(true);
      const alices = await licensesByHolder(stranger, alice.wallet);
      expect(alices.map((entry) => entry.address.toBase58())).to.not.include(license.toBase58());
      expect(alices.map((entry) => entry.address.toBase58())).to.include(untransferable.toBase58());
      const raw = (await connection.getAccountInfo(license, "confirmed"))!.data;
      const at = (offset: number) => new PublicKey(raw.subarray(offset, offset + 32)).toBase58();
      expect([at(LICENSE_OFFSETS.mint), at(LICENSE_OFFSETS.listing), at(LICENSE_OFFSETS.modelMint), at(LICENSE_OFFSETS.holder)]).to.deep.equal(
        [mint, listing, modelMint, bob.wallet].map((key) => key.toBase58())
      );
    });
  });

  describe("License layout", () => {
    it("finds every License field the SDK reads at the offset the market's IDL publishes", async () => {
      const { listing } = await createListing(owner, modelMint, paymentMint, {
        listingId: 60n,
        pricing: { kind: "subscription", price: USDC, periodSecs: 3_600 },
        refundWindowSecs: 300,
        derivativeRights: true,
        transferable: true,
        meterAuthority: meter.wallet,
        uri: "https://licenses.hex.example/derivative.json",
      });
      const { license, mint } = await buyLicense(alice, listing, USDC);
      const account = (await fetchLicense(alice, license))!;
      const raw = async () => (await connection.getAccountInfo(license, "confirmed"))!.data;
      const data = await raw();
      expect([...data.subarray(0, 8)]).to.deep.equal(alice.market.idl.accounts!.find((entry) => entry.name === "license")!.discriminator);
      const key = (offset: number) => keyAt(data, offset);
      expect([key(LICENSE_OFFSETS.mint), key(LICENSE_OFFSETS.listing), key(LICENSE_OFFSETS.modelMint), key(LICENSE_OFFSETS.holder)]).to.deep.equal(
        [mint, listing, modelMint, alice.wallet].map((entry) => entry.toBase58())
      );
      expect(data[LICENSE_OFFSETS.kind]).to.equal(1, "PricingKind::Subscription");
      expect(data[LICENSE_OFFSETS.status]).to.equal(0, "LicenseStatus::Active");
      expect([data[LICENSE_OFFSETS.transferable], data[LICENSE_OFFSETS.derivativeRights]]).to.deep.equal([1, 1]);
      expect(data.readBigUInt64LE(LICENSE_OFFSETS.serial)).to.equal(account.serial);
      expect(Number(data.readBigInt64LE(LICENSE_OFFSETS.createdAt))).to.equal(account.createdAt);
      expect(Number(data.readBigInt64LE(LICENSE_OFFSETS.expiresAt))).to.equal(account.expiresAt);
      expect(account.expiresAt).to.be.greaterThan(0);
      expect([data.readBigUInt64LE(LICENSE_OFFSETS.totalPaid), data.readBigUInt64LE(LICENSE_OFFSETS.pendingPayment)]).to.deep.equal([0n, USDC]);
      await openDispute(alice, license);
      await resolveDispute(arbiter, license, false);
      const settled = await raw();
      expect([settled.readBigUInt64LE(LICENSE_OFFSETS.totalPaid), settled.readBigUInt64LE(LICENSE_OFFSETS.pendingPayment)]).to.deep.equal([USDC, 0n]);
    });
  });

  describe("split sync", () => {
    it("sends a sync_split paying many replaced contributors ahead of a purchase it no longer fits beside", async () => {
      const { mint: model } = await registerModel(owner, {
        name: "Crowded Model",
        symbol: "HEXC",
        uri: "https://models.hex.example/crowded.json",
        contentHash: createHash("sha256").update("crowded model weights").digest(),
        openSource: false,
        forkRoyaltyBps: 0,
        creatorResaleRoyaltyBps: 500,
      });
      await createVault(owner, { modelMint: model, paymentMint, tokenProgram: TOKEN_PROGRAM_ID });
      const first = [0, 1, 2, 3, 4].map(() => Keypair.generate());
      await setContributors(owner, model, first.map((keypair) => ({ wallet: keypair.publicKey, shareBps: 500 })));
      const { listing } = await createListing(owner, model, paymentMint, { pricing: { kind: "oneTime", price: USDC }, uri: "https://licenses.hex.example/crowded.json" });
      await buyLicense(alice, listing, USDC);
      const earned = ((USDC - feeOf(USDC)) * 500n) / 10_000n;
      await setContributors(owner, model, [0, 1, 2, 3, 4].map(() => ({ wallet: Keypair.generate().publicKey, shareBps: 500 })), first);

      const prepared = await prepareBuyLicense(bob, listing, USDC);
      const size = transactionSize(prepared.instructions, bob.wallet, prepared.signers.map((signer) => signer.publicKey));
      expect(size).to.be.greaterThan(MAX_TRANSACTION_SIZE, "five payouts do not fit beside buy_license");
      expect(prepared.setupCount).to.equal(7, "treasury account, five payout accounts, sync_split");
      const { license } = await buyLicense(bob, listing, USDC);
      expect((await fetchLicense(bob, license))!.holder.toBase58()).to.equal(bob.wallet.toBase58());
      for (const keypair of first) expect((await getAccount(connection, ata(keypair.publicKey), "confirmed")).amount).to.equal(earned);
      const vault = (await fetchVault(owner, model, paymentMint))!;
      expect(vault.splitVersion).to.equal((await fetchModel(owner, model))!.splitVersion);
      const vaultBalance = (await getAccount(connection, vaultTokensPda(vaultPda(model, paymentMint)), "confirmed")).amount;
      expect(vaultBalance).to.equal(2n * (USDC - feeOf(USDC)) - 5n * earned);
    });
  });

  describe("reviews", () => {
    it("takes one review per license from its holder, and counts the rating on the model", async () => {
      const { listing } = await createListing(owner, modelMint, paymentMint, {
        listingId: 50n,
        pricing: { kind: "oneTime", price: USDC },
        uri: "https://licenses.hex.example/reviewer.json",
      });
      const bought = await buyLicense(alice, listing, USDC);
      const license = (await fetchLicense(alice, bought.license))!;
      await expectInputError(reviewModel(alice, license, 0, "https://reviews.example/a"), /rating must be a whole number from 1 to 5/);
      await expectInputError(reviewModel(alice, license, 6, "https://reviews.example/a"), /rating/);
      await expectInputError(reviewModel(alice, license, 4.5, "https://reviews.example/a"), /rating/);
      await expectInputError(reviewModel(alice, license, 4, ""), /URI/);
      await expectAnchorError(reviewModel(stranger, license, 5, "https://reviews.example/no-license"), "NotLicenseHolder");

      const before = (await fetchModel(alice, modelMint))!;
      await reviewModel(alice, license, 4, "https://reviews.example/alice");
      const review = (await fetchReview(stranger, license.address))!;
      expect(review.address.toBase58()).to.equal(reviewPda(license.address).toBase58());
      expect([review.rating, review.uri, review.reviewer.toBase58(), review.modelMint.toBase58()]).to.deep.equal([
        4,
        "https://reviews.example/alice",
        alice.wallet.toBase58(),
        modelMint.toBase58(),
      ]);
      const raw = (await connection.getAccountInfo(review.address, "confirmed"))!.data;
      const read = Object.fromEntries(Object.entries(REVIEW_OFFSETS).map(([field, offset]) => [field, keyAt(raw, offset)]));
      expect(read).to.deep.equal({ license: license.address.toBase58(), modelMint: modelMint.toBase58(), reviewer: alice.wallet.toBase58() });
      const after = (await fetchModel(alice, modelMint))!;
      expect([after.ratingSum - before.ratingSum, after.ratingCount - before.ratingCount]).to.deep.equal([4n, 1n]);
      await expectAnchorError(reviewModel(alice, license, 5, "https://reviews.example/again"), "AlreadyReviewed");
      expect(await fetchReview(stranger, Keypair.generate().publicKey)).to.equal(null);
    });
  });
});
