// Family rewards end to end through the SDK: a root and two forks with a
// reward pool, paid licenses earning trend points (weighted by ratings),
// epochs moved by the chain's test clock, every preview equal to what the
// chain then pays to the base unit, a keeper that skips an opted-out
// recipient and pays nothing twice, and the roll-over of expired epochs.
import { createMint, getOrCreateAssociatedTokenAccount, mintTo, TOKEN_PROGRAM_ID, unpackAccount } from "@solana/spl-token";
import { Keypair, PublicKey } from "@solana/web3.js";
import { expect } from "chai";
import { createHash } from "crypto";
import {
  advancePool,
  buyLicense,
  chainTime,
  collectFamilyReward,
  collectFamilyRewardInstruction,
  createListing,
  createVault,
  distribute,
  familyMembers,
  familyPool,
  familyPoolPda,
  familyPoolsOfRoot,
  fetchConfig,
  fetchModel,
  fetchVault,
  forkModel,
  HexClient,
  KeeperEvent,
  licensesByHolder,
  ModelParams,
  OWNER_SLOT,
  owed,
  paymentTokenAddress,
  poolTokensPda,
  previewCollect,
  previewDistribute,
  ratingMultiplierBps,
  registerModel,
  reviewModel,
  runKeeperPass,
  sendInstructions,
  setContributors,
  setPayoutPreferences,
  setTrendShare,
  setTrendShareInstruction,
  shareOf,
  trendSplit,
  updatePlatformConfig,
  vaultPda,
  vaultTokensPda,
} from "../sdk";
import { advanceClock } from "../scripts/localnet-clock";
import { chainUrl, clientFor, connection, expectAnchorError, fundedKeypair, sharedPlatform } from "./helpers";

const USDC = 1_000_000n;
const EPOCH_SECS = 60;
const DISTRIBUTOR_FEE_BPS = 100;
const TREND_SHARE_BPS = 300;
const LICENSE_FEE_BPS = 2_000;

function params(name: string): ModelParams {
  return {
    name,
    symbol: "FAM",
    uri: `https://models.hex.example/${name}.json`,
    contentHash: createHash("sha256").update(name).digest(),
    openSource: true,
    forkRoyaltyBps: 1_000,
    creatorResaleRoyaltyBps: 500,
  };
}

describe("family rewards", () => {
  let authority: HexClient;
  let originalFamily: Awaited<ReturnType<typeof fetchConfig>>["family"];
  let alice: HexClient;
  let bob: HexClient;
  let carol: HexClient;
  let buyer: HexClient;
  let keeper: HexClient;
  let otto: HexClient;
  let lee: PublicKey;
  let usdc: PublicKey;
  let root: PublicKey;
  let popular: PublicKey;
  let quiet: PublicKey;
  const listings = new Map<string, PublicKey>();

  const ata = (wallet: PublicKey) => paymentTokenAddress(wallet, usdc, TOKEN_PROGRAM_ID);
  const vaultTokens = (model: PublicKey) => vaultTokensPda(vaultPda(model, usdc));
  const poolTokens = () => poolTokensPda(familyPoolPda(root, usdc));
  async function balances(addresses: PublicKey[]): Promise<bigint[]> {
    const infos = await connection.getMultipleAccountsInfo(addresses, "confirmed");
    return infos.map((info, index) => (info ? unpackAccount(addresses[index], info, TOKEN_PROGRAM_ID).amount : 0n));
  }
  const buy = async (model: PublicKey, price: bigint) => buyLicense(buyer, listings.get(model.toBase58())!, price);
  const moveToNextEpoch = (epochs = 1) => advanceClock(chainUrl(), EPOCH_SECS * epochs + 1);

  before(async () => {
    ({ authority } = await sharedPlatform());
    originalFamily = (await fetchConfig(authority)).family;
    // Minute-long epochs (pools copy the length when they are created) and a 1% distributor fee, for this file only.
    await updatePlatformConfig(authority, { family: { maxTrendShareBps: TREND_SHARE_BPS, epochSecs: EPOCH_SECS, distributorFeeBps: DISTRIBUTOR_FEE_BPS } });
    const [a, b, c, d, k, o] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => fundedKeypair()));
    [alice, bob, carol, buyer, keeper, otto] = [a, b, c, d, k, o].map(clientFor);
    lee = Keypair.generate().publicKey;
    usdc = await createMint(connection, a, a.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
    const buyerAccount = await getOrCreateAssociatedTokenAccount(connection, d, usdc, d.publicKey, false, "confirmed");
    await mintTo(connection, a, usdc, buyerAccount.address, a, 10_000n * USDC, [], { commitment: "confirmed" });

    root = (await registerModel(alice, params("family-root"))).mint;
    popular = (await forkModel(bob, root, params("family-popular"))).mint;
    quiet = (await forkModel(carol, root, params("family-quiet"))).mint;
    await setContributors(bob, popular, [{ wallet: lee, shareBps: 2_000 }]);
    await setContributors(carol, quiet, [{ wallet: otto.wallet, shareBps: 1_000 }]);
    for (const [owner, model, price] of [[alice, root, 10n * USDC], [bob, popular, 100n * USDC], [carol, quiet, 50n * USDC]] as const) {
      await createVault(owner, { modelMint: model, paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID });
      const { listing } = await createListing(owner, model, usdc, { pricing: { kind: "oneTime", price }, uri: "https://licenses.hex.example/family.json" });
      listings.set(model.toBase58(), listing);
    }
  });

  after(async () => {
    const { maxTrendShareBps, epochSecs, distributorFeeBps } = originalFamily;
    await updatePlatformConfig(authority, { family: { maxTrendShareBps, epochSecs: epochSecs.toNumber(), distributorFeeBps } });
  });

  it("lets only the root's owner open the pool, under the platform's cap", async () => {
    const trendShare = { rootMint: root, paymentMint: usdc, trendShareBps: TREND_SHARE_BPS };
    await expectError(setTrendShare(bob, { ...trendShare, rootMint: popular }), /is a fork: its family's root is/);
    await expectError(setTrendShare(bob, trendShare), /does not own the root model/);
    await expectError(setTrendShare(alice, { ...trendShare, trendShareBps: TREND_SHARE_BPS + 1 }), /above the platform's cap of 300 bps/);
    const aboveCap = await setTrendShareInstruction(alice, { owner: alice.wallet, rootMint: root, paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID, trendShareBps: TREND_SHARE_BPS + 1 });
    await expectAnchorError(sendInstructions(alice, [aboveCap]), "TrendShareAboveCap");

    const { pool } = await setTrendShare(alice, trendShare);
    const opened = (await familyPool(alice, root, usdc))!;
    expect([opened.address.toBase58(), opened.trendShareBps, opened.epochSecs, opened.currentEpoch]).to.deep.equal([pool.toBase58(), TREND_SHARE_BPS, BigInt(EPOCH_SECS), 0n]);
    // Found by its root at the offset the SDK filters on.
    expect((await familyPoolsOfRoot(alice, root)).map((found) => found.address.toBase58())).to.deep.equal([pool.toBase58()]);
  });

  it("takes the trend share of each paid license into the pool and gives its model points", async () => {
    const before = await balances([vaultTokens(popular), vaultTokens(quiet), poolTokens()]);
    for (const [model, price] of [[popular, 100n * USDC], [popular, 100n * USDC], [popular, 100n * USDC], [quiet, 50n * USDC]] as const) {
      await buy(model, price);
    }
    const config = await fetchConfig(alice);
    const pool = (await familyPool(alice, root, usdc))!;
    const net = (price: bigint) => price - shareOf(price, LICENSE_FEE_BPS);
    const neutral = { ratingSum: 0n, ratingCount: 0n };
    const popularSplit = trendSplit(net(100n * USDC), pool, config.family.maxTrendShareBps, neutral);
    const quietSplit = trendSplit(net(50n * USDC), pool, config.family.maxTrendShareBps, neutral);
    const after = await balances([vaultTokens(popular), vaultTokens(quiet), poolTokens()]);
    expect(after.map((balance, index) => balance - before[index])).to.deep.equal([
      3n * popularSplit.toVault,
      quietSplit.toVault,
      3n * popularSplit.toPool + quietSplit.toPool,
    ]);
    expect([pool.currentIncome, pool.currentPoints]).to.deep.equal([3n * popularSplit.toPool + quietSplit.toPool, 3n * popularSplit.points + quietSplit.points]);
    const { members } = await familyMembers(alice, root, usdc);
    expect(Object.fromEntries(members.map((member) => [member.model.mint.toBase58(), member.pointsThisEpoch]))).to.deep.equal({
      [root.toBase58()]: 0n,
      [popular.toBase58()]: 3n * popularSplit.points,
      [quiet.toBase58()]: quietSplit.points,
    });
    // Nothing to collect while the epoch runs.
    expect((await previewCollect(keeper, { memberMint: popular, paymentMint: usdc })).amount).to.equal(0n);
    await expectAnchorError(collectFamilyReward(keeper, { memberMint: popular, paymentMint: usdc }), "NothingToCollect");
  });

  it("weights the points of a well-rated model by up to 1.5", async () => {
    for (const license of (await licensesByHolder(buyer, buyer.wallet)).filter((held) => held.modelMint.equals(popular))) {
      await reviewModel(buyer, license, 5, "https://reviews.hex.example/5.json");
    }
    const model = (await fetchModel(alice, popular))!;
    expect(ratingMultiplierBps(model)).to.equal(15_000n);
    expect(ratingMultiplierBps({ ratingSum: 3n, ratingCount: 3n })).to.equal(5_000n);
    expect(ratingMultiplierBps({ ratingSum: 10n, ratingCount: 2n })).to.equal(10_000n);
    const pointsBefore = (await familyPool(alice, root, usdc))!.currentPoints;
    await buy(popular, 100n * USDC);
    const pool = (await familyPool(alice, root, usdc))!;
    const split = trendSplit(80n * USDC, pool, TREND_SHARE_BPS, model);
    expect(split.points).to.equal((split.toPool * 3n) / 2n);
    expect(pool.currentPoints - pointsBefore).to.equal(split.points);
  });

  it("collects a member's reward into its vault and distributes it, exactly as previewed", async () => {
    await moveToNextEpoch();
    const preview = await previewCollect(keeper, { memberMint: popular, paymentMint: usdc });
    const pool = (await familyPool(alice, root, usdc))!;
    const points = (await fetchVault(alice, popular, usdc))!.trendPoints.find((entry) => entry.points > 0n)!.points;
    expect(preview.epochs).to.deep.equal([{ epoch: 0n, points, reward: (pool.currentIncome * points) / pool.currentPoints }]);

    const watched = [vaultTokens(popular), poolTokens()];
    const before = await balances(watched);
    await collectFamilyReward(keeper, { memberMint: popular, paymentMint: usdc });
    const after = await balances(watched);
    expect([after[0] - before[0], before[1] - after[1]]).to.deep.equal([preview.amount, preview.amount]);
    await expectAnchorError(collectFamilyReward(keeper, { memberMint: popular, paymentMint: usdc }), "NothingToCollect");

    const distributions = await previewDistribute(keeper, { memberMint: popular, paymentMint: usdc });
    expect(distributions.map((entry) => [entry.slot, entry.recipient.toBase58(), entry.refusal])).to.deep.equal([
      [1, lee.toBase58(), null],
      [OWNER_SLOT, bob.wallet.toBase58(), null],
    ]);
    const parties = [ata(lee), ata(bob.wallet), ata(keeper.wallet)];
    for (const entry of distributions) {
      const paidBefore = await balances(parties);
      await distribute(keeper, { modelMint: popular, paymentMint: usdc, slot: entry.slot });
      const paidAfter = await balances(parties);
      const recipientIndex = entry.slot === OWNER_SLOT ? 1 : 0;
      expect(paidAfter[recipientIndex] - paidBefore[recipientIndex], `slot ${entry.slot}`).to.equal(entry.toRecipient);
      expect(paidAfter[2] - paidBefore[2], "distributor fee").to.equal(entry.distributorFee);
      expect(entry.distributorFee).to.equal(shareOf(entry.owed, DISTRIBUTOR_FEE_BPS));
    }
    await expectAnchorError(distribute(keeper, { modelMint: popular, paymentMint: usdc, slot: 1 }), "NothingToClaim");
  });

  it("runs a keeper that skips an opted-out recipient, pays everyone else as previewed, and nothing the second time", async () => {
    await setPayoutPreferences(otto, { optOut: true });
    await expectAnchorError(distribute(keeper, { modelMint: quiet, paymentMint: usdc, slot: 1 }), "RecipientOptedOut");
    const quietPreview = await previewDistribute(keeper, { memberMint: quiet, paymentMint: usdc, afterCollect: true });
    const ottoOwed = quietPreview.find((entry) => entry.slot === 1)!;
    const carolPaid = quietPreview.find((entry) => entry.slot === OWNER_SLOT)!;
    expect(ottoOwed.refusal).to.equal("RecipientOptedOut");

    const family = [vaultTokens(root), vaultTokens(popular), vaultTokens(quiet), poolTokens()];
    const people = [alice, bob, carol, otto].map((client) => ata(client.wallet)).concat(ata(lee));
    const watched = [...family, ...people, ata(keeper.wallet)];
    const before = await balances(watched);
    const events: KeeperEvent[] = [];
    const first = await runKeeperPass(keeper, { onEvent: (event) => void events.push(event) });
    const after = await balances(watched);
    const [rootVault, , quietVault, pool, , , carolAta, ottoAta, , keeperAta] = after.map((balance, index) => balance - before[index]);

    expect(first.failures).to.equal(0);
    expect(events.filter((event) => event.kind === "skipped" && event.vault.equals(vaultPda(quiet, usdc)))).to.deep.equal([
      { kind: "skipped", vault: vaultPda(quiet, usdc), paymentMint: usdc, slot: 1, recipient: otto.wallet, owed: ottoOwed.owed, reason: "RecipientOptedOut" },
    ]);
    expect([carolAta, ottoAta]).to.deep.equal([carolPaid.toRecipient, 0n]);
    expect(owed((await fetchVault(keeper, quiet, usdc))!, 1), "otto's share stays in the vault for his own claim").to.equal(ottoOwed.owed);
    // The pool paid out its closed epoch (dust aside), and the vaults all they owed (otto's share and dust aside).
    expect(pool < 0n && rootVault <= 0n && quietVault < 0n).to.equal(true);
    // The keeper took 1% of everything it distributed (in every vault of the chain); within the family no unit was created or lost.
    // (The chain is shared with other test files: only fees in this family's mint reach the keeper's account watched here.)
    const distributed = events
      .flatMap((event) => (event.kind === "sent" ? event.tasks : []))
      .filter((task) => task.step === "distribute" && task.paymentMint.equals(usdc));
    const fee = (tasks: typeof distributed) => tasks.reduce((sum, task) => sum + shareOf(task.amount, DISTRIBUTOR_FEE_BPS), 0n);
    expect(keeperAta).to.equal(fee(distributed));
    const familyVaults = [root, popular, quiet].map((model) => vaultPda(model, usdc).toBase58());
    const familyFee = fee(distributed.filter((task) => familyVaults.includes(task.account.toBase58())));
    const familyMoves = after.slice(0, -1).reduce((sum, balance, index) => sum + balance - before[index], 0n);
    expect(familyMoves + familyFee).to.equal(0n);
    for (const model of [root, popular, quiet]) {
      expect((await previewCollect(keeper, { memberMint: model, paymentMint: usdc })).amount).to.equal(0n);
    }

    const second = await runKeeperPass(keeper);
    expect([second.transactions, second.collected, second.released, second.distributed]).to.deep.equal([0, 0n, 0n, 0n]);
    expect(await balances(watched)).to.deep.equal(after);
  });

  it("rolls an expired epoch's unclaimed income into the current epoch", async () => {
    await buy(quiet, 50n * USDC);
    const earned = (await familyPool(alice, root, usdc))!;
    await moveToNextEpoch(6);
    // Epoch 1 ended more than four epochs ago: its reward is gone from the member...
    expect((await previewCollect(keeper, { memberMint: quiet, paymentMint: usdc })).amount).to.equal(0n);
    const expected = advancePool(earned, await chainTime(keeper));
    expect(expected.totalRolledOver - earned.totalRolledOver).to.equal(earned.currentIncome + earned.closed.reduce((sum, closed) => sum + closed.income - closed.collected, 0n));
    // ...and rolls into the pool's current epoch at its next touch (here a purchase).
    await buy(root, 10n * USDC);
    const touched = (await familyPool(alice, root, usdc))!;
    const paidIn = trendSplit(8n * USDC, touched, TREND_SHARE_BPS, { ratingSum: 0n, ratingCount: 0n }).toPool;
    expect([touched.currentEpoch, touched.totalRolledOver, touched.currentIncome]).to.deep.equal([
      expected.currentEpoch,
      expected.totalRolledOver,
      expected.currentIncome + paidIn,
    ]);
    expect((await balances([poolTokens()]))[0]).to.equal(touched.totalIncome - touched.totalCollected);
    const collect = await collectFamilyRewardInstruction(keeper, { memberMint: quiet, rootMint: root, paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID });
    await expectAnchorError(sendInstructions(keeper, [collect]), "NothingToCollect");
  });
});

async function expectError(action: Promise<unknown>, message: RegExp): Promise<void> {
  try {
    await action;
  } catch (error) {
    expect((error as Error).message).to.match(message);
    return;
  }
  throw new Error(`expected an error matching ${message}, but the call succeeded`);
}
