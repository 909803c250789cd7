// A license's life after purchase, through the SDK: closing licenses and
// listings (rent back), free licenses, trials, volume tiers, tier changes,
// pro-rated refunds, derivative approval, API revenue, terms enforced by a
// gateway, takedowns, and model profiles found by category and tag. Every
// party's balance to the base unit, expected values computed from the rules.
import { createMint, getOrCreateAssociatedTokenAccount, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Keypair, PublicKey, VersionedTransactionResponse } from "@solana/web3.js";
import { expect } from "chai";
import { createHash } from "crypto";
import {
  approveDerivative,
  approveDerivativeInstruction,
  attestModel,
  attestModelInstruction,
  buyLicense,
  buyLicenseWithTrial,
  changeTier,
  claimTrialInstruction,
  changeTierInstruction,
  claimTrial,
  closeLicense,
  closeLicenseInstruction,
  closeListing,
  createAccessProof,
  createListing,
  CreateListingParams,
  createListingInstruction,
  createVault,
  creatorSalesPda,
  depositApiRevenue,
  depositCredits,
  escrowTokensPda,
  fetchEvents,
  fetchLicense,
  fetchListing,
  fetchModelProfile,
  findModelsByCategory,
  findModelsByTag,
  fundTrials,
  HexClient,
  keypairSigner,
  LicenseTermsParams,
  listingPda,
  MarketInputError,
  modelProfilePda,
  NonceRegistry,
  paymentTokenAddress,
  PayoutKey,
  reclaimListing,
  reclaimListingInstruction,
  recordUsage,
  refundLicense,
  registerModel,
  RenewedAheadError,
  sendInstructions,
  setModelProfile,
  setModelProfileInstruction,
  setModelTakenDown,
  STANDARD_TERMS,
  updatePlatformConfig,
  vaultPda,
  vaultTokensPda,
  verifyAccessProof,
  verifyLicenseAnswer,
  withdrawCredits,
  withdrawTrialBudget,
} from "../sdk";
import { advanceClock as moveClock } from "../scripts/localnet-clock";
import { chainUrl, clientFor, connection, expectAnchorError, expectLedgerMoves, fundedKeypair, sharedPlatform, tokenLedger } from "./helpers";

const USDC = 1_000_000n;
const DAY = 86_400;
const MONTH = 30 * DAY;
/** The platform's license fee (20%) while the creator's lifetime sales stay under the first tier. */
const feeOf = (amount: bigint) => (amount * 2_000n) / 10_000n;
const NON_COMMERCIAL: LicenseTermsParams = { ...STANDARD_TERMS, commercialUse: false };
const advanceClock = (seconds: number) => moveClock(chainUrl(), seconds);

const PARTIES = ["alice", "bob", "owner", "treasury", "vault", "escrow"] as const;
type Party = (typeof PARTIES)[number];
type Ledger = Record<Party, bigint>;

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

/** Lamports put into accounts the transaction created (what bench's "rent paid" counts). */
async function transaction(signature: string): Promise<VersionedTransactionResponse> {
  const response = await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
  if (!response?.meta) throw new Error(`transaction ${signature} not found`);
  return response;
}

function rentMoved(response: VersionedTransactionResponse): { paid: bigint; recovered: bigint } {
  const { preBalances, postBalances } = response.meta!;
  let paid = 0n;
  let recovered = 0n;
  preBalances.forEach((before, index) => {
    const after = postBalances[index];
    if (index > 0 && before === 0 && after > 0) paid += BigInt(after);
    if (index > 0 && before > 0 && after === 0) recovered += BigInt(before);
  });
  return { paid, recovered };
}

async function eventOf(client: HexClient, signature: string, name: string): Promise<Record<string, any>> {
  const event = (await fetchEvents(client, signature)).find((entry) => entry.name === name);
  if (!event) throw new Error(`no ${name} event in ${signature}`);
  return event.data;
}

const big = (value: { toString(): string }) => BigInt(value.toString());

describe("licensing: a license's life after purchase", () => {
  let authority: HexClient;
  let treasury: PublicKey;
  let owner: HexClient;
  let alice: HexClient;
  let bob: HexClient;
  let modelMint: PublicKey;
  let paymentMint: PublicKey;
  let mintAuthority: Keypair;

  const ata = (wallet: PublicKey) => paymentTokenAddress(wallet, paymentMint, TOKEN_PROGRAM_ID);
  const accountsOf = (): Record<Party, PublicKey> => ({
    alice: ata(alice.wallet),
    bob: ata(bob.wallet),
    owner: ata(owner.wallet),
    treasury: ata(treasury),
    vault: vaultTokensPda(vaultPda(modelMint, paymentMint)),
    escrow: escrowTokensPda(paymentMint),
  });

  const snapshot = (): Promise<Ledger> => tokenLedger(accountsOf());
  /** Every party moved exactly as stated, the others not at all. */
  const expectMoves = (before: Ledger, after: Ledger, moves: Partial<Ledger>) => expectLedgerMoves(before, after, moves);

  async function fund(client: HexClient, amount: bigint) {
    const payer = (client.provider.wallet as unknown as { payer: Keypair }).payer;
    const account = await getOrCreateAssociatedTokenAccount(connection, payer, paymentMint, client.wallet, false, "confirmed");
    await mintTo(connection, mintAuthority, paymentMint, account.address, mintAuthority, amount, [], { commitment: "confirmed" });
  }

  const list = (params: Omit<CreateListingParams, "uri">) => createListing(owner, modelMint, paymentMint, { uri: "https://licenses.hex.example/l.json", ...params });
  const payoutKey = (): PayoutKey => ({ modelMint, familyRoot: modelMint, creator: owner.wallet, paymentMint, paymentTokenProgram: TOKEN_PROGRAM_ID, treasury });

  const modelParams = (name: string) => ({
    name,
    symbol: "HEXL",
    uri: "https://models.hex.example/licensing.json",
    contentHash: createHash("sha256").update(name).digest(),
    openSource: false,
    forkRoyaltyBps: 1_000,
    creatorResaleRoyaltyBps: 500,
  });

  before(async () => {
    ({ authority, treasury } = await sharedPlatform());
    [owner, alice, bob] = await Promise.all([0, 1, 2].map(async () => clientFor(await fundedKeypair())));
    modelMint = (await registerModel(owner, modelParams("Licensing Model"))).mint;
    mintAuthority = await fundedKeypair();
    paymentMint = await createMint(connection, mintAuthority, mintAuthority.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
    await createVault(owner, { modelMint, paymentMint, tokenProgram: TOKEN_PROGRAM_ID });
    await Promise.all([fund(alice, 100n * USDC), fund(bob, 100n * USDC), fund(owner, 10n * USDC)]);
    await getOrCreateAssociatedTokenAccount(connection, mintAuthority, paymentMint, treasury, true, "confirmed");
  });

  describe("closing licenses and listings", () => {
    it("closes a license: the rent its purchase paid comes back to the lamport, and the listing's rent once it is closed", async () => {
      const price = 2n * USDC;
      const { listing } = await list({ pricing: { kind: "oneTime", price } });
      const before = await snapshot();
      const bought = await buyLicense(alice, listing, price);
      expectMoves(before, await snapshot(), { alice: -price, treasury: feeOf(price), vault: price - feeOf(price) });
      expect((await fetchListing(owner, listing))!.openLicenses).to.equal(1n);
      const rentPaid = rentMoved(await transaction(bought.signature)).paid;

      await closeListing(owner, listing);
      await expectInputError(reclaimListing(owner, listing), /1 license\(s\) of the listing still exist/);
      await expectAnchorError(
        sendInstructions(owner, [await reclaimListingInstruction(owner, { owner: owner.wallet, modelMint, listing })]),
        "ListingInUse"
      );

      const lamportsBefore = BigInt(await connection.getBalance(alice.wallet, "confirmed"));
      const closed = await closeLicense(alice, bought.license);
      const closing = await transaction(closed.signature);
      const lamportsAfter = BigInt(await connection.getBalance(alice.wallet, "confirmed"));
      expect(closed.rentReturned).to.equal(rentPaid);
      expect(rentMoved(closing).recovered).to.equal(rentPaid);
      expect(lamportsAfter - lamportsBefore).to.equal(rentPaid - BigInt(closing.meta!.fee));
      expect(big((await eventOf(alice, closed.signature, "licenseClosed")).rentReturned)).to.equal(rentPaid);
      expect(await fetchLicense(alice, bought.license)).to.equal(null);

      const listingRent = BigInt((await connection.getAccountInfo(listing, "confirmed"))!.lamports);
      const ownerBefore = BigInt(await connection.getBalance(owner.wallet, "confirmed"));
      const reclaimed = await reclaimListing(owner, listing);
      const fee = BigInt((await transaction(reclaimed.signature)).meta!.fee);
      expect(reclaimed.rentReturned).to.equal(listingRent);
      expect(BigInt(await connection.getBalance(owner.wallet, "confirmed")) - ownerBefore).to.equal(listingRent - fee);
      expect(await connection.getAccountInfo(listing, "confirmed")).to.equal(null);
    });

    it("refuses to close a license holding credits", async () => {
      const { listing } = await list({ pricing: { kind: "payPerUse", price: 1_000n } });
      const bought = await buyLicense(alice, listing, 1_000n);
      await depositCredits(alice, bought.license, 5_000n);
      await expectInputError(closeLicense(alice, bought.license), /withdraw them first/);
      const license = (await fetchLicense(alice, bought.license))!;
      const instruction = await closeLicenseInstruction(alice, { holder: alice.wallet, license: { address: license.address, mint: license.mint }, listing });
      await expectAnchorError(sendInstructions(alice, [instruction]), "LicenseHoldsFunds");
      await withdrawCredits(alice, bought.license);
      await closeLicense(alice, bought.license);
    });
  });

  describe("free licenses", () => {
    it("costs nothing: one-time at price 0 under non-commercial terms without derivatives", async () => {
      const { listing } = await list({ pricing: { kind: "oneTime", price: 0n }, terms: NON_COMMERCIAL });
      const before = await snapshot();
      const bought = await buyLicense(bob, listing, 0n);
      expectMoves(before, await snapshot(), {});
      const license = (await fetchLicense(bob, bought.license))!;
      expect([license.totalPaid, license.terms.commercialUse]).to.deep.equal([0n, false]);
      expect((await verifyLicenseAnswer(bob, license, bob.wallet))!.validity).to.equal("valid");
      await closeLicense(bob, bought.license);
    });

    it("refuses a free listing under commercial terms", async () => {
      await expectInputError(list({ pricing: { kind: "oneTime", price: 0n } }), /price must be positive, unless the license is free/);
      const listingId = 9_001n;
      const instruction = await createListingInstruction(owner, {
        owner: owner.wallet,
        modelMint,
        creator: owner.wallet,
        paymentMint,
        paymentTokenProgram: TOKEN_PROGRAM_ID,
        listing: listingPda(modelMint, listingId),
        listingId,
        pricing: { kind: "oneTime", price: 0n },
        meterAuthority: owner.wallet,
        uri: "https://licenses.hex.example/free.json",
      });
      await expectAnchorError(sendInstructions(owner, [instruction]), "ZeroPrice");
    });
  });

  describe("trials and volume tiers", () => {
    const unitPrice = 1_000n;
    const tiers = [
      { fromUnits: 100n, unitPrice: 800n },
      { fromUnits: 1_000n, unitPrice: 500n },
    ];

    it("funds trials, buys with the trial in one transaction, once per wallet, and takes the budget back", async () => {
      const { listing } = await list({ pricing: { kind: "payPerUse", price: unitPrice, volumeTiers: tiers }, trialUnits: 50n });
      const trial = 50n * unitPrice;
      let before = await snapshot();
      await fundTrials(owner, listing, 2n * trial + 20_000n);
      expectMoves(before, await snapshot(), { owner: -(2n * trial + 20_000n), escrow: 2n * trial + 20_000n });

      before = await snapshot();
      const bought = await buyLicenseWithTrial(alice, listing, unitPrice);
      expectMoves(before, await snapshot(), {});
      expect(bought.trialCredits).to.equal(trial);
      expect((await fetchLicense(alice, bought.license))!.trialCredits).to.equal(trial);
      expect((await fetchListing(owner, listing))!.trialBudget).to.equal(trial + 20_000n);

      // A second license of the same wallet gets no second trial.
      const again = await buyLicenseWithTrial(alice, listing, unitPrice);
      expect(again.trialCredits).to.equal(0n);
      await expectInputError(claimTrial(alice, again.license), /already took this listing's trial/);
      const refused = sendInstructions(alice, [await claimTrialInstruction(alice, { holder: alice.wallet, listing, license: again.license })]);
      await refused.then(
        () => expect.fail("a second trial claim went through"),
        // The TrialClaim record exists: the System Program refuses to create it again.
        (error: Error) => expect(((error as { logs?: string[] }).logs ?? []).join("\n")).to.match(/Instruction: ClaimTrial\n.*11111111111111111111111111111111 invoke \[2\]\n.*11111111111111111111111111111111 failed/)
      );
      expect((await fetchLicense(alice, again.license))!.trialCredits).to.equal(0n);

      // Usage spends trial credits first: fee to the treasury, the rest to the vault, out of escrow.
      before = await snapshot();
      await recordUsage(owner, bought.license, { units: 30n, sequence: 1n });
      const used = 30n * unitPrice;
      expectMoves(before, await snapshot(), { treasury: feeOf(used), vault: used - feeOf(used), escrow: -used });

      // Closing gives the unused trial credits back to the budget.
      const closed = await closeLicense(alice, bought.license);
      expect(closed.trialCreditsReturned).to.equal(trial - used);
      const budget = (await fetchListing(owner, listing))!.trialBudget;
      expect(budget).to.equal(trial + 20_000n + trial - used);

      before = await snapshot();
      await withdrawTrialBudget(owner, listing);
      expectMoves(before, await snapshot(), { owner: budget, escrow: -budget });
      expect((await fetchListing(owner, listing))!.trialBudget).to.equal(0n);
      // Bob would get a trial, but the budget is empty: he buys without one.
      expect((await buyLicenseWithTrial(bob, listing, unitPrice)).trialCredits).to.equal(0n);
    });

    it("prices usage by volume tier: each unit at the price of its tier", async () => {
      const { listing } = await list({ pricing: { kind: "payPerUse", price: unitPrice, volumeTiers: tiers } });
      const bought = await buyLicense(bob, listing, unitPrice);
      await depositCredits(bob, bought.license, 2n * USDC);
      let before = await snapshot();
      await recordUsage(owner, bought.license, { units: 150n, sequence: 1n });
      const first = 100n * unitPrice + 50n * 800n;
      expectMoves(before, await snapshot(), { treasury: feeOf(first), vault: first - feeOf(first), escrow: -first });
      before = await snapshot();
      await recordUsage(owner, bought.license, { units: 900n, sequence: 2n });
      const second = 850n * 800n + 50n * 500n;
      expectMoves(before, await snapshot(), { treasury: feeOf(second), vault: second - feeOf(second), escrow: -second });
      expect((await fetchLicense(bob, bought.license))!.credits).to.equal(2n * USDC - first - second);
    });
  });

  describe("subscriptions: tier changes and pro-rated refunds", () => {
    const basicPrice = 1n * USDC;
    const proPrice = 3n * USDC;

    it("upgrades paying the difference, downgrades lengthening the period, and refuses a license renewed ahead", async () => {
      const basic = (await list({ pricing: { kind: "subscription", price: basicPrice, periodSecs: MONTH } })).listing;
      const pro = (await list({ pricing: { kind: "subscription", price: proPrice, periodSecs: MONTH } })).listing;
      const bought = await buyLicense(alice, basic, basicPrice);
      await advanceClock(10 * DAY);

      const start = (await fetchLicense(alice, bought.license))!;
      let before = await snapshot();
      const upgrade = await changeTier(alice, bought.license, pro, proPrice);
      const upgraded = (await fetchLicense(alice, bought.license))!;
      const now = BigInt(upgraded.usagePeriodStart);
      const credit = (basicPrice * (BigInt(start.expiresAt) - now)) / BigInt(MONTH);
      const due = proPrice - credit;
      expectMoves(before, await snapshot(), { alice: -due, treasury: feeOf(due), vault: due - feeOf(due) });
      expect(upgraded.listing.toBase58()).to.equal(pro.toBase58());
      expect([upgraded.periodPrice, BigInt(upgraded.expiresAt), upgraded.totalPaid]).to.deep.equal([proPrice, now + BigInt(MONTH), basicPrice + due]);
      const event = await eventOf(alice, upgrade.signature, "tierChanged");
      expect([big(event.credit), big(event.paid), big(event.platformFee)]).to.deep.equal([credit, due, feeOf(due)]);
      expect([(await fetchListing(owner, basic))!.sold, (await fetchListing(owner, pro))!.sold]).to.deep.equal([0n, 1n]);

      await expectAnchorError(changeTier(alice, bought.license, basic, basicPrice + 1n), "PriceMismatch");
      await advanceClock(DAY);
      before = await snapshot();
      await changeTier(alice, bought.license, basic, basicPrice);
      const downgraded = (await fetchLicense(alice, bought.license))!;
      const later = BigInt(downgraded.usagePeriodStart);
      const credit2 = (proPrice * (BigInt(upgraded.expiresAt) - later)) / BigInt(MONTH);
      const extra = ((credit2 - basicPrice) * BigInt(MONTH)) / basicPrice;
      expectMoves(before, await snapshot(), {});
      expect([downgraded.periodPrice, BigInt(downgraded.expiresAt)]).to.deep.equal([basicPrice, later + BigInt(MONTH) + extra]);

      // The downgrade's period is longer than one: the license runs beyond its current period, like one renewed ahead.
      await changeTier(alice, bought.license, pro, proPrice).then(
        () => expect.fail("a tier change of a license renewed ahead went through"),
        (error: Error) => expect(error).to.be.instanceOf(RenewedAheadError)
      );
      const license = (await fetchLicense(alice, bought.license))!;
      const instruction = await changeTierInstruction(alice, {
        ...payoutKey(),
        holder: alice.wallet,
        license: { address: license.address, mint: license.mint },
        fromListing: basic,
        toListing: pro,
        expectedPrice: proPrice,
      });
      await expectAnchorError(sendInstructions(alice, [instruction]), "RenewedAhead");
    });

    it("refunds a subscription inside its window pro rata: the used part pays the model", async () => {
      const price = 7n * USDC;
      const { listing } = await list({ pricing: { kind: "subscription", price, periodSecs: 7 * DAY }, refundWindowSecs: 7 * DAY });
      let before = await snapshot();
      const bought = await buyLicense(bob, listing, price);
      expectMoves(before, await snapshot(), { bob: -price, escrow: price });
      await advanceClock(DAY);
      before = await snapshot();
      const signature = await refundLicense(bob, bought.license);
      const refunded = big((await eventOf(bob, signature, "licenseRefunded")).amount);
      const used = price - refunded;
      const fee = (feeOf(price) * used) / price;
      // A day and the seconds the test took: the used part is a day's worth, rounded down, and a little more.
      expect(used >= price / 7n && used < price / 7n + 1_000n, String(used)).to.equal(true);
      expectMoves(before, await snapshot(), { bob: refunded, treasury: fee, vault: used - fee, escrow: -price });
    });
  });

  describe("derivatives that need the creator's approval", () => {
    it("approves a holder's derivative; a gateway grants derivative use only once approved", async () => {
      const terms: LicenseTermsParams = { ...STANDARD_TERMS, derivatives: "approvalRequired" };
      const { listing } = await list({ pricing: { kind: "oneTime", price: USDC }, derivativeRights: true, terms });
      const bought = await buyLicense(bob, listing, USDC);
      const signer = keypairSigner((bob.provider.wallet as unknown as { payer: Keypair }).payer);
      const nonces = new NonceRegistry();
      const proof = () => createAccessProof(signer, { model: modelMint, license: bought.license });
      expect(await verifyAccessProof(alice, await proof(), { nonces, require: { derivatives: true } })).to.deep.equal({ granted: false, reason: "derivativeNotApproved" });
      await approveDerivative(owner, bought.license, true);
      expect((await fetchLicense(bob, bought.license))!.derivativeApproved).to.equal(true);
      expect(await verifyAccessProof(alice, await proof(), { nonces, require: { derivatives: true } })).to.deep.equal({ granted: true });

      const standard = await buyLicense(bob, (await list({ pricing: { kind: "oneTime", price: USDC } })).listing, USDC);
      await expectInputError(approveDerivative(owner, standard.license, true), /ask for no approval/);
      const instruction = await approveDerivativeInstruction(owner, { owner: owner.wallet, modelMint, license: standard.license, approved: true });
      await expectAnchorError(sendInstructions(owner, [instruction]), "ApprovalNotRequired");
      expect(await verifyAccessProof(alice, await createAccessProof(signer, { model: modelMint, license: standard.license }), { nonces, require: { derivatives: true } })).to.deep.equal({
        granted: false,
        reason: "noDerivatives",
      });
    });
  });

  describe("API revenue", () => {
    it("pays the platform's API fee and the rest to the model", async () => {
      const amount = 10n * USDC;
      const before = await snapshot();
      const deposited = await depositApiRevenue(alice, { modelMint, paymentMint, tokenProgram: TOKEN_PROGRAM_ID }, amount);
      expect([deposited.feeBps, deposited.fee, deposited.model]).to.deep.equal([2_000, feeOf(amount), amount - feeOf(amount)]);
      expectMoves(before, await snapshot(), { alice: -amount, treasury: feeOf(amount), vault: amount - feeOf(amount) });
    });

    it("needs the creator's first listing in the mint", async () => {
      const other = (await registerModel(owner, modelParams("Unlisted Model"))).mint;
      await createVault(owner, { modelMint: other, paymentMint, tokenProgram: TOKEN_PROGRAM_ID });
      const otherMint = await createMint(connection, mintAuthority, mintAuthority.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
      expect(await connection.getAccountInfo(creatorSalesPda(owner.wallet, otherMint), "confirmed")).to.equal(null);
      await createVault(owner, { modelMint: other, paymentMint: otherMint, tokenProgram: TOKEN_PROGRAM_ID });
      const payer = (alice.provider.wallet as unknown as { payer: Keypair }).payer;
      const account = await getOrCreateAssociatedTokenAccount(connection, payer, otherMint, alice.wallet, false, "confirmed");
      await mintTo(connection, mintAuthority, otherMint, account.address, mintAuthority, USDC, [], { commitment: "confirmed" });
      await expectInputError(depositApiRevenue(alice, { modelMint: other, paymentMint: otherMint, tokenProgram: TOKEN_PROGRAM_ID }, USDC), /no listing in this mint yet/);
    });
  });

  describe("terms a gateway enforces", () => {
    const proofFor = async (client: HexClient, license: PublicKey) =>
      createAccessProof(keypairSigner((client.provider.wallet as unknown as { payer: Keypair }).payer), { model: modelMint, license });

    it("refuses a commercial call under a non-commercial license and use in an excluded territory", async () => {
      const nonces = new NonceRegistry();
      const free = (await list({ pricing: { kind: "oneTime", price: 0n }, terms: NON_COMMERCIAL })).listing;
      const personal = await buyLicense(alice, free, 0n);
      expect(await verifyAccessProof(bob, await proofFor(alice, personal.license), { nonces, require: { commercialUse: true } })).to.deep.equal({ granted: false, reason: "nonCommercial" });
      expect(await verifyAccessProof(bob, await proofFor(alice, personal.license), { nonces, require: { commercialUse: false } })).to.deep.equal({ granted: true });

      const terms: LicenseTermsParams = { ...STANDARD_TERMS, territoryScope: "except", territories: ["RU"], seats: 5 };
      const regional = await buyLicense(alice, (await list({ pricing: { kind: "oneTime", price: USDC }, terms })).listing, USDC);
      const answer = (await verifyLicenseAnswer(bob, regional.license, alice.wallet))!;
      expect(answer).to.deep.equal({ validity: "valid", terms: { ...terms, revenueShareCap: 0n } });
      expect(await verifyAccessProof(bob, await proofFor(alice, regional.license), { nonces, require: { commercialUse: true, territory: "RU" } })).to.deep.equal({ granted: false, reason: "territory" });
      expect(await verifyAccessProof(bob, await proofFor(alice, regional.license), { nonces, require: { commercialUse: true, territory: "US" } })).to.deep.equal({ granted: true });
    });

    it("answers takenDown for every license of a model the platform took down, until it is restored", async () => {
      const bought = await buyLicense(bob, (await list({ pricing: { kind: "oneTime", price: USDC } })).listing, USDC);
      await setModelTakenDown(authority, modelMint, true);
      try {
        expect((await verifyLicenseAnswer(alice, bought.license, bob.wallet))!.validity).to.equal("takenDown");
        expect(await verifyAccessProof(alice, await proofFor(bob, bought.license), { nonces: new NonceRegistry() })).to.deep.equal({ granted: false, reason: "takenDown" });
        await expectAnchorError(depositApiRevenue(alice, { modelMint, paymentMint, tokenProgram: TOKEN_PROGRAM_ID }, USDC), "ModelTakenDown");
      } finally {
        await setModelTakenDown(authority, modelMint, false);
      }
      expect((await verifyLicenseAnswer(alice, bought.license, bob.wallet))!.validity).to.equal("valid");
    });
  });

  describe("model profiles", () => {
    it("files models by category, kind and tags, and finds them by each", async () => {
      const coder = (await registerModel(owner, modelParams("Clinical Coder"))).mint;
      const detector = (await registerModel(owner, modelParams("Lesion Detector"))).mint;
      await setModelProfile(owner, coder, { category: "language", kind: "code", tags: ["clinical", "llama-3"] });
      await setModelProfile(owner, detector, { category: "vision", kind: "detection", tags: ["llama-3", "medical"] });
      const profile = (await fetchModelProfile(owner, coder))!;
      expect(profile).to.deep.include({ category: "language", kind: "code", tags: ["clinical", "llama-3"], qualityTier: "community", attester: null });
      expect(profile.address.toBase58()).to.equal(modelProfilePda(coder).toBase58());

      const mints = (profiles: { modelMint: PublicKey }[]) => profiles.map((entry) => entry.modelMint.toBase58()).filter((mint) => [coder, detector].some((key) => key.toBase58() === mint));
      expect(mints(await findModelsByCategory(owner, "language"))).to.deep.equal([coder.toBase58()]);
      expect(mints(await findModelsByCategory(owner, "language", "code"))).to.deep.equal([coder.toBase58()]);
      expect(mints(await findModelsByCategory(owner, "language", "chat"))).to.deep.equal([]);
      expect(mints(await findModelsByCategory(owner, "vision", "detection"))).to.deep.equal([detector.toBase58()]);
      expect(new Set(mints(await findModelsByTag(owner, "llama-3")))).to.deep.equal(new Set([coder.toBase58(), detector.toBase58()]));
      expect(mints(await findModelsByTag(owner, "clinical"))).to.deep.equal([coder.toBase58()]);
      expect(mints(await findModelsByTag(owner, "llama"))).to.deep.equal([]);

      // Re-filing moves the model: tags and category are replaced.
      await setModelProfile(owner, coder, { category: "language", kind: "chat", tags: ["clinical"] });
      expect(mints(await findModelsByTag(owner, "llama-3"))).to.deep.equal([detector.toBase58()]);
      expect(mints(await findModelsByCategory(owner, "language", "chat"))).to.deep.equal([coder.toBase58()]);
      await setModelProfile(owner, coder, { category: "language", tags: ["Bad Tag"] }).then(
        () => expect.fail("a bad tag went through"),
        (error: Error) => expect(error.message).to.match(/bad tag "Bad Tag"/)
      );
      const raw = await setModelProfileInstruction(owner, { owner: owner.wallet, modelMint: coder, category: "language", tags: ["Bad Tag"] });
      await expectAnchorError(sendInstructions(owner, [raw]), "InvalidTag");
    });

    it("lets only the platform's attester set quality tiers and attestations", async () => {
      const attester = clientFor(await fundedKeypair());
      const attested = (await registerModel(owner, modelParams("Attested Model"))).mint;
      await updatePlatformConfig(authority, { attester: attester.wallet });
      await attestModel(attester, attested, { qualityTier: "verified", attestations: { benchmarks: true, securityAudit: true }, evidenceUri: "https://audits.hex.example/1" });
      const profile = (await fetchModelProfile(owner, attested))!;
      expect(profile).to.deep.include({
        qualityTier: "verified",
        attestations: { benchmarks: true, securityAudit: true, trainedOnPlatform: false },
        evidenceUri: "https://audits.hex.example/1",
        category: "uncategorized",
      });
      expect(profile.attester!.toBase58()).to.equal(attester.wallet.toBase58());
      const instruction = await attestModelInstruction(owner, { attester: owner.wallet, modelMint: attested, qualityTier: "premium", attestations: 4, evidenceUri: "" });
      await expectAnchorError(sendInstructions(owner, [instruction]), "NotAttester");
      const badFlags = await attestModelInstruction(attester, { attester: attester.wallet, modelMint: attested, qualityTier: "premium", attestations: 8, evidenceUri: "" });
      await expectAnchorError(sendInstructions(attester, [badFlags]), "InvalidAttestations");
    });
  });
});
