// The `hex` CLI for a license's life after purchase, listing terms, trials
// and model discovery, run as a user runs it. Setup goes through the SDK
// (each CLI process costs seconds): only the commands under test are spawned.
import { createMint, getOrCreateAssociatedTokenAccount, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Keypair, PublicKey } from "@solana/web3.js";
import { expect } from "chai";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import {
  buyLicense,
  closeListing,
  createListing,
  createVault,
  fetchLicense,
  fetchListing,
  fetchModelProfile,
  HexClient,
  registerModel,
  STANDARD_TERMS,
} from "../sdk";
import { expectOneLineError, hex, hexJson, writeKeypairFile } from "./cli-helpers";
import { clientFor, connection, fundedKeypair, sharedPlatform } from "./helpers";

const USDC = 1_000_000n;
const MONTH = 30 * 86_400;

describe("hex CLI: licensing, trials and discovery", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hex-cli-licensing-"));
  let creator: HexClient;
  let buyer: HexClient;
  let creatorFile: string;
  let buyerFile: string;
  let authorityFile: string;
  let model: PublicKey;
  let usdc: PublicKey;

  const modelParams = (name: string) => ({
    name,
    symbol: "HEXC",
    uri: "https://models.hex.example/cli-licensing.json",
    contentHash: new Uint8Array(32).fill(name.length),
    openSource: false,
    forkRoyaltyBps: 1_000,
    creatorResaleRoyaltyBps: 500,
  });

  before(async () => {
    const { authority } = await sharedPlatform();
    authorityFile = writeKeypairFile(dir, "authority", (authority.provider.wallet as unknown as { payer: Keypair }).payer);
    const [creatorKeypair, buyerKeypair] = await Promise.all([fundedKeypair(20), fundedKeypair(20)]);
    creatorFile = writeKeypairFile(dir, "creator", creatorKeypair);
    buyerFile = writeKeypairFile(dir, "buyer", buyerKeypair);
    creator = clientFor(creatorKeypair);
    buyer = clientFor(buyerKeypair);
    usdc = await createMint(connection, creatorKeypair, creatorKeypair.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
    for (const wallet of [creatorKeypair.publicKey, buyerKeypair.publicKey]) {
      const account = await getOrCreateAssociatedTokenAccount(connection, creatorKeypair, usdc, wallet, false, "confirmed");
      await mintTo(connection, creatorKeypair, usdc, account.address, creatorKeypair, 100n * USDC, [], { commitment: "confirmed" });
    }
    model = (await registerModel(creator, modelParams("CLI Licensing"))).mint;
    await createVault(creator, { modelMint: model, paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID });
  });

  it("creates a listing with terms, a trial and volume tiers; funds trials; a buyer takes the trial once, sees the terms, closes the license; the owner takes the budget back and reclaims the listing", async () => {
    const created = await hexJson(
      [
        "listing", "create", model.toBase58(), "--mint", usdc.toBase58(), "--kind", "pay-per-use", "--price", "0.001", "--uri", "https://l.example/ppu",
        "--non-commercial", "--territories", "except:RU", "--seats", "5", "--trial-units", "50", "--volume-tier", "100:0.0008", "--volume-tier", "1000:0.0005",
      ],
      creatorFile
    );
    const listing = new PublicKey(created.listing);
    const onChain = (await fetchListing(creator, listing))!;
    expect(onChain.terms).to.deep.equal({ ...STANDARD_TERMS, commercialUse: false, territoryScope: "except", territories: ["RU"], seats: 5 });
    expect(onChain.trialUnits).to.equal(50n);
    expect(onChain.volumeTiers).to.deep.equal([
      { fromUnits: 100n, unitPrice: 800n },
      { fromUnits: 1_000n, unitPrice: 500n },
    ]);

    expect((await hexJson(["listing", "fund-trials", listing.toBase58(), "0.1"], creatorFile)).trialBudget).to.equal("100000");
    const { license } = await buyLicense(buyer, listing, 1_000n);
    const trial = await hex(["license", "trial", license.toBase58()], buyerFile);
    expect(trial.stdout, trial.stderr).to.contain("trial taken: 50 unit(s), 0.05 of trial credits");
    expectOneLineError(await hex(["license", "trial", license.toBase58()], buyerFile), /already took this listing's trial: one per wallet/);

    const shown = await hex(["license", "show", license.toBase58()], buyerFile);
    expect(shown.stdout).to.contain("terms    non-commercial, attribution, derivatives: none, except RU, 5 seats");
    expect(shown.stdout).to.contain("trial    0.05 of trial credits");
    const verified = await hex(["license", "verify", license.toBase58()], buyerFile);
    expect(verified.stdout).to.match(/: valid for \w+\n  terms    non-commercial, attribution, derivatives: none, except RU, 5 seats/);

    const closed = await hexJson(["license", "close", license.toBase58()], buyerFile);
    expect(Number(closed.rentReturned)).to.be.greaterThan(0);
    expect(closed.trialCreditsReturned).to.equal("50000");
    expect(await fetchLicense(buyer, license)).to.equal(null);

    const withdrawn = await hex(["listing", "withdraw-trials", listing.toBase58()], creatorFile);
    expect(withdrawn.stdout).to.contain("withdrew 0.1 of trial budget");
    await closeListing(creator, listing);
    const rent = (await connection.getAccountInfo(listing, "confirmed"))!.lamports;
    const reclaimed = await hexJson(["listing", "reclaim", listing.toBase58()], creatorFile);
    expect(reclaimed.rentReturned).to.equal(String(rent));
  });

  it("changes a subscription's tier and approves a derivative", async () => {
    const basic = (await createListing(creator, model, usdc, { pricing: { kind: "subscription", price: USDC, periodSecs: MONTH }, uri: "https://l.example/basic" })).listing;
    const pro = (await createListing(creator, model, usdc, { pricing: { kind: "subscription", price: 3n * USDC, periodSecs: MONTH }, uri: "https://l.example/pro" })).listing;
    const { license } = await buyLicense(buyer, basic, USDC);
    expectOneLineError(await hex(["license", "change-tier", license.toBase58(), pro.toBase58(), "--price", "2"], buyerFile), /PriceMismatch/);
    const changed = await hexJson(["license", "change-tier", license.toBase58(), pro.toBase58(), "--price", "3"], buyerFile);
    // Nearly a whole basic period is left: it counts towards the new price.
    expect(BigInt(changed.credit) + BigInt(changed.due)).to.equal(3n * USDC);
    expect(Number(changed.credit)).to.be.within(Number(USDC) - 100, Number(USDC));
    expect((await fetchLicense(buyer, license))!.listing.toBase58()).to.equal(pro.toBase58());

    const terms = { ...STANDARD_TERMS, derivatives: "approvalRequired" as const };
    const gated = (await createListing(creator, model, usdc, { pricing: { kind: "oneTime", price: USDC }, derivativeRights: true, terms, uri: "https://l.example/gated" })).listing;
    const bought = await buyLicense(buyer, gated, USDC);
    const approved = await hex(["license", "approve-derivative", bought.license.toBase58()], creatorFile);
    expect(approved.stdout).to.contain(`derivative of ${buyer.wallet.toBase58()} approved`);
    expect((await fetchLicense(buyer, bought.license))!.derivativeApproved).to.equal(true);
    expectOneLineError(await hex(["license", "approve-derivative", license.toBase58()], creatorFile), /ask for no approval of derivatives/);
  });

  it("files, attests and finds models", async () => {
    const profiled = await hexJson(["model", "profile", model.toBase58(), "--category", "domain-specific", "--kind", "medical", "--tags", "cli-clinical,radiology"], creatorFile);
    expect([profiled.category, profiled.kind, profiled.tags]).to.deep.equal(["domainSpecific", "medical", ["cli-clinical", "radiology"]]);

    const byCategory = await hex(["model", "find", "--category", "domain-specific", "--kind", "medical"], creatorFile);
    expect(byCategory.stdout).to.contain(`CLI Licensing (${model.toBase58()}): domainSpecific/medical, tags cli-clinical, radiology, community`);
    const byTag = await hexJson<{ modelMint: string }[]>(["model", "find", "--tag", "cli-clinical"], creatorFile);
    expect(byTag.map((profile) => profile.modelMint)).to.deep.equal([model.toBase58()]);

    const attester = await fundedKeypair(1);
    await hexJson(["config", "update", "--attester", attester.publicKey.toBase58()], authorityFile);
    const attesterFile = writeKeypairFile(dir, "attester", attester);
    const attested = await hex(["model", "attest", model.toBase58(), "--tier", "premium", "--benchmarks", "--audited", "--evidence", "https://audits.hex.example/cli"], attesterFile);
    expect(attested.stdout, attested.stderr).to.contain("premium (benchmarks, securityAudit)");
    expect((await fetchModelProfile(creator, model))!.evidenceUri).to.equal("https://audits.hex.example/cli");
    expectOneLineError(await hex(["model", "attest", model.toBase58(), "--tier", "premium"], creatorFile), /is not the platform's attester/);
  });

  it("turns licensing and discovery mistakes into one line", async () => {
    const base = ["listing", "create", model.toBase58(), "--mint", usdc.toBase58(), "--kind", "pay-per-use", "--price", "1", "--uri", "u"];
    expectOneLineError(await hex([...base, "--volume-tier", "100"], creatorFile), /bad volume tier "100": write FROM:PRICE/);
    expectOneLineError(await hex([...base, "--derivatives", "maybe"], creatorFile), /bad derivatives "maybe"/);
    expectOneLineError(await hex([...base, "--territories", "US"], creatorFile), /bad territories "US": write only:US,CA or except:RU/);
    expectOneLineError(await hex(["model", "find"], creatorFile), /give --category \(with --kind if you like\) or --tag/);
    expectOneLineError(await hex(["model", "profile", model.toBase58(), "--category", "food"], creatorFile), /bad category "food"/);
    expectOneLineError(await hex(["model", "relicense", model.toBase58(), "--license", model.toBase58()], creatorFile), /was not made under a license/);
  });
});
