// The benchmark scenario: every user action once, on a fresh platform, with
// the figures of each; account sizes beside Metaplex's; scaling with depth.
import { createMint, getOrCreateAssociatedTokenAccount, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { createHash } from "crypto";
import { advanceClock } from "../localnet-clock";
import {
  buyLicense,
  buyModel,
  buyResoldLicense,
  createListing,
  CreateListingParams,
  creatorSalesPda,
  depositCredits,
  escrowTokensPda,
  fetchLicense,
  HexClient,
  licenseTokenAddress,
  listLicenseForResale,
  recordUsage,
  refundLicense,
  renewLicense,
  reportRevenue,
  reviewModel,
  reviewPda,
  settlePurchase,
  verifyLicense,
  withdrawCredits,
  claimAll,
  configPda,
  createVault,
  deposit,
  forkModel,
  getLineage,
  listModelForSale,
  modelPda,
  ModelParams,
  publishVersion,
  registerModel,
  releaseChain,
  saleAddress,
  setContributors,
  vaultPda,
  vaultTokensPda,
  collectFamilyReward,
  distribute,
  familyPoolPda,
  OWNER_SLOT,
  payoutPreferencesPda,
  poolTokensPda,
  setPayoutPreferences,
  setTrendShare,
} from "../../sdk";
import { ActionFigures, CountingClient, measure } from "./measure";

export interface AccountSize {
  account: string;
  bytes: number;
  rentLamports: number;
}

export interface DepthFigures {
  depth: number;
  lineageRoundTrips: number;
  releaseTransactions: number;
  releaseRoundTrips: number;
}

export interface BenchmarkReport {
  actions: ActionFigures[];
  accounts: AccountSize[];
  anchors: AccountSize[];
  depths: DepthFigures[];
}

const NAME = "Llama-3 8B Clinical";
const URI = "https://models.hex.example/llama3-8b-clinical.json";

export function benchModelParams(name: string): ModelParams {
  return {
    name,
    symbol: "HEXM",
    uri: URI,
    contentHash: createHash("sha256").update(name).digest(),
    openSource: true,
    forkRoyaltyBps: 1_000,
    creatorResaleRoyaltyBps: 500,
  };
}

export async function fundedCounting(url: string, sol = 100): Promise<CountingClient> {
  const keypair = Keypair.generate();
  const connection = new Connection(url, "confirmed");
  const signature = await connection.requestAirdrop(keypair.publicKey, sol * LAMPORTS_PER_SOL);
  await connection.confirmTransaction({ signature, ...(await connection.getLatestBlockhash()) }, "confirmed");
  return new CountingClient(url, keypair);
}

/** A USDC-like mint (6 decimals) with `amount` base units in each holder's ATA. */
export async function usdcFor(connection: Connection, payer: Keypair, holders: PublicKey[], amount: bigint) {
  const mint = await createMint(connection, payer, payer.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
  const accounts = [];
  for (const holder of holders) {
    const account = await getOrCreateAssociatedTokenAccount(connection, payer, mint, holder, true, "confirmed");
    await mintTo(connection, payer, mint, account.address, payer, amount, [], { commitment: "confirmed" });
    accounts.push(account.address);
  }
  return { mint, accounts };
}

async function sizeOf(connection: Connection, account: string, address: PublicKey): Promise<AccountSize> {
  const info = await connection.getAccountInfo(address, "confirmed");
  if (!info) throw new Error(`${account}: no account at ${address.toBase58()}`);
  return { account, bytes: info.data.length, rentLamports: info.lamports };
}

/** Metaplex's NFT accounts at their maximum sizes, for comparison. */
async function metaplexAnchors(connection: Connection): Promise<AccountSize[]> {
  const rent = async (account: string, bytes: number) => ({ account, bytes, rentLamports: await connection.getMinimumBalanceForRentExemption(bytes) });
  const tokenMetadata = [await rent("mint (SPL Token)", 82), await rent("metadata (MAX_METADATA_LEN)", 679), await rent("master edition", 282), await rent("token account", 165)];
  const total = tokenMetadata.reduce((sum, part) => ({ bytes: sum.bytes + part.bytes, rentLamports: sum.rentLamports + part.rentLamports }), { bytes: 0, rentLamports: 0 });
  // Core asset: key, owner, update authority (tag + key), name, uri, no seq.
  const coreBytes = 1 + 32 + 33 + 4 + NAME.length + 4 + URI.length + 1;
  return [
    ...tokenMetadata.map((part) => ({ ...part, account: `Token Metadata NFT: ${part.account}` })),
    { account: "Token Metadata NFT: total", ...total },
    await rent(`Metaplex Core asset (same name and URI)`, coreBytes),
  ];
}

/** Registry and escrow actions, on a platform already initialised with `treasury`. */
export async function registryAndEscrowActions(url: string, treasury: PublicKey, report: BenchmarkReport) {
  const owner = await fundedCounting(url);
  const forker = await fundedCounting(url);
  const buyer = await fundedCounting(url);
  const connection = owner.client.connection;
  // The platform operator holds a treasury account for each payment mint.
  const { mint: usdc } = await usdcFor(connection, owner.keypair, [owner.keypair.publicKey, buyer.keypair.publicKey, treasury], 1_000_000_000n);
  const key = (modelMint: PublicKey) => ({ modelMint, paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID });
  const ownerUsdc = (await getOrCreateAssociatedTokenAccount(connection, owner.keypair, usdc, owner.keypair.publicKey)).address;

  let base: PublicKey = PublicKey.default;
  report.actions.push(
    await measure("register a model", owner, async (client) => {
      const registered = await registerModel(client, benchModelParams(NAME));
      base = registered.mint;
      return [registered.signature];
    })
  );
  let fork: PublicKey = PublicKey.default;
  report.actions.push(
    await measure("fork a model", forker, async (client) => {
      const forked = await forkModel(client, base, benchModelParams(`${NAME} fork`));
      fork = forked.mint;
      return [forked.signature];
    })
  );
  report.actions.push(await measure("publish a version", owner, async (client) => [await publishVersion(client, base, createHash("sha256").update("v2").digest(), URI)]));
  report.actions.push(
    await measure("set contributors (one)", owner, async (client) => [await setContributors(client, base, [{ wallet: forker.keypair.publicKey, shareBps: 1_000 }])])
  );
  report.actions.push(await measure("open a vault", owner, async (client) => [await createVault(client, key(base))]));
  await createVault(forker.client, key(fork));
  const forkerUsdc = (await getOrCreateAssociatedTokenAccount(connection, owner.keypair, usdc, forker.keypair.publicKey)).address;
  await mintTo(connection, owner.keypair, usdc, forkerUsdc, owner.keypair, 10_000_000n, [], { commitment: "confirmed" });
  report.actions.push(await measure("deposit revenue", forker, async (client) => [await deposit(client, key(fork), forkerUsdc, 10_000_000n)]));
  report.actions.push(await measure("release to the parent (depth 1)", forker, async (client) => (await releaseChain(client, fork, usdc)).signatures));
  report.actions.push(await measure("claim everything owed", owner, async (client) => (await claimAll(client)).map((claim) => claim.signature).filter((s, i, all) => all.indexOf(s) === i)));
  report.actions.push(await measure("list a model for sale", owner, async (client) => [await listModelForSale(client, base, usdc, 50_000_000n)]));
  const saleAccount = await sizeOf(connection, "ModelSale (registry)", saleAddress(owner.client, base));
  report.actions.push(await measure("buy a model (1 vault)", buyer, async (client) => [await buyModel(client, base, 50_000_000n)]));
  await saleWithManyVaults(owner, buyer, usdc, report);

  const ownershipMint = await sizeOf(connection, "ownership NFT mint (Token-2022 + metadata)", base);
  report.accounts.push(
    await sizeOf(connection, "Config (registry)", configPda()),
    await sizeOf(connection, "Model (registry)", modelPda(base)),
    saleAccount,
    ownershipMint,
    await sizeOf(connection, "Vault (escrow)", vaultPda(base, usdc)),
    await sizeOf(connection, "vault token account (SPL Token)", vaultTokensPda(vaultPda(base, usdc))),
    await sizeOf(connection, "owner's USDC token account", ownerUsdc)
  );
  report.anchors.push(...(await metaplexAnchors(connection)));
  return { usdc, base };
}

/**
 * A sale touches no vault: a model with 20 vaults (19 in mints of their own,
 * as anyone may open) sells with the same accounts and bytes as one with 1.
 */
async function saleWithManyVaults(owner: CountingClient, buyer: CountingClient, usdc: PublicKey, report: BenchmarkReport) {
  const connection = owner.client.connection;
  const model = (await registerModel(owner.client, benchModelParams(`${NAME} (20 vaults)`))).mint;
  await createVault(owner.client, { modelMint: model, paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID });
  for (let vault = 1; vault < 20; vault++) {
    const mint = await createMint(connection, owner.keypair, owner.keypair.publicKey, owner.keypair.publicKey, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
    await createVault(owner.client, { modelMint: model, paymentMint: mint, tokenProgram: TOKEN_PROGRAM_ID });
  }
  await listModelForSale(owner.client, model, usdc, 50_000_000n);
  report.actions.push(await measure("buy a model (20 vaults)", buyer, async (client) => [await buyModel(client, model, 50_000_000n)]));
}

/** Lineage reads and releases down chains of `depths`, one fork per level. */
export async function depthScaling(url: string, depths: number[], report: BenchmarkReport) {
  const creator = await fundedCounting(url, 1_000);
  const connection = creator.client.connection;
  const { mint: usdc, accounts } = await usdcFor(connection, creator.keypair, [creator.keypair.publicKey], 1_000_000_000_000n);
  const chain: PublicKey[] = [(await registerModel(creator.client, benchModelParams("depth 0"))).mint];
  const deepest = Math.max(...depths);
  while (chain.length <= deepest) {
    chain.push((await forkModel(creator.client, chain[chain.length - 1], benchModelParams(`depth ${chain.length}`))).mint);
  }
  const vaultKey = (modelMint: PublicKey) => ({ modelMint, paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID });
  for (const model of chain) await createVault(creator.client, vaultKey(model));
  for (const depth of depths) {
    const model = chain[depth];
    const before = creator.requests;
    const lineage = await getLineage(creator.client, model);
    if (lineage.length !== depth + 1) throw new Error(`lineage of depth ${depth} has ${lineage.length} models`);
    const lineageRoundTrips = creator.requests - before;
    await deposit(creator.client, vaultKey(model), accounts[0], 1_000_000n);
    const releaseStart = creator.requests;
    const released = await releaseChain(creator.client, model, usdc);
    report.depths.push({ depth, lineageRoundTrips, releaseTransactions: released.signatures.length, releaseRoundTrips: creator.requests - releaseStart });
  }
}

/** Every license market action, on a model with a USDC vault. */
export async function marketActions(url: string, treasury: PublicKey, report: BenchmarkReport) {
  const [owner, buyer, second, meter] = await Promise.all([fundedCounting(url), fundedCounting(url), fundedCounting(url), fundedCounting(url)]);
  const connection = owner.client.connection;
  const holders = [buyer, second].map((party) => party.keypair.publicKey);
  const { mint: usdc } = await usdcFor(connection, owner.keypair, [...holders, treasury], 1_000_000_000n);
  const modelMint = (await registerModel(owner.client, benchModelParams(`${NAME} licensed`))).mint;
  await createVault(owner.client, { modelMint, paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID });
  const listing = async (label: string, params: Omit<CreateListingParams, "uri">) => {
    let address = PublicKey.default;
    report.actions.push(
      await measure(label, owner, async (client) => {
        const created = await createListing(client, modelMint, usdc, { ...params, uri: URI, meterAuthority: meter.keypair.publicKey });
        address = created.listing;
        return [created.signature];
      })
    );
    return address;
  };
  const buy = async (label: string, party: CountingClient, address: PublicKey, price: bigint) => {
    let license = PublicKey.default;
    report.actions.push(
      await measure(label, party, async (client) => {
        const bought = await buyLicense(client, address, price);
        license = bought.license;
        return [bought.signature];
      })
    );
    return license;
  };
  const once = (label: string, party: CountingClient, action: (client: HexClient) => Promise<string>) =>
    measure(label, party, async (client) => [await action(client)]).then((figures) => report.actions.push(figures));

  const oneTime = await listing("create a listing (one-time, refundable)", { pricing: { kind: "oneTime", price: 10n * 1_000_000n }, refundWindowSecs: 3_600, transferable: true, resaleRoyaltyBps: 1_000 });
  const refunded = await buy("buy a one-time license (payment in escrow)", buyer, oneTime, 10_000_000n);
  await once("refund a license inside the window", buyer, (client) => refundLicense(client, refunded));
  const kept = await buy("buy a one-time license again", buyer, oneTime, 10_000_000n);
  await advanceClock(url, 3_601);
  await once("settle a purchase after the window", second, (client) => settlePurchase(client, kept));
  await once("list a license for resale", buyer, (client) => listLicenseForResale(client, kept, 12_000_000n));
  await once("buy a resold license", second, (client) => buyResoldLicense(client, kept, 12_000_000n));
  await once("review the model", second, (client) => reviewModel(client, kept, 5, URI));

  const monthly = await listing("create a listing (subscription)", { pricing: { kind: "subscription", price: 2_000_000n, periodSecs: 2_592_000, usageCap: 1_000n } });
  const subscription = await buy("buy a subscription", buyer, monthly, 2_000_000n);
  await once("renew a subscription", buyer, (client) => renewLicense(client, subscription, 2_000_000n));

  const perUse = await listing("create a listing (pay-per-use)", { pricing: { kind: "payPerUse", price: 10_000n, computeShareBps: 1_000 }, computeNode: holders[1] });
  const metered = await buy("buy a pay-per-use license", buyer, perUse, 10_000n);
  await once("deposit usage credits", buyer, (client) => depositCredits(client, metered, 1_000_000n));
  await once("record usage (with a compute node)", meter, (client) => recordUsage(client, metered, { units: 25n, sequence: 1n, node: holders[1] }));
  await once("withdraw unused credits", buyer, (client) => withdrawCredits(client, metered));

  const shared = await listing("create a listing (revenue share)", { pricing: { kind: "revenueShare", price: 1_000_000n, periodSecs: 2_592_000, revenueShareBps: 500 } });
  const revenue = await buy("buy a revenue-share license", buyer, shared, 1_000_000n);
  await once("report revenue", buyer, (client) => reportRevenue(client, revenue, 50_000_000n));
  report.actions.push(
    await measure("verify a license (simulation)", second, async (client) => {
      // Naming the license's model keeps verification to the one simulation.
      if ((await verifyLicense(client, { address: kept, modelMint }, second.keypair.publicKey)) !== "valid") throw new Error("the resold license should be valid for its buyer");
      return [];
    })
  );

  const license = await fetchLicense(owner.client, subscription);
  report.accounts.push(
    await sizeOf(connection, "Listing (market)", oneTime),
    await sizeOf(connection, "License (market)", subscription),
    await sizeOf(connection, "license NFT mint (Token-2022 + metadata)", license!.mint),
    await sizeOf(connection, "license NFT token account (Token-2022)", licenseTokenAddress(buyer.keypair.publicKey, license!.mint)),
    await sizeOf(connection, "CreatorSales (market)", creatorSalesPda(owner.keypair.publicKey, usdc)),
    await sizeOf(connection, "Review (market)", reviewPda(kept)),
    await sizeOf(connection, "market escrow token account (per payment mint)", escrowTokensPda(usdc))
  );
}

/**
 * Family rewards: a license bought with and without a family pool (the
 * same accounts: the pool's address is always passed), the pool opened,
 * a member's reward collected in a family of 2 and of 10 (the same
 * accounts at any size), a keeper's distribute, payout preferences.
 */
export async function familyActions(url: string, treasury: PublicKey, report: BenchmarkReport) {
  const [owner, buyer, keeper] = await Promise.all([fundedCounting(url), fundedCounting(url), fundedCounting(url)]);
  const connection = owner.client.connection;
  const { mint: usdc } = await usdcFor(connection, owner.keypair, [buyer.keypair.publicKey, treasury], 1_000_000_000n);
  const family = async (name: string, forks: number) => {
    const root = (await registerModel(owner.client, benchModelParams(name))).mint;
    const members = [root];
    for (let fork = 1; fork <= forks; fork++) members.push((await forkModel(owner.client, root, benchModelParams(`${name}, fork ${fork}`))).mint);
    for (const member of members) await createVault(owner.client, { modelMint: member, paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID });
    const { listing } = await createListing(owner.client, members[1], usdc, { pricing: { kind: "oneTime", price: 10_000_000n }, uri: URI });
    return { root, member: members[1], listing };
  };
  const buy = (label: string, listing: PublicKey) => measure(label, buyer, async (client) => [(await buyLicense(client, listing, 10_000_000n)).signature]);

  const small = await family("family of 2", 1);
  const large = await family("family of 10", 9);
  report.actions.push(await buy("buy a one-time license (no family pool)", small.listing));
  report.actions.push(
    await measure("set a trend share (opens the family pool)", owner, async (client) => [(await setTrendShare(client, { rootMint: small.root, paymentMint: usdc, trendShareBps: 300 })).signature])
  );
  await setTrendShare(owner.client, { rootMint: large.root, paymentMint: usdc, trendShareBps: 300 });
  report.actions.push(await buy("buy a one-time license (family pool)", small.listing));
  await buyLicense(buyer.client, large.listing, 10_000_000n);
  const epochSecs = Number((await owner.client.registry.account.config.fetch(configPda())).family.epochSecs);
  await advanceClock(url, epochSecs + 1);
  for (const [label, { member }] of [["collect a family reward (family of 2)", small], ["collect a family reward (family of 10)", large]] as const) {
    report.actions.push(await measure(label, keeper, async (client) => [await collectFamilyReward(client, { memberMint: member, paymentMint: usdc })]));
  }
  report.actions.push(
    await measure("distribute to the owner (keeper)", keeper, async (client) => [await distribute(client, { modelMint: small.member, paymentMint: usdc, slot: OWNER_SLOT })])
  );
  report.actions.push(await measure("set payout preferences", owner, async (client) => [await setPayoutPreferences(client, { optOut: false })]));
  const pool = familyPoolPda(small.root, usdc);
  report.accounts.push(
    await sizeOf(connection, "FamilyPool (escrow)", pool),
    await sizeOf(connection, "family pool token account (SPL Token)", poolTokensPda(pool)),
    await sizeOf(connection, "PayoutPreferences (escrow)", payoutPreferencesPda(owner.keypair.publicKey))
  );
}
