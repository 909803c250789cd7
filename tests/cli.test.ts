// The `hex` CLI run as a user runs it: a child process against the embedded
// chain, asserting its output, its files and its exit codes.
import { createMint, getAccount, getOrCreateAssociatedTokenAccount, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Keypair, PublicKey } from "@solana/web3.js";
import { expect } from "chai";
import { execFile } from "child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { buyLicense, createListing, createVault, fetchVault, forkModel, registerModel, vaultTokensPda } from "../sdk";
import { expectOneLineError, HEX, hex, hexJson, Run, writeKeypairFile } from "./cli-helpers";
import { chainUrl, clientFor, connection, fundedKeypair, sharedPlatform } from "./helpers";

describe("hex CLI", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hex-cli-"));
  let user: Keypair;
  let keypairFile: string;
  let base: string;
  let fork: string;
  let paymentMint: PublicKey;

  before(async () => {
    await sharedPlatform();
    user = await fundedKeypair(20);
    keypairFile = writeKeypairFile(dir, "user", user);
    writeFileSync(path.join(dir, "weights.bin"), "base weights");
    paymentMint = await createMint(connection, user, user.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
    const account = await getOrCreateAssociatedTokenAccount(connection, user, paymentMint, user.publicKey, false, "confirmed");
    await mintTo(connection, user, paymentMint, account.address, user, 100_000_000n, [], { commitment: "confirmed" });
  });

  it("init on an initialised platform says so and changes nothing", async () => {
    const result = await hexJson(["init"], keypairFile);
    expect(result.created).to.equal(false);
    expect(result.signature).to.equal(null);
  });

  it("registers a model, forks it, and shows it", async () => {
    const registered = await hex(["register", "--name", "CLI Base", "--uri", "https://models.hex.example/cli.json", "--weights", path.join(dir, "weights.bin"), "--fork-royalty", "1500"], keypairFile);
    expect(registered.code, registered.stderr).to.equal(0);
    const match = /^model registered: (\w+) \(ownership NFT mint\)$/m.exec(registered.stdout);
    expect(match, registered.stdout).to.not.equal(null);
    base = match![1];
    expect(registered.stdout).to.match(/^transaction \w{80,90}$/m);

    const forked = await hexJson(["fork", base, "--name", "CLI Fork", "--uri", "https://models.hex.example/cli-fork.json", "--hash", "ab".repeat(32)], keypairFile);
    fork = forked.mint;
    expect(forked.parent).to.equal(base);

    const shown = await hex(["model", "show", fork], keypairFile);
    expect(shown.code).to.equal(0);
    expect(shown.stdout).to.contain(`CLI Fork (${fork})`);
    expect(shown.stdout).to.contain(`fork of ${base}, depth 1`);
    expect(shown.stdout).to.match(/pays parent\s+15%/);
    expect(shown.stdout).to.contain(`sha256 ${"ab".repeat(32)}`);
  });

  it("deposits API revenue (the platform's fee taken), releases down the chain and claims, in human units of the mint", async () => {
    // API revenue pays the platform's fee at the creator's tier: the creator's first listing in the mint opens its account (and the vault).
    const listed = await hex(["listing", "create", fork, "--mint", paymentMint.toBase58(), "--kind", "one-time", "--price", "1", "--uri", "https://l.example/fork"], keypairFile);
    expect(listed.stdout).to.contain("opened the model's vault for this mint");
    const deposited = await hex(["revenue", "deposit", fork, "12.5", "--mint", paymentMint.toBase58()], keypairFile);
    expect(deposited.code, deposited.stderr).to.equal(0);
    // 20% of 12.5 to the treasury, 10 to the fork.
    expect(deposited.stdout).to.contain(`deposited 12.5 of API revenue for ${fork}: platform fee 2.5 (2000 bps), 10 to the model`);
    const forkVault = await fetchVault(clientFor(user), new PublicKey(fork), paymentMint);
    expect(forkVault!.totalIncome).to.equal(10_000_000n);

    const released = await hex(["revenue", "release", fork, "--mint", paymentMint.toBase58()], keypairFile);
    expect(released.code, released.stderr).to.equal(0);
    expect(released.stdout).to.match(/^transaction 1\/1: transaction \w+$/m);
    expect(released.stdout).to.contain("released 1 hop(s) in 1 transaction(s)");

    const before = (await getAccount(connection, (await getOrCreateAssociatedTokenAccount(connection, user, paymentMint, user.publicKey)).address, "confirmed")).amount;
    const claims = await hexJson<{ amount: string; slot: number }[]>(["revenue", "claim"], keypairFile);
    // The user owns both models: the fork's 85% and the base's 100% of its 15%.
    const claimed = claims.reduce((sum, claim) => sum + BigInt(claim.amount), 0n);
    expect(claimed).to.equal(10_000_000n);
    const after = (await getAccount(connection, (await getOrCreateAssociatedTokenAccount(connection, user, paymentMint, user.publicKey)).address, "confirmed")).amount;
    expect(after - before).to.equal(10_000_000n);
    expect((await getAccount(connection, vaultTokensPda(forkVault!.address), "confirmed")).amount).to.equal(0n);

    const earnings = await hex(["model", "earnings", fork], keypairFile);
    expect(earnings.stdout).to.contain("income 10, paid out 10");
    expect(earnings.stdout).to.match(/parent vault\s+15%\s+took 1\.5, owed 0/);
  });

  it("draws the lineage in the terminal and as SVG", async () => {
    const svgFile = path.join(dir, "lineage.svg");
    const drawn = await hex(["model", "lineage", fork, "--svg", svgFile], keypairFile);
    expect(drawn.code, drawn.stderr).to.equal(0);
    const lines = drawn.stdout.split("\n");
    expect(lines[0]).to.match(/^CLI Base \(\w+…\w+\)  fork royalty 15%, earned 1\.5 /);
    expect(lines[1]).to.match(/^└─ CLI Fork \(\w+…\w+\)  pays parent 15%, fork royalty 10%, earned 10 .*◀$/);
    const svg = readFileSync(svgFile, "utf8");
    expect(svg).to.match(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).to.contain("CLI Base");
    expect(svg).to.contain("CLI Fork");
    expect(svg.match(/<rect x=/g)).to.have.length(2);
  });

  describe("user mistakes: one line, exit code 1", () => {
    it("an unknown model", async () => {
      expectOneLineError(await hex(["model", "show", Keypair.generate().publicKey.toBase58()], keypairFile), /unknown model \w+: no Hex model/);
      expectOneLineError(await hex(["model", "show", "not-a-key"], keypairFile), /bad model mint "not-a-key"/);
    });

    it("a bad amount", async () => {
      const mint = paymentMint.toBase58();
      expectOneLineError(await hex(["revenue", "deposit", fork, "12.5x", "--mint", mint], keypairFile), /bad amount "12\.5x"/);
      expectOneLineError(await hex(["revenue", "deposit", fork, "0.0000001", "--mint", mint], keypairFile), /this mint has 6 decimals/);
      expectOneLineError(await hex(["revenue", "deposit", fork, "0", "--mint", mint], keypairFile), /greater than zero/);
    });

    it("insufficient funds", async () => {
      expectOneLineError(await hex(["revenue", "deposit", fork, "1000000", "--mint", paymentMint.toBase58()], keypairFile), /^error: insufficient funds: /);
    });

    it("a wrong cluster", async () => {
      const run = (url: string) =>
        new Promise<Run>((resolve) =>
          execFile("node", [HEX, "--url", url, "--keypair", keypairFile, "model", "show", base], (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
          )
        );
      expectOneLineError(await run("devnett"), /unknown cluster "devnett"/);
      expectOneLineError(await run("http://127.0.0.1:9"), /cannot reach the cluster at http:\/\/127\.0\.0\.1:9/);
    });

    it("a missing keypair", async () => {
      expectOneLineError(await hex(["model", "show", base], path.join(dir, "missing.json")), /no keypair at .*missing\.json/);
    });
  });
});

describe("hex CLI: the license market", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hex-cli-market-"));
  let creatorFile: string;
  let buyerFile: string;
  let buyer: Keypair;
  let model: string;
  let usdc: PublicKey;

  before(async () => {
    await sharedPlatform();
    const creator = await fundedKeypair(20);
    buyer = await fundedKeypair(20);
    creatorFile = writeKeypairFile(dir, "creator", creator);
    buyerFile = writeKeypairFile(dir, "buyer", buyer);
    usdc = await createMint(connection, creator, creator.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
    const account = await getOrCreateAssociatedTokenAccount(connection, buyer, usdc, buyer.publicKey, false, "confirmed");
    await mintTo(connection, creator, usdc, account.address, creator, 50_000_000n, [], { commitment: "confirmed" });
    // The first listing opens the model's vault for the payment mint.
    model = (await hexJson(["register", "--name", "CLI Market", "--uri", "https://models.hex.example/m.json", "--hash", "cd".repeat(32)], creatorFile)).mint;
  });

  it("sells a pay-per-use license: listing, purchase, credits, metered usage, withdrawal", async () => {
    const listing = (await hexJson(["listing", "create", model, "--mint", usdc.toBase58(), "--kind", "pay-per-use", "--price", "0.25", "--uri", "https://l.example/ppu", "--id", "7"], creatorFile)).listing;
    const listed = await hex(["listing", "list", model], buyerFile);
    expect(listed.stdout).to.contain(`listing ${listing} (#7 of model ${model}): on sale`);
    expect(listed.stdout).to.contain("payPerUse: 0.25 per unit");

    const bought = await hexJson(["license", "buy", listing, "--price", "0.25"], buyerFile);
    const license = bought.license as string;
    expect((await hex(["usage", "deposit", license, "2"], buyerFile)).code).to.equal(0);
    const recorded = await hex(["usage", "record", license, "3", "--sequence", "1"], creatorFile);
    expect(recorded.stdout).to.contain("recorded 3 unit(s) under record #1");
    const shown = await hex(["license", "show", license], buyerFile);
    expect(shown.stdout).to.contain("3 in all; credits 1.25");
    const withdrawn = await hex(["usage", "withdraw", license], buyerFile);
    expect(withdrawn.stdout).to.contain("withdrew 1.25 of credits");
    const balance = (await getAccount(connection, (await getOrCreateAssociatedTokenAccount(connection, buyer, usdc, buyer.publicKey)).address, "confirmed")).amount;
    expect(balance).to.equal(50_000_000n - 750_000n);
    const verified = await hex(["license", "verify", license], buyerFile);
    expect(verified.stdout).to.match(/: exhausted for /);

    expectOneLineError(await hex(["usage", "record", license, "1", "--sequence", "1"], creatorFile), /UsageReplayed/);
    expectOneLineError(await hex(["license", "buy", listing, "--price", "0.2"], buyerFile), /PriceMismatch/);
  });

  it("turns listing mistakes into one line", async () => {
    expectOneLineError(await hex(["listing", "create", model, "--mint", usdc.toBase58(), "--kind", "forever", "--price", "1", "--uri", "u"], creatorFile), /bad kind "forever"/);
    expectOneLineError(await hex(["listing", "create", model, "--mint", usdc.toBase58(), "--kind", "subscription", "--price", "1", "--uri", "u", "--period", "soon"], creatorFile), /bad period "soon"/);
    expectOneLineError(await hex(["license", "buy", Keypair.generate().publicKey.toBase58(), "--price", "1"], buyerFile), /unknown listing/);
    expectOneLineError(await hex(["license", "show", Keypair.generate().publicKey.toBase58()], buyerFile), /unknown license/);
  });
});

describe("hex CLI: clusters and links", () => {
  it("resolves monikers and URLs, and links transactions to the explorer on public clusters only", async () => {
    const { Context, resolveCluster } = await import("../scripts/cli/context");
    expect(resolveCluster("devnet")).to.deep.equal({ url: "https://api.devnet.solana.com", moniker: "devnet" });
    expect(resolveCluster("mainnet")).to.deep.equal({ url: "https://api.mainnet-beta.solana.com", moniker: "mainnet-beta" });
    expect(resolveCluster("http://127.0.0.1:8899")).to.deep.equal({ url: "http://127.0.0.1:8899", moniker: "localnet" });
    expect(resolveCluster("https://rpc.example.com")).to.deep.equal({ url: "https://rpc.example.com", moniker: undefined });
    const link = (cluster: string) => new Context({}, resolveCluster(cluster), Keypair.generate()).explorerLink("SIG");
    expect(link("devnet")).to.equal("https://explorer.solana.com/tx/SIG?cluster=devnet");
    expect(link("mainnet-beta")).to.equal("https://explorer.solana.com/tx/SIG");
    expect(link("localnet")).to.equal(undefined);
    expect(link("https://rpc.example.com")).to.equal(undefined);
  });
});

describe("hex CLI: platform governance", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hex-cli-config-"));
  const keyFile = (name: string, keypair: Keypair) => writeKeypairFile(dir, name, keypair);

  it("shows and updates settings, and hands the authority over in two steps and back", async () => {
    const { authority } = await sharedPlatform();
    const authorityKeypair = (authority.provider.wallet as unknown as { payer: Keypair }).payer;
    const authorityFile = keyFile("authority", authorityKeypair);
    const successor = await fundedKeypair();
    const successorFile = keyFile("successor", successor);

    const shown = await hexJson(["config", "show"], authorityFile);
    expect(shown.authority).to.equal(authorityKeypair.publicKey.toBase58());
    expect(shown.pendingAuthority).to.equal(null);
    // The same settings again: the update goes through and changes nothing.
    await hexJson(["config", "update", "--min-sale-price", shown.minModelSalePrice, "--license-fee-bps", String(shown.fees.licenseFeeBps)], authorityFile);
    expectOneLineError(await hex(["config", "update"], authorityFile), /nothing to change/);
    expectOneLineError(await hex(["config", "update", "--license-fee-bps", String(shown.feeCaps.licenseFeeBps + 1)], authorityFile), /FeeAboveCap/);
    expectOneLineError(await hex(["config", "update", "--min-sale-price", "5"], successorFile), /Unauthorized/);
    expect(shown.family).to.deep.equal({ maxTrendShareBps: 300, epochSecs: 7 * 86_400, distributorFeeBps: 0 });
    await hexJson(["config", "update", "--max-trend-share", "300", "--epoch", "7d", "--distributor-fee", "0"], authorityFile);
    expectOneLineError(await hex(["config", "update", "--max-trend-share", "400"], authorityFile), /TrendShareCapTooHigh/);
    expectOneLineError(await hex(["config", "update", "--epoch", "10s"], authorityFile), /InvalidEpochLength/);

    await hexJson(["config", "propose-authority", successor.publicKey.toBase58()], authorityFile);
    expectOneLineError(await hex(["config", "accept-authority"], keyFile("stranger", await fundedKeypair())), /is not the proposed authority/);
    await hexJson(["config", "accept-authority"], successorFile);
    expect((await hexJson(["config", "show"], authorityFile)).authority).to.equal(successor.publicKey.toBase58());

    await hexJson(["config", "propose-authority", authorityKeypair.publicKey.toBase58()], successorFile);
    await hexJson(["config", "accept-authority"], authorityFile);
    const restored = await hexJson(["config", "show"], authorityFile);
    expect([restored.authority, restored.pendingAuthority]).to.deep.equal([authorityKeypair.publicKey.toBase58(), null]);
  });
});

describe("hex CLI: family rewards and the keeper", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "hex-cli-family-"));
  let ownerFile: string;
  let root: string;
  let fork: string;
  let usdc: PublicKey;

  before(async () => {
    await sharedPlatform();
    const [owner, buyer] = await Promise.all([fundedKeypair(20), fundedKeypair(20)]);
    ownerFile = path.join(dir, "owner.json");
    writeFileSync(ownerFile, JSON.stringify(Array.from(owner.secretKey)));
    usdc = await createMint(connection, owner, owner.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
    const buyerAccount = await getOrCreateAssociatedTokenAccount(connection, buyer, usdc, buyer.publicKey, false, "confirmed");
    await mintTo(connection, owner, usdc, buyerAccount.address, owner, 100_000_000n, [], { commitment: "confirmed" });
    const params = (name: string) => ({ name, symbol: "FAM", uri: "https://models.hex.example/f.json", contentHash: new Uint8Array(32).fill(7), openSource: true, forkRoyaltyBps: 1_000, creatorResaleRoyaltyBps: 500 });
    const creator = clientFor(owner);
    const rootMint = (await registerModel(creator, params("CLI Family"))).mint;
    root = rootMint.toBase58();
    fork = (await forkModel(creator, rootMint, params("CLI Family Fork"))).mint.toBase58();
    await createVault(creator, { modelMint: rootMint, paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID });
    const { listing } = await createListing(creator, rootMint, usdc, { pricing: { kind: "oneTime", price: 10_000_000n }, uri: "https://licenses.hex.example/f.json" });
    expect((await hex(["family", "set-trend-share", root, "300", "--mint", usdc.toBase58()], ownerFile)).code).to.equal(0);
    await buyLicense(clientFor(buyer), listing, 10_000_000n);
  });

  it("shows the family: its pool, epoch and members' points", async () => {
    const shown = await hexJson(["family", "show", root, "--mint", usdc.toBase58()], ownerFile);
    const [pool] = shown.pools;
    expect([pool.trendShareBps, pool.epochSecs, pool.currentEpoch, pool.currentIncome]).to.deep.equal([300, String(7 * 86_400), "0", "240000"]);
    expect(pool.members.map((member: { name: string; pointsThisEpoch: string }) => [member.name, member.pointsThisEpoch])).to.deep.equal([
      ["CLI Family", "240000"],
      ["CLI Family Fork", "0"],
    ]);
    const table = await hex(["family", "show", root], ownerFile);
    expect(table.stdout).to.contain(`family of CLI Family (${root})`);
    expect(table.stdout).to.contain("trend share 300 bps of every member's net license revenue; epochs of 604800 s");
    expect(table.stdout).to.match(/epoch 0 \(started .*\): income 0\.24, 240000 points/);
    expect(table.stdout).to.match(/CLI Family \(\w{4}…\)\s+0\s+240000\s+100\.0%\s+0/);
  });

  it("sets payout preferences", async () => {
    expect(await hexJson(["payouts", "preferences", "--opt-out"], ownerFile)).to.include({ optOut: true, allowAccountCreation: true });
    expect(await hexJson(["payouts", "preferences", "--opt-in", "--no-account-creation"], ownerFile)).to.include({ optOut: false, allowAccountCreation: false });
    const optedIn = await hex(["payouts", "preferences", "--opt-in"], ownerFile);
    expect(optedIn.stdout).to.contain("keepers may pay your wallet, creating its token account if needed");
  });

  it("runs the keeper once, then again without paying anything twice", async () => {
    const first = await hexJson(["keeper", "--once"], ownerFile);
    const distributed = first.events.flatMap((event: { kind: string; tasks?: { step: string; account: string }[] }) => event.tasks ?? []);
    expect(distributed.some((task: { step: string }) => task.step === "distribute")).to.equal(true);
    const second = await hexJson(["keeper", "--once"], ownerFile);
    expect([second.transactions, second.distributed, second.collected, second.released]).to.deep.equal([0, "0", "0", "0"]);
  });

  it("stops cleanly on SIGTERM", async () => {
    const child = execFile("node", [HEX, "--url", chainUrl(), "--keypair", ownerFile, "keeper", "--interval", "30"]);
    let stdout = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    await new Promise<void>((resolve) => child.stdout!.on("data", () => /pass 1:/.test(stdout) && resolve()));
    child.kill("SIGTERM");
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).to.equal(0);
    expect(stdout).to.contain("SIGTERM: stopping after the current transaction");
  });

  it("turns family mistakes into one line", async () => {
    const mint = usdc.toBase58();
    expectOneLineError(await hex(["family", "show", fork], ownerFile), /is a fork: its family's root is/);
    expectOneLineError(await hex(["family", "set-trend-share", root, "301", "--mint", mint], ownerFile), /above the platform's cap of 300 bps/);
    expectOneLineError(await hex(["family", "set-trend-share", root, "3%", "--mint", mint], ownerFile), /bad trend share "3%"/);
    expectOneLineError(await hex(["payouts", "preferences"], ownerFile), /give exactly one of --opt-out and --opt-in/);
    expectOneLineError(await hex(["keeper", "--interval", "0"], ownerFile), /bad interval "0"/);
  });
});
