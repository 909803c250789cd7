// The demo (`npm run demo`): on a fresh embedded chain, the whole story of
// Hex. A base model, two forks and a fork of a fork; a closed model bought
// out; licenses of every kind sold; usage metered; revenue released down
// the chain and claimed; then who earned what, which adds up to what the
// buyers paid, to the base unit. Then a family with a reward pool, in a
// second mint, over three epochs: its popular fork's share of the pool grows
// with its paid usage and its ratings, and a keeper pays everyone.
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { createMint, getOrCreateAssociatedTokenAccount, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { createHash } from "crypto";
import {
  buyLicense,
  buyModel,
  familyPoolPda,
  poolTokensPda,
  previewCollect,
  reviewModel,
  runKeeperPass,
  setTrendShare,
  claimAll,
  createListing,
  createVault,
  defaultPlatformSettings,
  depositCredits,
  ensurePlatform,
  escrowTokensPda,
  fetchConfig,
  forkModel,
  HexClient,
  listModelForSale,
  ModelParams,
  paymentTokenAddress,
  recordUsage,
  registerModel,
  releaseChain,
  renewLicense,
  reportRevenue,
  setContributors,
  vaultPda,
  vaultTokensPda,
  withdrawCredits,
} from "../sdk";
import { formatAmount } from "./cli/amounts";
import { advanceClock } from "./localnet-clock";

const USDC = 1_000_000n;
const DECIMALS = 6;

export interface DemoRow {
  who: string;
  role: string;
  paid: bigint;
  earned: bigint;
}

export interface DemoTable {
  rows: DemoRow[];
  totalPaid: bigint;
  totalEarned: bigint;
}

export interface DemoResult extends DemoTable {
  /** Who and what the story used, for tests that carry it on. */
  cast: {
    keys: Record<string, Keypair>;
    models: Record<"base" | "med" | "code" | "medOnc" | "closed", PublicKey>;
    listings: Record<"oneTime" | "monthly" | "metered" | "shared" | "privateTier", PublicKey>;
    usdc: PublicKey;
  };
  /** The family chapter, in its own mint. */
  family: DemoTable & {
    /** The popular fork's share of each closed epoch's pool rewards, in bps. */
    popularShareBps: bigint[];
  };
}

type Log = (line: string) => void;

async function funded(connection: Connection, sol = 20): Promise<Keypair> {
  const keypair = Keypair.generate();
  const signature = await connection.requestAirdrop(keypair.publicKey, sol * LAMPORTS_PER_SOL);
  await connection.confirmTransaction({ signature, ...(await connection.getLatestBlockhash()) }, "confirmed");
  return keypair;
}

function clientOf(connection: Connection, keypair: Keypair): HexClient {
  return new HexClient(new AnchorProvider(connection, new Wallet(keypair), { commitment: "confirmed" }));
}

/** Each wallet's balance in its associated token account of `mint` (0 without one). */
async function tokenBalances(connection: Connection, mint: PublicKey, wallets: PublicKey[]): Promise<bigint[]> {
  return heldBy(connection, wallets.map((wallet) => paymentTokenAddress(wallet, mint, TOKEN_PROGRAM_ID)));
}

async function heldBy(connection: Connection, accounts: PublicKey[]): Promise<bigint[]> {
  const infos = await connection.getMultipleAccountsInfo(accounts, "confirmed");
  return infos.map((info) => (info ? info.data.readBigUInt64LE(64) : 0n));
}

/**
 * Who paid and who earned what between two balance snapshots, plus what the
 * programs still hold (`held`: rounding dust, prepaid credits), printed as a
 * table whose totals must agree.
 */
function closingTable(log: Log, labels: string[], roles: Record<string, string>, before: bigint[], after: bigint[], held: DemoRow): DemoTable {
  const rows: DemoRow[] = labels.map((who, index) => {
    const delta = after[index] - before[index];
    return { who, role: roles[who], paid: delta < 0n ? -delta : 0n, earned: delta > 0n ? delta : 0n };
  });
  rows.push(held);
  const totalPaid = rows.reduce((sum, row) => sum + row.paid, 0n);
  const totalEarned = rows.reduce((sum, row) => sum + row.earned, 0n);
  log("who              role                                paid          earned");
  for (const row of rows.filter((entry) => entry.paid > 0n || entry.earned > 0n)) {
    log(`${row.who.padEnd(16)} ${row.role.padEnd(35)} ${formatAmount(row.paid, DECIMALS).padStart(11)} ${formatAmount(row.earned, DECIMALS).padStart(16)}`);
  }
  log(`${"total".padEnd(52)} ${formatAmount(totalPaid, DECIMALS).padStart(11)} ${formatAmount(totalEarned, DECIMALS).padStart(16)}`);
  log(totalPaid === totalEarned ? "Every unit the buyers paid is accounted for." : "MISMATCH: paid and earned differ");
  return { rows, totalPaid, totalEarned };
}

function model(name: string, openSource: boolean, forkRoyaltyBps: number): ModelParams {
  return {
    name,
    symbol: "HEXM",
    uri: `https://models.hex.example/${name.toLowerCase().replace(/\s+/g, "-")}.json`,
    contentHash: createHash("sha256").update(`${name} weights`).digest(),
    openSource,
    forkRoyaltyBps,
    creatorResaleRoyaltyBps: 500,
  };
}

/** The whole demo: the licensing story in USDC, then the family chapter in its own mint. */
export async function runDemo(url: string, log: Log = console.log): Promise<DemoResult> {
  const story = await runStory(url, log);
  return { ...story, family: await familyChapter(new Connection(url, "confirmed"), url, log) };
}

/** The licensing story alone: models, forks, every kind of license, a model sale, and who earned what. */
export async function runStory(url: string, log: Log = console.log): Promise<Omit<DemoResult, "family">> {
  const connection = new Connection(url, "confirmed");
  const usd = (units: bigint) => `${formatAmount(units, DECIMALS)} USDC`;

  // The cast: creators, a contributor, buyers, a gateway that meters usage, a compute node.
  const names = ["platform", "alice", "bob", "carol", "dave", "erin", "frank", "lee", "gina", "hank", "ivan", "judy", "kim", "gateway", "node"] as const;
  const keys = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await funded(connection)] as const))) as Record<(typeof names)[number], Keypair>;
  const client = Object.fromEntries(names.map((name) => [name, clientOf(connection, keys[name])])) as Record<(typeof names)[number], HexClient>;

  await ensurePlatform(client.platform, defaultPlatformSettings(Keypair.generate().publicKey));
  const treasury = (await fetchConfig(client.platform)).treasury;
  log(`Chain ${url}: platform config ready, fees to treasury ${treasury.toBase58()}`);

  const usdc = await createMint(connection, keys.platform, keys.platform.publicKey, null, DECIMALS, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
  const buyers = ["frank", "gina", "hank", "ivan", "judy", "kim"] as const;
  const everyone: PublicKey[] = [...names.map((name) => keys[name].publicKey), treasury];
  const labels: string[] = [...names, "treasury"];
  for (const wallet of everyone) await getOrCreateAssociatedTokenAccount(connection, keys.platform, usdc, wallet, true, "confirmed");
  for (const buyer of buyers) {
    await mintTo(connection, keys.platform, usdc, paymentTokenAddress(keys[buyer].publicKey, usdc, TOKEN_PROGRAM_ID), keys.platform, 1_000n * USDC, [], { commitment: "confirmed" });
  }
  log(`USDC-like mint ${usdc.toBase58()}; each buyer holds ${usd(1_000n * USDC)}\n`);

  const before = await tokenBalances(connection, usdc, everyone);

  // The lineage: Base <- Med <- Med-Onc, and Base <- Code.
  const base = (await registerModel(client.alice, model("Base 8B", true, 1_000))).mint;
  const med = (await forkModel(client.bob, base, model("Med 8B", true, 1_500))).mint;
  const code = (await forkModel(client.carol, base, model("Code 8B", true, 1_000))).mint;
  const medOnc = (await forkModel(client.dave, med, model("Med-Onc 8B", true, 0))).mint;
  await setContributors(client.bob, med, [{ wallet: keys.lee.publicKey, shareBps: 2_000 }]);
  log("Models: Base 8B (alice, open, 10% fork royalty) <- Med 8B (bob, 15%, lee co-trained for 20%) <- Med-Onc 8B (dave); Base 8B <- Code 8B (carol)");

  // A closed model, bought out by frank.
  const closed = (await registerModel(client.erin, model("Private 8B", false, 0))).mint;
  await listModelForSale(client.erin, closed, usdc, 500n * USDC);
  await buyModel(client.frank, closed, 500n * USDC);
  log(`Private 8B (erin, closed source) sold to frank for ${usd(500n * USDC)}: 5% to the platform, the rest to erin`);

  const vaultOf = async (owner: HexClient, modelMint: PublicKey) => createVault(owner, { modelMint, paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID });
  await vaultOf(client.alice, base);
  await vaultOf(client.bob, med);
  await vaultOf(client.carol, code);
  await vaultOf(client.dave, medOnc);
  await vaultOf(client.frank, closed);

  // One listing of each kind.
  const oneTime = await createListing(client.alice, base, usdc, { pricing: { kind: "oneTime", price: 100n * USDC }, uri: "https://licenses.hex.example/base.json" });
  const monthly = await createListing(client.bob, med, usdc, {
    pricing: { kind: "subscription", price: 20n * USDC, periodSecs: 30 * 86_400, usageCap: 10_000n },
    meterAuthority: keys.gateway.publicKey,
    uri: "https://licenses.hex.example/med-monthly.json",
  });
  const metered = await createListing(client.dave, medOnc, usdc, {
    pricing: { kind: "payPerUse", price: 50_000n, computeShareBps: 1_000 },
    meterAuthority: keys.gateway.publicKey,
    computeNode: keys.node.publicKey,
    uri: "https://licenses.hex.example/med-onc-api.json",
  });
  const shared = await createListing(client.carol, code, usdc, {
    pricing: { kind: "revenueShare", price: 5n * USDC, periodSecs: 30 * 86_400, revenueShareBps: 1_000 },
    uri: "https://licenses.hex.example/code-revshare.json",
  });
  const privateTier = await createListing(client.frank, closed, usdc, { pricing: { kind: "oneTime", price: 50n * USDC }, uri: "https://licenses.hex.example/private.json" });
  log("Listings: Base one-time 100, Med subscription 20 / 30 days, Med-Onc 0.05 per call (10% to the compute node), Code 10% revenue share (min 5 / 30 days), Private one-time 50\n");

  await buyLicense(client.gina, oneTime.listing, 100n * USDC);
  log("gina buys a perpetual Base license");
  const subscription = await buyLicense(client.hank, monthly.listing, 20n * USDC);
  await recordUsage(client.gateway, subscription.license, { units: 2_400n, sequence: 1n });
  await renewLicense(client.hank, subscription.license, 20n * USDC);
  log("hank subscribes to Med, the gateway meters 2,400 calls, hank renews for a second month");
  const perCall = await buyLicense(client.ivan, metered.listing, 50_000n);
  await depositCredits(client.ivan, perCall.license, 10n * USDC);
  await recordUsage(client.gateway, perCall.license, { units: 120n, sequence: 1n, node: keys.node.publicKey });
  await withdrawCredits(client.ivan, perCall.license);
  log(`ivan prepays ${usd(10n * USDC)} of Med-Onc calls, uses 120 (${usd(6n * USDC)}, 10% to the node), takes the rest back`);
  const revenueShare = await buyLicense(client.judy, shared.listing, 5n * USDC);
  await reportRevenue(client.judy, revenueShare.license, 200n * USDC);
  log(`judy licenses Code for a revenue share: ${usd(5n * USDC)} for the first month, then 10% of ${usd(200n * USDC)} for the second`);
  await buyLicense(client.kim, privateTier.listing, 50n * USDC);
  log("kim licenses Private 8B from its new owner, frank\n");

  // Revenue flows down the chain, deepest first, then everyone claims.
  for (const [name, mint] of [["Med-Onc", medOnc], ["Med", med], ["Code", code]] as const) {
    const released = await releaseChain(client.alice, mint, usdc);
    log(`released ${name}'s revenue up ${released.hops} hop(s) in ${released.signatures.length} transaction(s)`);
  }
  for (const name of ["alice", "bob", "carol", "dave", "frank", "lee"] as const) await claimAll(client[name]);
  log("alice, bob, carol, dave, frank and lee claim what they are owed\n");

  const after = await tokenBalances(connection, usdc, everyone);
  const roles: Record<string, string> = {
    platform: "platform authority",
    treasury: "platform fees",
    alice: "creator of Base",
    bob: "creator of Med (fork)",
    carol: "creator of Code (fork)",
    dave: "creator of Med-Onc (fork of a fork)",
    erin: "sold Private 8B",
    frank: "bought Private 8B, owns it",
    lee: "contributor to Med",
    gina: "one-time licensee",
    hank: "subscriber",
    ivan: "pay-per-use licensee",
    judy: "revenue-share licensee",
    kim: "licensee of Private 8B",
    gateway: "usage meter",
    node: "compute node",
  };
  // What is still held by the programs: rounding dust in the vaults (at most
  // one unit per recipient) and prepaid credits in the market escrow.
  const held = [base, med, code, medOnc, closed].map((mint) => vaultTokensPda(vaultPda(mint, usdc))).concat(escrowTokensPda(usdc));
  const dust = (await heldBy(connection, held)).reduce((sum, amount) => sum + amount, 0n);
  log("USDC:");
  const table = closingTable(log, labels, roles, before, after, { who: "vaults + escrow", role: "rounding dust still in the vaults", paid: 0n, earned: dust });
  log("");
  const cast = {
    keys,
    models: { base, med, code, medOnc, closed },
    listings: { oneTime: oneTime.listing, monthly: monthly.listing, metered: metered.listing, shared: shared.listing, privateTier: privateTier.listing },
    usdc,
  };
  return { ...table, cast };
}

/**
 * A family with a reward pool, in its own mint: Vision Base (zoe) and two
 * forks, Vision Retail (yuri, the popular one) and Vision Medical (xena).
 * Over three epochs Retail's paid usage grows and its users rate it five
 * stars; at each epoch's end a keeper collects every member's reward of
 * the pool, releases to the root and pays everyone. Retail's share of the
 * pool grows each epoch.
 */
export async function familyChapter(connection: Connection, url: string, log: Log): Promise<DemoResult["family"]> {
  const names = ["zoe", "yuri", "xena", "uma", "vic", "wes", "meter", "keeper"] as const;
  const keys = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await funded(connection)] as const))) as Record<(typeof names)[number], Keypair>;
  const client = Object.fromEntries(names.map((name) => [name, clientOf(connection, keys[name])])) as Record<(typeof names)[number], HexClient>;
  const usdt = await createMint(connection, keys.zoe, keys.zoe.publicKey, null, DECIMALS, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
  const treasury = (await fetchConfig(client.zoe)).treasury;
  const everyone = [...names.map((name) => keys[name].publicKey), treasury];
  const buyers = ["uma", "vic", "wes"] as const;
  for (const buyer of buyers) {
    const account = await getOrCreateAssociatedTokenAccount(connection, keys.zoe, usdt, keys[buyer].publicKey, true, "confirmed");
    await mintTo(connection, keys.zoe, usdt, account.address, keys.zoe, 1_000n * USDC, [], { commitment: "confirmed" });
  }
  await getOrCreateAssociatedTokenAccount(connection, keys.zoe, usdt, treasury, true, "confirmed");
  const before = await tokenBalances(connection, usdt, everyone);
  const usd = (units: bigint) => `${formatAmount(units, DECIMALS)} USDT`;

  const root = (await registerModel(client.zoe, model("Vision Base", true, 1_000))).mint;
  const retail = (await forkModel(client.yuri, root, model("Vision Retail", true, 0))).mint;
  const medical = (await forkModel(client.xena, root, model("Vision Medical", true, 0))).mint;
  const members = [[client.zoe, root], [client.yuri, retail], [client.xena, medical]] as const;
  for (const [owner, mint] of members) await createVault(owner, { modelMint: mint, paymentMint: usdt, tokenProgram: TOKEN_PROGRAM_ID });
  await setTrendShare(client.zoe, { rootMint: root, paymentMint: usdt, trendShareBps: 300 });
  log("Family: Vision Base (zoe) <- Vision Retail (yuri), Vision Medical (xena); zoe gives the family's pool a 3% trend share of every member's license revenue");

  const listingsOf = async (owner: HexClient, mint: PublicKey) => ({
    oneTime: (await createListing(owner, mint, usdt, { pricing: { kind: "oneTime", price: 20n * USDC }, uri: "https://licenses.hex.example/vision.json" })).listing,
    perCall: (
      await createListing(owner, mint, usdt, { pricing: { kind: "payPerUse", price: 50_000n }, meterAuthority: keys.meter.publicKey, uri: "https://licenses.hex.example/vision-api.json" })
    ).listing,
  });
  const listings = { retail: await listingsOf(client.yuri, retail), medical: await listingsOf(client.xena, medical) };
  const apiLicense = async (buyer: HexClient, listing: PublicKey) => {
    const { license } = await buyLicense(buyer, listing, 50_000n);
    await depositCredits(buyer, license, 200n * USDC);
    return license;
  };
  const api = { retail: await apiLicense(client.uma, listings.retail.perCall), medical: await apiLicense(client.vic, listings.medical.perCall) };
  let sequence = 0n;
  const calls = async (license: PublicKey, units: bigint) => recordUsage(client.meter, license, { units, sequence: ++sequence });

  // Each epoch: who buys, how many paid calls each fork serves.
  const epochs = [
    { retailBuyers: ["uma"], medicalBuyers: ["vic"], retailCalls: 100n, medicalCalls: 100n, reviews: false },
    { retailBuyers: ["vic", "wes"], medicalBuyers: ["wes"], retailCalls: 400n, medicalCalls: 100n, reviews: true },
    { retailBuyers: [], medicalBuyers: [], retailCalls: 1_000n, medicalCalls: 100n, reviews: false },
  ] as const;
  const epochSecs = Number((await fetchConfig(client.zoe)).family.epochSecs);
  const popularShareBps: bigint[] = [];
  const retailLicenses: PublicKey[] = [];
  for (const [index, epoch] of epochs.entries()) {
    for (const buyer of epoch.retailBuyers) retailLicenses.push((await buyLicense(client[buyer], listings.retail.oneTime, 20n * USDC)).license);
    for (const buyer of epoch.medicalBuyers) await buyLicense(client[buyer], listings.medical.oneTime, 20n * USDC);
    if (epoch.reviews) {
      for (const [reviewer, license] of buyers.map((buyer, position) => [client[buyer], retailLicenses[position]] as const)) {
        await reviewModel(reviewer, license, 5, "https://reviews.hex.example/vision-retail.json");
      }
    }
    await calls(api.retail, epoch.retailCalls);
    await calls(api.medical, epoch.medicalCalls);
    await advanceClock(url, epochSecs + 1);
    const [retailReward, medicalReward] = await Promise.all(
      [retail, medical].map(async (memberMint) => (await previewCollect(client.keeper, { memberMint, paymentMint: usdt })).amount)
    );
    const share = (retailReward * 10_000n) / (retailReward + medicalReward);
    popularShareBps.push(share);
    const pass = await runKeeperPass(client.keeper);
    log(
      `epoch ${index} ends: Retail ${epoch.retailCalls} paid calls${epoch.reviews ? " and three 5-star reviews (points x1.5)" : ""}, Medical ${epoch.medicalCalls}; ` +
        `Retail takes ${formatAmount(share, 2)}% of the pool (${usd(retailReward)}), Medical ${usd(medicalReward)}; the keeper pays everyone in ${pass.transactions} transaction(s)`
    );
  }
  for (const [buyer, license] of [[client.uma, api.retail], [client.vic, api.medical]] as const) await withdrawCredits(buyer, license);
  log("uma and vic take their unused credits back\n");

  const after = await tokenBalances(connection, usdt, everyone);
  const roles: Record<string, string> = {
    zoe: "creator of Vision Base (root)",
    yuri: "creator of Vision Retail (popular)",
    xena: "creator of Vision Medical",
    uma: "licensee",
    vic: "licensee",
    wes: "licensee",
    meter: "usage meter",
    keeper: "keeper (no distributor fee)",
    treasury: "platform fees",
  };
  const pool = poolTokensPda(familyPoolPda(root, usdt));
  const held = members.map(([, mint]) => vaultTokensPda(vaultPda(mint, usdt))).concat(pool, escrowTokensPda(usdt));
  const dust = (await heldBy(connection, held)).reduce((sum, amount) => sum + amount, 0n);
  log("USDT:");
  const table = closingTable(log, [...names, "treasury"], roles, before, after, { who: "vaults + pool", role: "rounding dust in the vaults and pool", paid: 0n, earned: dust });
  return { ...table, popularShareBps };
}

if (require.main === module) {
  const url = process.env.ANCHOR_PROVIDER_URL ?? "http://127.0.0.1:8899";
  runDemo(url)
    .then((result) => process.exit(result.totalPaid === result.totalEarned && result.family.totalPaid === result.family.totalEarned ? 0 : 1))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
