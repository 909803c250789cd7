// The license market: listings (create, update, close, list), licenses
// (buy, renew, resell, refund, verify, show; settlement and disputes in
// disputes.ts) and metered usage.
import { Command } from "commander";
import { PublicKey } from "@solana/web3.js";
import {
  buyLicense,
  buyResoldLicense,
  closeListing,
  createListing,
  CreateListingParams,
  depositCredits,
  fetchLicense,
  ListingChanges,
  listingsByModel,
  listLicenseForResale,
  PricingKindName,
  recordUsage,
  refundLicense,
  renewLicense,
  reportRevenue,
  updateListing,
  validatePricing,
  verifyLicenseAnswer,
  withdrawCredits,
} from "../../../sdk";
import { formatAmount, parseAmount, parseBps, parseDuration, parseInteger } from "../amounts";
import { parsePublicKey } from "../context";
import { UserError } from "../errors";
import { ListingWithDecimals, requireLicense, requireListing } from "../licenses";
import { openVaultIfMissing, requireModel } from "../models";
import { run } from "../runner";
import { collect, describeTerms, parseVolumeTiers, termsFromOptions, TermsOptions } from "../terms";
import { disputeCommands } from "./disputes";
import { licensingCommands } from "./licensing";

const KINDS: Record<string, PricingKindName> = {
  "one-time": "oneTime",
  subscription: "subscription",
  "pay-per-use": "payPerUse",
  "revenue-share": "revenueShare",
};

function describeListing(listing: ListingWithDecimals): string[] {
  const price = formatAmount(listing.pricing.price, listing.decimals);
  const terms = {
    oneTime: `${price} once`,
    subscription: `${price} per ${listing.pricing.periodSecs}s`,
    payPerUse: `${price} per unit`,
    revenueShare: `${listing.pricing.revenueShareBps / 100}% of revenue, at least ${price} per ${listing.pricing.periodSecs}s`,
  }[listing.pricing.kind];
  const state = listing.closed ? "closed" : listing.active ? "on sale" : "paused";
  return [
    `listing ${listing.address.toBase58()} (#${listing.listingId} of model ${listing.modelMint.toBase58()}): ${state}`,
    `  ${listing.pricing.kind}: ${terms} (mint ${listing.paymentMint.toBase58()})`,
    `  sold ${listing.sold}${listing.supplyCap > 0n ? ` of ${listing.supplyCap}` : ""}, refund window ${listing.refundWindowSecs}s, ${listing.transferable ? `transferable (resale royalty ${listing.resaleRoyaltyBps / 100}%)` : "not transferable"}${listing.derivativeRights ? ", derivative rights" : ""}`,
    `  new licenses: ${meterLine(listing.meterAuthority, listing.computeNode, listing.pricing.computeShareBps)}`,
  ];
}

/** The meter, and the compute node paid its share, of a license or of a listing's next licenses. */
function meterLine(meter: PublicKey, computeNode: PublicKey, computeShareBps: number): string {
  const node = computeNode.equals(PublicKey.default) ? "" : `, compute node ${computeNode.toBase58()} (${computeShareBps / 100}%)`;
  return `metered by ${meter.toBase58()}${node}`;
}

interface ListingOptions extends TermsOptions {
  mint: string;
  kind: string;
  price: string;
  period?: string;
  usageCap?: string;
  revenueShare?: string;
  computeShare?: string;
  supply?: string;
  refundWindow?: string;
  transferable?: boolean;
  resaleRoyalty?: string;
  derivativeRights?: boolean;
  meter?: string;
  computeNode?: string;
  uri: string;
  id?: string;
  trialUnits?: string;
  volumeTier?: string[];
}

export function marketCommands(program: Command) {
  const listing = program.command("listing").description("license listings of a model you own: create, update, close, list");

  listing
    .command("create <model>")
    .description("open a tier of licenses for a model you own")
    .requiredOption("--mint <address>", "payment mint (the model's vault for it is opened if missing)")
    .requiredOption("--kind <kind>", "one-time, subscription, pay-per-use or revenue-share")
    .requiredOption("--price <amount>", "one-time price, price per period, per unit, or minimum per period (revenue share)")
    .requiredOption("--uri <uri>", "metadata URI of the license NFTs")
    .option("--period <duration>", "subscription / revenue-share period, or the usage cap's period (e.g. 30d)")
    .option("--usage-cap <units>", "units the meter may record per period")
    .option("--revenue-share <bps>", "share of reported revenue (revenue share)")
    .option("--compute-share <bps>", "share of each usage payment to the node (pay-per-use)")
    .option("--supply <count>", "most licenses sold")
    .option("--refund-window <duration>", "how long buyers may refund (one-time, subscription)")
    .option("--transferable", "licenses can be resold")
    .option("--resale-royalty <bps>", "the model's share of each resale")
    .option("--derivative-rights", "licenses allow forking the model")
    .option("--meter <address>", "key allowed to record usage (default: your wallet); fixed into each license sold")
    .option("--compute-node <address>", "wallet paid the compute share (required with --compute-share); fixed into each license sold")
    .option("--id <number>", "listing number (default: random)")
    .option("--non-commercial", "terms: no commercial use (a free license, --price 0, must be non-commercial)")
    .option("--no-attribution", "terms: no attribution required")
    .option("--derivatives <policy>", "terms: none, allowed or approval (each derivative approved by you); allowed and approval grant derivative rights")
    .option("--reciprocal", "terms: derivatives carry the same terms")
    .option("--territories <scope>", "terms: only:US,CA or except:RU (ISO codes, up to four)")
    .option("--revenue-share-cap <amount>", "terms: the most a revenue-share period can cost")
    .option("--seats <count>", "terms: seats or downloads covered (default: unlimited)")
    .option("--trial-units <units>", "pay-per-use: free units each new wallet may try, paid from the trial budget (hex listing fund-trials)")
    .option("--volume-tier <from:price>", "pay-per-use: the unit price from the FROM-th unit on (repeatable, at most 2)", collect)
    .action(
      run(async (ctx, modelText: string, options: ListingOptions) => {
        const model = await requireModel(ctx, modelText);
        const kind = KINDS[options.kind];
        if (!kind) throw new UserError(`bad kind "${options.kind}": use ${Object.keys(KINDS).join(", ")}`);
        const { address: paymentMint, decimals, tokenProgram } = await ctx.paymentMint(options.mint);
        const { terms, derivativeRights } = termsFromOptions(options, decimals);
        const free = options.price.trim() === "0" && kind === "oneTime";
        const listingParams: CreateListingParams = {
          listingId: options.id === undefined ? undefined : parseInteger(options.id, "listing number"),
          pricing: {
            kind,
            price: free ? 0n : parseAmount(options.price, decimals, "price"),
            periodSecs: options.period === undefined ? undefined : parseDuration(options.period, "period"),
            usageCap: options.usageCap === undefined ? undefined : parseInteger(options.usageCap, "usage cap"),
            revenueShareBps: options.revenueShare === undefined ? undefined : parseBps(options.revenueShare, "revenue share", 1),
            computeShareBps: options.computeShare === undefined ? undefined : parseBps(options.computeShare, "compute share"),
            volumeTiers: parseVolumeTiers(options.volumeTier ?? [], decimals),
          },
          supplyCap: options.supply === undefined ? undefined : parseInteger(options.supply, "supply"),
          refundWindowSecs: options.refundWindow === undefined ? undefined : parseDuration(options.refundWindow, "refund window"),
          transferable: options.transferable,
          resaleRoyaltyBps: options.resaleRoyalty === undefined ? undefined : parseBps(options.resaleRoyalty, "resale royalty"),
          derivativeRights,
          terms,
          trialUnits: options.trialUnits === undefined ? undefined : parseInteger(options.trialUnits, "trial units", 1),
          meterAuthority: options.meter === undefined ? undefined : parsePublicKey(options.meter, "meter"),
          computeNode: options.computeNode === undefined ? undefined : parsePublicKey(options.computeNode, "compute node"),
          uri: options.uri,
        };
        // The pricing mistakes the SDK catches, before a vault is opened for nothing.
        validatePricing(listingParams.pricing, terms);
        const lines = await openVaultIfMissing(ctx, { modelMint: model.mint, paymentMint, tokenProgram });
        const created = await createListing(ctx.client, model.mint, paymentMint, listingParams);
        ctx.print([...lines, `listing created: ${created.listing.toBase58()} (#${created.listingId})`, ctx.transactionLine(created.signature)], created);
      })
    );

  listing
    .command("update <listing>")
    .description("change price, supply, refund window, meter, compute node or URI, or pause / resume sales (licenses already sold keep their terms)")
    .option("--price <amount>", "new price (later purchases only)")
    .option("--supply <count>", "new supply cap (0: none)")
    .option("--refund-window <duration>", "new refund window")
    .option("--meter <address>", "new meter key")
    .option("--compute-node <address>", "new wallet paid the compute share")
    .option("--uri <uri>", "new license metadata URI")
    .option("--pause", "stop sales until resumed")
    .option("--resume", "resume sales")
    .action(
      run(async (ctx, text: string, options: { price?: string; supply?: string; refundWindow?: string; meter?: string; computeNode?: string; uri?: string; pause?: boolean; resume?: boolean }) => {
        const found = await requireListing(ctx, text);
        if (options.pause && options.resume) throw new UserError("give --pause or --resume, not both");
        const changes: ListingChanges = {
          price: options.price === undefined ? undefined : parseAmount(options.price, found.decimals, "price"),
          supplyCap: options.supply === undefined ? undefined : parseInteger(options.supply, "supply"),
          refundWindowSecs: options.refundWindow === undefined ? undefined : parseDuration(options.refundWindow, "refund window"),
          meterAuthority: options.meter === undefined ? undefined : parsePublicKey(options.meter, "meter"),
          computeNode: options.computeNode === undefined ? undefined : parsePublicKey(options.computeNode, "compute node"),
          active: options.pause ? false : options.resume ? true : undefined,
          uri: options.uri,
        };
        const signature = await updateListing(ctx.client, found, changes);
        ctx.print([`listing ${text} updated`, ctx.transactionLine(signature)], { listing: found.address, signature });
      })
    );

  listing
    .command("close <listing>")
    .description("stop a listing for good; its licenses stay valid")
    .action(
      run(async (ctx, text: string) => {
        const found = await requireListing(ctx, text);
        const signature = await closeListing(ctx.client, found);
        ctx.print([`listing ${text} closed`, ctx.transactionLine(signature)], { listing: found.address, signature });
      })
    );

  listing
    .command("list <model>")
    .description("every listing of a model")
    .action(
      run(async (ctx, modelText: string) => {
        const model = await requireModel(ctx, modelText);
        const listings = await listingsByModel(ctx.client, model.mint);
        const described = await Promise.all(listings.map(async (entry) => ({ ...entry, decimals: (await ctx.mint(entry.paymentMint)).decimals })));
        ctx.print(described.length ? described.flatMap(describeListing) : [`model ${modelText} has no listings`], listings);
      })
    );

  const license = program.command("license").description("licenses: buy, renew, resell, refund, settle, dispute, verify, show");

  license
    .command("buy <listing>")
    .description("buy a license at the price you agree to (fails if the listing's price changed)")
    .requiredOption("--price <amount>", "the price you agree to pay, as the listing shows it")
    .action(
      run(async (ctx, text: string, options: { price: string }) => {
        const found = await requireListing(ctx, text);
        const bought = await buyLicense(ctx.client, found, parseAmount(options.price, found.decimals, "price"));
        ctx.print([`license bought: ${bought.license.toBase58()} (NFT ${bought.mint.toBase58()})`, ctx.transactionLine(bought.signature)], bought);
      })
    );

  license
    .command("renew <license>")
    .description("renew a subscription for one period at the listing's current price, which you confirm")
    .requiredOption("--price <amount>", "the period price you agree to pay")
    .action(
      run(async (ctx, text: string, options: { price: string }) => {
        const found = await requireLicense(ctx, text);
        const signature = await renewLicense(ctx.client, found.license, parseAmount(options.price, found.listing.decimals, "price"), found.listing);
        const renewed = await fetchLicense(ctx.client, found.license.address);
        ctx.print([`license renewed until ${new Date(renewed!.expiresAt * 1000).toISOString()}`, ctx.transactionLine(signature)], { license: found.license.address, expiresAt: renewed!.expiresAt, signature });
      })
    );

  license
    .command("report-revenue <license> <revenue>")
    .description("report a period's revenue under a revenue-share license and pay its share (at least the minimum)")
    .action(
      run(async (ctx, text: string, revenueText: string) => {
        const found = await requireLicense(ctx, text);
        const revenue = parseAmount(revenueText, found.listing.decimals, "revenue");
        const signature = await reportRevenue(ctx.client, found.license, revenue, found.listing);
        ctx.print([`revenue of ${revenueText} reported`, ctx.transactionLine(signature)], { license: found.license.address, revenue, signature });
      })
    );

  license
    .command("resell <license>")
    .description("offer a transferable license for resale, or withdraw the offer with --cancel")
    .option("--price <amount>", "asking price")
    .option("--cancel", "withdraw the offer")
    .action(
      run(async (ctx, text: string, options: { price?: string; cancel?: boolean }) => {
        const found = await requireLicense(ctx, text);
        if (!options.cancel && options.price === undefined) throw new UserError("give the asking price with --price AMOUNT, or --cancel");
        const price = options.cancel ? 0n : parseAmount(options.price!, found.listing.decimals, "price");
        const signature = await listLicenseForResale(ctx.client, found.license, price);
        ctx.print([options.cancel ? `resale offer of ${text} withdrawn` : `license ${text} offered for ${options.price}`, ctx.transactionLine(signature)], { license: found.license.address, price, signature });
      })
    );

  license
    .command("buy-resold <license>")
    .description("buy a license offered for resale at the price you agree to")
    .requiredOption("--price <amount>", "the asking price you agree to pay")
    .action(
      run(async (ctx, text: string, options: { price: string }) => {
        const found = await requireLicense(ctx, text);
        const signature = await buyResoldLicense(ctx.client, found.license, parseAmount(options.price, found.listing.decimals, "price"), found.listing);
        ctx.print([`license ${text} bought from ${found.license.holder.toBase58()}`, ctx.transactionLine(signature)], { license: found.license.address, signature });
      })
    );

  license
    .command("refund <license>")
    .description("inside the refund window, or once a dispute's deadline passed undecided: give the license back, every unit and the rent returned")
    .action(
      run(async (ctx, text: string) => {
        const found = await requireLicense(ctx, text);
        const signature = await refundLicense(ctx.client, found.license, found.listing);
        ctx.print([`license refunded: ${formatAmount(found.license.pendingPayment, found.listing.decimals)} returned`, ctx.transactionLine(signature)], { license: found.license.address, refunded: found.license.pendingPayment, signature });
      })
    );

  license
    .command("verify <license>")
    .description("is the license valid now, for its holder or for --holder")
    .option("--holder <address>", "the wallet claiming it (default: the holder of record)")
    .action(
      run(async (ctx, text: string, options: { holder?: string }) => {
        const address = parsePublicKey(text, "license");
        await ctx.ensureHexDeployed();
        const record = await fetchLicense(ctx.client, address);
        const holder = options.holder ? parsePublicKey(options.holder, "holder") : record?.holder ?? ctx.wallet;
        const answer = await verifyLicenseAnswer(ctx.client, record ?? address, holder, undefined, record?.holder ?? ctx.wallet);
        if (!answer) {
          ctx.print([`license ${text}: missing for ${holder.toBase58()}`], { license: address, holder, validity: "missing" });
          return;
        }
        const { decimals } = await requireListing(ctx, record!.listing.toBase58());
        ctx.print([`license ${text}: ${answer.validity} for ${holder.toBase58()}`, `  terms    ${describeTerms(answer.terms, decimals)}`], { license: address, holder, ...answer });
      })
    );

  license
    .command("show <license>")
    .description("a license's terms, expiry, usage and credits")
    .action(
      run(async (ctx, text: string) => {
        const { license: found, listing: terms } = await requireLicense(ctx, text);
        const amount = (units: bigint) => formatAmount(units, terms.decimals);
        ctx.print(
          [
            `license ${found.address.toBase58()} (#${found.serial} of listing ${found.listing.toBase58()}), ${found.kind}, ${found.status}`,
            `  holder   ${found.holder.toBase58()}`,
            `  expires  ${found.expiresAt === 0 ? "never" : new Date(found.expiresAt * 1000).toISOString()}`,
            `  usage    ${found.usedInPeriod} this period${found.usageCap > 0n ? ` of ${found.usageCap}` : ""}, ${found.totalUnits} in all; credits ${amount(found.credits)}`,
            `  paid     ${amount(found.totalPaid)}${found.pendingPayment > 0n ? `, ${amount(found.pendingPayment)} in escrow until ${new Date(found.refundableUntil * 1000).toISOString()}` : ""}`,
            `  meter    ${meterLine(found.meterAuthority, found.computeNode, terms.pricing.computeShareBps)}`,
            `  terms    ${describeTerms(found.terms, terms.decimals)}${found.terms.derivatives === "approvalRequired" ? (found.derivativeApproved ? " (derivative approved)" : " (derivative not approved yet)") : ""}`,
            ...(found.trialCredits > 0n ? [`  trial    ${amount(found.trialCredits)} of trial credits`] : []),
          ],
          found
        );
      })
    );

  disputeCommands(license);
  licensingCommands(listing, license);

  const usage = program.command("usage").description("pay-per-use: prepay credits, record usage (meter), withdraw credits");

  usage
    .command("deposit <license> <amount>")
    .description("prepay usage credits of your pay-per-use license")
    .action(
      run(async (ctx, text: string, amountText: string) => {
        const found = await requireLicense(ctx, text);
        const signature = await depositCredits(ctx.client, found.license, parseAmount(amountText, found.listing.decimals), found.listing);
        ctx.print([`deposited ${amountText} of credits`, ctx.transactionLine(signature)], { license: found.license.address, signature });
      })
    );

  usage
    .command("record <license> <units>")
    .description("as the license's meter: record units used, paid from the credits")
    .requiredOption("--sequence <n>", "record number, greater than every earlier one (replays are refused)")
    .option("--node <address>", "compute node that served the work (default: the license's; only it is paid the compute share)")
    .action(
      run(async (ctx, text: string, unitsText: string, options: { sequence: string; node?: string }) => {
        const found = await requireLicense(ctx, text);
        const signature = await recordUsage(
          ctx.client,
          found.license,
          {
            units: parseInteger(unitsText, "units", 1),
            sequence: parseInteger(options.sequence, "sequence", 1),
            node: options.node ? parsePublicKey(options.node, "node") : undefined,
          },
          found.listing
        );
        ctx.print([`recorded ${unitsText} unit(s) under record #${options.sequence}`, ctx.transactionLine(signature)], { license: found.license.address, signature });
      })
    );

  usage
    .command("withdraw <license> [amount]")
    .description("take unused credits back (all of them without an amount)")
    .action(
      run(async (ctx, text: string, amountText: string | undefined) => {
        const found = await requireLicense(ctx, text);
        const amount = amountText === undefined ? undefined : parseAmount(amountText, found.listing.decimals);
        const signature = await withdrawCredits(ctx.client, found.license, amount, found.listing);
        ctx.print([`withdrew ${amountText ?? formatAmount(found.license.credits, found.listing.decimals)} of credits`, ctx.transactionLine(signature)], { license: found.license.address, signature });
      })
    );
}
