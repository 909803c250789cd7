// Finding models and vouching for them: `model profile` (category, kind,
// tags), `model attest` (the platform's attester), `model find`, and
// `model relicense` (a fork made under a license presents a new one).
import { Command } from "commander";
import {
  attestModel,
  CATEGORIES,
  CategoryName,
  fetchLicense,
  fetchModelProfile,
  findModelsByCategory,
  findModelsByTag,
  kindIndex,
  ModelProfileAccount,
  QUALITY_TIERS,
  setDerivativeLicense,
  setModelProfile,
  validateTags,
} from "../../../sdk";
import { parseChoice } from "../amounts";
import { parsePublicKey } from "../context";
import { UserError } from "../errors";
import { modelName, requireModel, requireOwner } from "../models";
import { run } from "../runner";

/** "domain-specific" on the command line, domainSpecific in the SDK. */
const categoryName = (text: string): CategoryName => {
  const camel = text.trim().toLowerCase().replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
  const found = CATEGORIES.find((category) => category.toLowerCase() === camel.toLowerCase());
  if (!found) throw new UserError(`bad category "${text}": use ${CATEGORIES.map((category) => category.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)).join(", ")}`);
  return found;
};

function profileLine(profile: ModelProfileAccount, name: string): string {
  const flags = Object.entries(profile.attestations).filter(([, set]) => set).map(([flag]) => flag);
  return `${name} (${profile.modelMint.toBase58()}): ${profile.category}/${profile.kind}, tags ${profile.tags.join(", ") || "none"}, ${profile.qualityTier}${flags.length ? ` (${flags.join(", ")})` : ""}`;
}

export function discoveryCommands(model: Command) {
  model
    .command("profile <model>")
    .description("file a model you own under a category, a kind and up to four tags, so that it can be found")
    .requiredOption("--category <category>", `one of ${CATEGORIES.join(", ")}`)
    .option("--kind <kind>", "the category's sub-kind (default: other), e.g. chat or code for language")
    .option("--tags <tags>", "up to four comma-separated tags of 1-16 characters [a-z0-9-]")
    .action(
      run(async (ctx, text: string, options: { category: string; kind?: string; tags?: string }) => {
        const category = categoryName(options.category);
        const tags = options.tags === undefined ? [] : options.tags.split(",").map((tag) => tag.trim());
        // The SDK's checks of kind and tags, before any read.
        kindIndex(category, options.kind ?? "other");
        validateTags(tags);
        const found = requireOwner(ctx, await requireModel(ctx, text));
        const signature = await setModelProfile(ctx.client, found.mint, { category, kind: options.kind, tags });
        const profile = (await fetchModelProfile(ctx.client, found.mint))!;
        ctx.print([profileLine(profile, await modelName(ctx, found.mint)), ctx.transactionLine(signature)], { ...profile, signature });
      })
    );

  model
    .command("attest <model>")
    .description("as the platform's attester: set a model's quality tier and what the platform vouches for")
    .requiredOption("--tier <tier>", QUALITY_TIERS.join(", "))
    .option("--benchmarks", "its benchmarks are confirmed")
    .option("--audited", "it passed a security audit")
    .option("--trained", "it was trained on the platform")
    .option("--evidence <uri>", "where the evidence is")
    .action(
      run(async (ctx, text: string, options: { tier: string; benchmarks?: boolean; audited?: boolean; trained?: boolean; evidence?: string }) => {
        const qualityTier = parseChoice(options.tier, "tier", QUALITY_TIERS);
        const found = await requireModel(ctx, text);
        const attestations = { benchmarks: !!options.benchmarks, securityAudit: !!options.audited, trainedOnPlatform: !!options.trained };
        const signature = await attestModel(ctx.client, found.mint, { qualityTier, attestations, evidenceUri: options.evidence });
        const profile = (await fetchModelProfile(ctx.client, found.mint))!;
        ctx.print([profileLine(profile, await modelName(ctx, found.mint)), ctx.transactionLine(signature)], { ...profile, signature });
      })
    );

  model
    .command("find")
    .description("models filed under a category (and kind), or carrying a tag")
    .option("--category <category>", `one of ${CATEGORIES.join(", ")}`)
    .option("--kind <kind>", "the category's sub-kind")
    .option("--tag <tag>", "a tag")
    .action(
      run(async (ctx, options: { category?: string; kind?: string; tag?: string }) => {
        if ((options.category === undefined) === (options.tag === undefined)) throw new UserError("give --category (with --kind if you like) or --tag");
        if (options.kind !== undefined && options.category === undefined) throw new UserError("--kind needs --category");
        await ctx.ensureHexDeployed();
        let profiles: ModelProfileAccount[];
        if (options.category !== undefined) {
          const category = categoryName(options.category);
          profiles = await findModelsByCategory(ctx.client, category, options.kind);
        } else {
          profiles = await findModelsByTag(ctx.client, options.tag!);
        }
        const names = await Promise.all(profiles.map((profile) => modelName(ctx, profile.modelMint)));
        ctx.print(profiles.length ? profiles.map((profile, index) => profileLine(profile, names[index])) : ["no model found"], profiles);
      })
    );

  model
    .command("relicense <fork>")
    .description("for a fork made under a license: present a new valid license of the parent, so that the fork sells again")
    .requiredOption("--license <license>", "your license of the parent, granting derivative rights")
    .action(
      run(async (ctx, text: string, options: { license: string }) => {
        const fork = requireOwner(ctx, await requireModel(ctx, text));
        if (!fork.derivativeLicense) throw new UserError(`model ${text} was not made under a license: it needs none`);
        const address = parsePublicKey(options.license, "license");
        const license = await fetchLicense(ctx.client, address);
        if (!license) throw new UserError(`unknown license ${options.license}`);
        if (!fork.parent || !license.modelMint.equals(fork.parent)) throw new UserError(`license ${options.license} is not a license of the fork's parent`);
        const signature = await setDerivativeLicense(ctx.client, fork.mint, address);
        ctx.print([`model ${text} now builds on license ${options.license}`, ctx.transactionLine(signature)], { model: fork.mint, license: address, signature });
      })
    );
}
