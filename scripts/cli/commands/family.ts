// Family rewards: a family's pool and members, the root's trend share,
// payout preferences, and the keeper that collects, releases and distributes.
import { Command } from "commander";
import { PublicKey } from "@solana/web3.js";
import {
  familyMembers,
  familyPool,
  familyPoolsOfRoot,
  FamilyPoolState,
  KeeperEvent,
  KeeperPassResult,
  OWNER_SLOT,
  runKeeperPass,
  setPayoutPreferences,
  setTrendShare,
} from "../../../sdk";
import { formatAmount, parseBps, parseInteger } from "../amounts";
import { Context, parsePublicKey } from "../context";
import { UserError } from "../errors";
import { modelName, requireModel } from "../models";
import { run } from "../runner";

/** The root model named on the command line: a base model, or a clear error. */
async function requireRoot(ctx: Context, text: string) {
  const model = await requireModel(ctx, text);
  if (!model.root.equals(model.mint)) throw new UserError(`${text} is a fork: its family's root is ${model.root.toBase58()}`);
  return model;
}

/** A pool and its members, as `family show` prints them. */
async function describePool(ctx: Context, root: PublicKey, pool: FamilyPoolState) {
  const { decimals } = await ctx.mint(pool.paymentMint);
  const amount = (units: bigint) => formatAmount(units, decimals);
  const { pool: current, members, now } = await familyMembers(ctx.client, root, pool.paymentMint);
  const state = current ?? pool;
  const epochStart = state.origin + state.currentEpoch * state.epochSecs;
  const closed = state.closed.filter((entry) => entry.points > 0n).sort((a, b) => Number(b.epoch - a.epoch));
  const names = await Promise.all(members.map((member) => modelName(ctx, member.model.mint)));
  const share = (points: bigint) => (state.currentPoints === 0n ? "-" : `${((Number(points) / Number(state.currentPoints)) * 100).toFixed(1)}%`);
  const lines = [
    `pool ${pool.address.toBase58()} in mint ${pool.paymentMint.toBase58()}`,
    `  trend share ${state.trendShareBps} bps of every member's net license revenue; epochs of ${state.epochSecs} s`,
    `  epoch ${state.currentEpoch} (started ${new Date(Number(epochStart) * 1000).toISOString()}, ends in ${epochStart + state.epochSecs - now} s): income ${amount(state.currentIncome)}, ${state.currentPoints} points`,
    ...closed.map((entry) => `  closed epoch ${entry.epoch}: income ${amount(entry.income)}, ${entry.points} points, collected ${amount(entry.collected)}`),
    `  in all: income ${amount(state.totalIncome)}, collected ${amount(state.totalCollected)}, rolled over ${amount(state.totalRolledOver)}`,
    `  ${"model".padEnd(28)} ${"depth".padStart(5)} ${"points this epoch".padStart(18)} ${"share".padStart(6)} ${"collectable".padStart(12)}`,
    ...members.map(
      (member, index) =>
        `  ${`${names[index]} (${member.model.mint.toBase58().slice(0, 4)}…)`.padEnd(28)} ${String(member.model.depth).padStart(5)} ${member.pointsThisEpoch.toString().padStart(18)} ${share(member.pointsThisEpoch).padStart(6)} ${amount(member.collectable).padStart(12)}`
    ),
  ];
  const data = {
    ...state,
    epochStartedAt: epochStart,
    members: members.map((member, index) => ({
      mint: member.model.mint,
      name: names[index],
      depth: member.model.depth,
      owner: member.model.owner,
      hasVault: member.vault !== null,
      pointsThisEpoch: member.pointsThisEpoch,
      collectable: member.collectable,
    })),
  };
  return { lines, data };
}

/** One line per keeper event, in human units of each payment mint. */
async function keeperLines(ctx: Context, event: KeeperEvent): Promise<string[]> {
  const amount = async (units: bigint, mint: PublicKey) => formatAmount(units, (await ctx.mint(mint)).decimals);
  if (event.kind === "skipped") {
    const why = event.reason === "RecipientOptedOut" ? "opted out" : "has no token account and allows none to be created";
    return [`skipped ${await amount(event.owed, event.paymentMint)} owed to ${event.recipient.toBase58()} (slot ${event.slot} of vault ${event.vault.toBase58()}): it ${why}`];
  }
  const tasks = await Promise.all(
    event.tasks.map(async (task) => {
      const units = await amount(task.amount, task.paymentMint);
      switch (task.step) {
        case "upkeep":
          return `brought vault ${task.account.toBase58()} up to date with its model`;
        case "setup":
          return `opened the keeper's token account ${task.account.toBase58()} for distributor fees`;
        case "collect":
          return `collected ${units} of family rewards into vault ${task.account.toBase58()}`;
        case "release":
          return `released ${units} from vault ${task.account.toBase58()} to its parent`;
        case "distribute":
          return `distributed ${units} from vault ${task.account.toBase58()} to ${task.slot === OWNER_SLOT ? "its owner" : "contributor"} ${task.recipient!.toBase58()}`;
      }
    })
  );
  if (event.kind === "failed") return [`failed: ${event.error}`, ...tasks.map((line) => `  not done: ${line}`)];
  return [...tasks, `  ${ctx.transactionLine(event.signature)}`];
}

/** Resolves after `seconds`, or as soon as `stop` is called. */
function pause(seconds: number): { done: Promise<void>; stop: () => void } {
  let stop = () => undefined as void;
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, seconds * 1000);
    stop = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { done, stop };
}

/** Runs keeper passes until --once is done or a signal arrives (then after the current transaction). */
async function runKeeper(ctx: Context, options: { once?: boolean; interval: string }) {
  const interval = Number(parseInteger(options.interval, "interval", 1));
  await ctx.ensureHexDeployed();
  let stopping = false;
  let sleeping: ReturnType<typeof pause> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!ctx.options.json) console.log(`${signal}: stopping after the current transaction`);
    stopping = true;
    sleeping?.stop();
  };
  process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
  try {
    for (let pass = 1; ; pass++) {
      const events: KeeperEvent[] = [];
      const result: KeeperPassResult = await runKeeperPass(ctx.client, {
        shouldStop: () => stopping,
        onEvent: async (event) => {
          events.push(event);
          if (!ctx.options.json) for (const line of await keeperLines(ctx, event)) console.log(line);
        },
      });
      const summary = `pass ${pass}: ${result.transactions} transaction(s), ${result.failures} failure(s)${result.stopped ? ", stopped" : ""}`;
      ctx.print([summary], { pass, ...result, events });
      if (options.once || stopping) return;
      sleeping = pause(interval);
      await sleeping.done;
      if (stopping) return;
    }
  } finally {
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
  }
}

export function familyCommands(program: Command) {
  const family = program.command("family").description("family rewards: a root model's reward pool and its members' trend points");
  family
    .command("show <root>")
    .description("the family's members, their points this epoch and collectable rewards, and its pool (trend share, epoch, income, closed epochs)")
    .option("--mint <address>", "the pool of this payment mint only (default: every pool of the family)")
    .action(
      run(async (ctx, rootText: string, options: { mint?: string }) => {
        const root = await requireRoot(ctx, rootText);
        const mint = options.mint === undefined ? undefined : parsePublicKey(options.mint, "payment mint");
        const pools = mint ? [await familyPool(ctx.client, root.mint, mint)].filter((pool) => pool !== null) : await familyPoolsOfRoot(ctx.client, root.mint);
        const described = await Promise.all(pools.map((pool) => describePool(ctx, root.mint, pool)));
        const heading = `family of ${await modelName(ctx, root.mint)} (${root.mint.toBase58()})`;
        const none = `no reward pool${mint ? ` in mint ${mint.toBase58()}` : ""} yet: the root's owner opens one with hex family set-trend-share`;
        ctx.print(described.length === 0 ? [heading, none] : [heading, ...described.flatMap((pool) => pool.lines)], {
          root: root.mint,
          pools: described.map((pool) => pool.data),
        });
      })
    );
  family
    .command("set-trend-share <root> <bps>")
    .description("as the root's owner: open the family's reward pool for a payment mint, or change its trend share (0 turns it off)")
    .requiredOption("--mint <address>", "payment mint")
    .action(
      run(async (ctx, rootText: string, bpsText: string, options: { mint: string }) => {
        const root = await requireRoot(ctx, rootText);
        const trendShareBps = parseBps(bpsText, "trend share");
        const mint = await ctx.paymentMint(options.mint);
        const { signature, pool } = await setTrendShare(ctx.client, { rootMint: root.mint, paymentMint: mint.address, trendShareBps });
        ctx.print([`trend share of the family of ${rootText} set to ${trendShareBps} bps: pool ${pool.toBase58()}`, ctx.transactionLine(signature)], {
          root: root.mint,
          paymentMint: mint.address,
          trendShareBps,
          pool,
          signature,
        });
      })
    );

  program
    .command("payouts")
    .description("how keepers pay your wallet")
    .command("preferences")
    .description("opt out of keepers' distribution (your own claims still pay you), or back in")
    .option("--opt-out", "keepers may not pay your wallet")
    .option("--opt-in", "keepers may pay your wallet into its associated token account")
    .option("--no-account-creation", "keepers may not create your associated token account to pay you")
    .action(
      run(async (ctx, options: { optOut?: boolean; optIn?: boolean; accountCreation: boolean }) => {
        if (options.optOut === options.optIn) throw new UserError("give exactly one of --opt-out and --opt-in");
        await ctx.ensureHexDeployed();
        const preferences = { optOut: options.optOut === true, allowAccountCreation: options.accountCreation };
        const signature = await setPayoutPreferences(ctx.client, preferences);
        const what = preferences.optOut
          ? "keepers will not pay your wallet: claim with hex revenue claim"
          : `keepers may pay your wallet${preferences.allowAccountCreation ? ", creating its token account if needed" : ", into token accounts it already has"}`;
        ctx.print([what, ctx.transactionLine(signature)], { wallet: ctx.wallet, ...preferences, signature });
      })
    );

  program
    .command("keeper")
    .description("settle vaults, collect family rewards, release to parents and distribute what contributors and owners are owed; again every interval")
    .option("--once", "one pass, then exit")
    .option("--interval <seconds>", "seconds between passes", "60")
    .action(run(async (ctx, options: { once?: boolean; interval: string }) => runKeeper(ctx, options)));
}
