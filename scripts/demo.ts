// The demo (`npm run demo`): on a fresh embedded chain, the whole story of
// Hex. A base model, two forks and a fork of a fork; a closed model bought
// out; licenses of every kind sold; usage metered; revenue released down
// the chain and claimed; then who earned what, which adds up to what the
// buyers paid, to the base unit.
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { createMint, getOrCreateAssociatedTokenAccount, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { createHash } from "crypto";
import {
  buyLicense,
  buyModel,
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

const USDC = 1_000_000n;
const DECIMALS = 6;

export interface DemoRow {
  who: string;
  role: string;
  paid: bigint;
  earned: bigint;
}

export interface DemoResult {
  rows: DemoRow[];
  totalPaid: bigint;
  totalEarned: bigint;
  /** Who and what the story used, for tests that carry it on. */
  cast: {
    keys: Record<string, Keypair>;
    models: Record<"base" | "med" | "code" | "medOnc" | "closed", PublicKey>;
    listings: Record<"oneTime" | "monthly" | "metered" | "shared" | "privateTier", PublicKey>;
    usdc: PublicKey;
  };
}

type Log = (line: string) => void;

async function funded(connection: Connection, sol = 20): Promise<Keypair> {
  const keypair = Keypair.generate();
  const signature = await connection.requestAirdrop(keypair.publicKey, sol * LAMPORTS_PER_SOL);
  await connection.confirmTransaction({ signature, ...(await connection.getLatestBlockhash()) }, "confirmed");
  return keypair;
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

export async function runDemo(url: string, log: Log = console.log): Promise<DemoResult> {
  const connection = new Connection(url, "confirmed");
  const clientOf = (keypair: Keypair) => new HexClient(new AnchorProvider(connection, new Wallet(keypair), { commitment: "confirmed" }));
  const usd = (units: bigint) => `${formatAmount(units, DECIMALS)} USDC`;

  // The cast: creators, a contributor, buyers, a gateway that meters usage, a compute node.
  const names = ["platform", "alice", "bob", "carol", "dave", "erin", "frank", "lee", "gina", "hank", "ivan", "judy", "kim", "gateway", "node"] as const;
  const keys = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await funded(connection)] as const))) as Record<(typeof names)[number], Keypair>;
  const client = Object.fromEntries(names.map((name) => [name, clientOf(keys[name])])) as Record<(typeof names)[number], HexClient>;

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

  const balances = async () => {
    const accounts = everyone.map((wallet) => paymentTokenAddress(wallet, usdc, TOKEN_PROGRAM_ID));
    const infos = await connection.getMultipleAccountsInfo(accounts, "confirmed");
    return infos.map((info) => (info ? info.data.readBigUInt64LE(64) : 0n));
  };
  const before = await balances();

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

  const after = await balances();
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
  const rows: DemoRow[] = everyone.map((wallet, index) => {
    const delta = after[index] - before[index];
    const who = labels[index];
    return { who, role: roles[who], paid: delta < 0n ? -delta : 0n, earned: delta > 0n ? delta : 0n };
  });
  // What is still held by the programs: rounding dust in the vaults (at most
  // one unit per recipient) and prepaid credits in the market escrow.
  const held = [vaultTokensPda(vaultPda(base, usdc)), vaultTokensPda(vaultPda(med, usdc)), vaultTokensPda(vaultPda(code, usdc)), vaultTokensPda(vaultPda(medOnc, usdc)), vaultTokensPda(vaultPda(closed, usdc)), escrowTokensPda(usdc)];
  const heldInfos = await connection.getMultipleAccountsInfo(held, "confirmed");
  const dust = heldInfos.reduce((sum, info) => sum + (info ? info.data.readBigUInt64LE(64) : 0n), 0n);
  rows.push({ who: "vaults + escrow", role: "rounding dust still in the vaults", paid: 0n, earned: dust });

  const totalPaid = rows.reduce((sum, row) => sum + row.paid, 0n);
  const totalEarned = rows.reduce((sum, row) => sum + row.earned, 0n);
  log("who              role                                paid (USDC)    earned (USDC)");
  for (const row of rows.filter((entry) => entry.paid > 0n || entry.earned > 0n)) {
    log(`${row.who.padEnd(16)} ${row.role.padEnd(35)} ${formatAmount(row.paid, DECIMALS).padStart(11)} ${formatAmount(row.earned, DECIMALS).padStart(16)}`);
  }
  log(`${"total".padEnd(52)} ${formatAmount(totalPaid, DECIMALS).padStart(11)} ${formatAmount(totalEarned, DECIMALS).padStart(16)}`);
  log(totalPaid === totalEarned ? "Every unit the buyers paid is accounted for." : "MISMATCH: paid and earned differ");
  const cast = {
    keys,
    models: { base, med, code, medOnc, closed },
    listings: { oneTime: oneTime.listing, monthly: monthly.listing, metered: metered.listing, shared: shared.listing, privateTier: privateTier.listing },
    usdc,
  };
  return { rows, totalPaid, totalEarned, cast };
}

if (require.main === module) {
  const url = process.env.ANCHOR_PROVIDER_URL ?? "http://127.0.0.1:8899";
  runDemo(url)
    .then((result) => process.exit(result.totalPaid === result.totalEarned ? 0 : 1))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
