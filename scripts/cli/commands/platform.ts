// `hex init`: the platform config, once per cluster.
import { Command } from "commander";
import { PublicKey } from "@solana/web3.js";
import {
  acceptPlatformAuthority,
  ConfigChanges,
  defaultPlatformSettings,
  ensurePlatform,
  FamilySettings,
  fetchConfig,
  proposePlatformAuthority,
  setPlatformPaused,
  updatePlatformConfig,
} from "../../../sdk";
import { parseBps, parseDuration, parseInteger } from "../amounts";
import { Context, parsePublicKey } from "../context";
import { UserError } from "../errors";
import { run } from "../runner";

interface ConfigOptions {
  treasury?: string;
  licenseFeeBps?: string;
  primarySaleFeeBps?: string;
  secondarySaleFeeBps?: string;
  licenseResaleFeeBps?: string;
  maxForkRoyaltyBps?: string;
  maxRefundWindow?: string;
  minSalePrice?: string;
  maxTrendShare?: string;
  epoch?: string;
  distributorFee?: string;
  attester?: string;
}

type Config = Awaited<ReturnType<typeof fetchConfig>>;

function familySettings(config: Config): FamilySettings {
  const { maxTrendShareBps, epochSecs, distributorFeeBps } = config.family;
  return { maxTrendShareBps, epochSecs: epochSecs.toNumber(), distributorFeeBps };
}

/** The platform's settings, as `config show` prints them. */
async function showConfig(ctx: Context) {
  const config = await fetchConfig(ctx.client);
  const pending = config.pendingAuthority.equals(PublicKey.default) ? null : config.pendingAuthority;
  const fees = (schedule: Config["fees"]) =>
    `licenses ${schedule.licenseFeeBps}, primary sale ${schedule.primarySaleFeeBps}, secondary sale ${schedule.secondarySaleFeeBps}, license resale ${schedule.licenseResaleFeeBps} bps`;
  const data = {
    authority: config.authority,
    pendingAuthority: pending,
    treasury: config.treasury,
    fees: config.fees,
    feeCaps: config.feeCaps,
    maxForkRoyaltyBps: config.maxForkRoyaltyBps,
    maxRefundWindowSecs: config.maxRefundWindowSecs.toNumber(),
    minModelSalePrice: config.minModelSalePrice.toString(),
    paused: config.paused,
    family: familySettings(config),
    attester: config.attester.equals(PublicKey.default) ? null : config.attester,
  };
  ctx.print(
    [
      `authority ${config.authority.toBase58()}${pending ? ` (proposed: ${pending.toBase58()})` : ""}`,
      `treasury ${config.treasury.toBase58()}`,
      `fees: ${fees(config.fees)}`,
      `caps: ${fees(config.feeCaps)}`,
      `max fork royalty ${config.maxForkRoyaltyBps} bps, max refund window ${config.maxRefundWindowSecs.toString()} s, min model sale price ${config.minModelSalePrice.toString()} base units`,
      `family rewards: trend share up to ${config.family.maxTrendShareBps} bps, epochs of ${config.family.epochSecs.toString()} s, distributor fee ${config.family.distributorFeeBps} bps`,
      `attester ${config.attester.equals(PublicKey.default) ? "none" : config.attester.toBase58()}`,
      config.paused ? "paused: new listings and sales are stopped" : "not paused",
    ],
    data
  );
}

/** The changes `config update` was given; fees not named keep their value. */
async function configChanges(ctx: Context, options: ConfigOptions): Promise<ConfigChanges> {
  const bps = (text: string | undefined, what: string) => (text === undefined ? undefined : parseBps(text, what));
  const feeOptions = {
    licenseFeeBps: bps(options.licenseFeeBps, "license fee"),
    primarySaleFeeBps: bps(options.primarySaleFeeBps, "primary sale fee"),
    secondarySaleFeeBps: bps(options.secondarySaleFeeBps, "secondary sale fee"),
    licenseResaleFeeBps: bps(options.licenseResaleFeeBps, "license resale fee"),
  };
  const familyOptions = {
    maxTrendShareBps: bps(options.maxTrendShare, "maximum trend share"),
    epochSecs: options.epoch === undefined ? undefined : parseDuration(options.epoch, "epoch length"),
    distributorFeeBps: bps(options.distributorFee, "distributor fee"),
  };
  const named = <T extends object>(values: T): Partial<T> | undefined => {
    const entries = Object.entries(values).filter(([, value]) => value !== undefined);
    return entries.length > 0 ? (Object.fromEntries(entries) as Partial<T>) : undefined;
  };
  const namedFees = named(feeOptions);
  const namedFamily = named(familyOptions);
  // Fees and family settings change as a whole on chain: the ones not named keep their value.
  const current = namedFees || namedFamily ? await fetchConfig(ctx.client) : undefined;
  const changes: ConfigChanges = {
    treasury: options.treasury === undefined ? undefined : parsePublicKey(options.treasury, "treasury"),
    fees: current && namedFees ? { ...current.fees, ...namedFees } : undefined,
    maxForkRoyaltyBps: bps(options.maxForkRoyaltyBps, "maximum fork royalty"),
    maxRefundWindowSecs: options.maxRefundWindow === undefined ? undefined : parseDuration(options.maxRefundWindow, "maximum refund window"),
    minModelSalePrice: options.minSalePrice === undefined ? undefined : parseInteger(options.minSalePrice, "minimum sale price", 1),
    family: current && namedFamily ? { ...familySettings(current), ...namedFamily } : undefined,
    attester: options.attester === undefined ? undefined : parsePublicKey(options.attester, "attester"),
  };
  if (Object.values(changes).every((value) => value === undefined)) {
    throw new UserError("nothing to change: give at least one setting (see hex config update --help)");
  }
  return changes;
}

export function platformCommands(program: Command) {
  program
    .command("init")
    .description("initialise the platform config (fees 20% / 5% / 2.5%, tiers at 1k / 10k / 100k); does nothing if it exists")
    .option("--treasury <address>", "wallet that receives platform fees (default: your wallet)")
    .action(
      run(async (ctx, options: { treasury?: string }) => {
        await ctx.ensureHexDeployed();
        const treasury = options.treasury ? parsePublicKey(options.treasury, "treasury") : ctx.wallet;
        const { config, signature } = await ensurePlatform(ctx.client, defaultPlatformSettings(treasury));
        ctx.print(
          signature
            ? [`platform initialised: config ${config.toBase58()}, authority ${ctx.wallet.toBase58()}, treasury ${treasury.toBase58()}`, ctx.transactionLine(signature)]
            : [`platform already initialised: config ${config.toBase58()}`],
          { config, created: signature !== null, signature, authority: ctx.wallet, treasury }
        );
      })
    );

  const config = program.command("config").description("the platform's settings, pause switch and authority (platform authority only, except show)");
  config
    .command("show")
    .description("the platform's authority, treasury, fees under their caps, limits, family reward settings and pause switch")
    .action(run(async (ctx) => showConfig(ctx)));
  config
    .command("update")
    .description("change settings under the fee caps written at initialisation; applies to later listings and purchases only")
    .option("--treasury <address>", "wallet that receives platform fees")
    .option("--license-fee-bps <bps>", "fee on licenses, subscriptions, usage and revenue share")
    .option("--primary-sale-fee-bps <bps>", "fee on a model's first sale")
    .option("--secondary-sale-fee-bps <bps>", "fee on a model's later sales")
    .option("--license-resale-fee-bps <bps>", "fee on a license resale")
    .option("--max-fork-royalty-bps <bps>", "largest fork royalty a model may ask")
    .option("--max-refund-window <duration>", "longest refund window a listing may offer (e.g. 7d)")
    .option("--min-sale-price <base units>", "lowest model sale price, in base units of the payment mint")
    .option("--max-trend-share <bps>", "largest trend share a family root may give its reward pool (0 turns the pools off)")
    .option("--epoch <duration>", "length of a family reward epoch for pools created from now on (60s to 90d, e.g. 7d)")
    .option("--distributor-fee <bps>", "what a keeper's distribute takes from each payout (at most 100 bps)")
    .option("--attester <address>", "the key that sets models' quality tiers and attestations (hex model attest)")
    .action(
      run(async (ctx, options: ConfigOptions) => {
        const signature = await updatePlatformConfig(ctx.client, await configChanges(ctx, options));
        ctx.print([`platform settings updated`, ctx.transactionLine(signature)], { signature });
      })
    );
  const switches = [
    { name: "pause", paused: true, description: "stop new registrations, listings and sales (refunds, withdrawals and claims keep working)" },
    { name: "resume", paused: false, description: "resume registrations, listings and sales after a pause" },
  ];
  for (const { name, paused, description } of switches) {
    config
      .command(name)
      .description(description)
      .action(
        run(async (ctx) => {
          await ctx.ensureHexDeployed();
          const signature = await setPlatformPaused(ctx.client, paused);
          ctx.print([paused ? "platform paused: no new registrations, listings or sales until hex config resume" : "platform resumed", ctx.transactionLine(signature)], { paused, signature });
        })
      );
  }
  config
    .command("propose-authority <address>")
    .description("name the next platform authority (it takes over when it accepts); a multisig vault address works")
    .action(
      run(async (ctx, addressText: string) => {
        const proposed = parsePublicKey(addressText, "new authority");
        const signature = await proposePlatformAuthority(ctx.client, proposed);
        ctx.print([`proposed ${proposed.toBase58()} as platform authority: it takes over with hex config accept-authority`, ctx.transactionLine(signature)], {
          proposed,
          signature,
        });
      })
    );
  config
    .command("accept-authority")
    .description("take over as platform authority, when your wallet was proposed")
    .action(
      run(async (ctx) => {
        const current = await fetchConfig(ctx.client);
        if (!current.pendingAuthority.equals(ctx.wallet)) {
          throw new UserError(`your wallet ${ctx.wallet.toBase58()} is not the proposed authority; the platform authority proposes one with hex config propose-authority`);
        }
        const signature = await acceptPlatformAuthority(ctx.client);
        ctx.print([`${ctx.wallet.toBase58()} is now the platform authority`, ctx.transactionLine(signature)], { authority: ctx.wallet, signature });
      })
    );
}
