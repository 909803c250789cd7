// Models: register, publish a version, fork, and show one, its lineage and earnings.
import { Command } from "commander";
import { PublicKey } from "@solana/web3.js";
import { writeFileSync } from "fs";
import {
  fetchAllVaults,
  fetchModel,
  findNftTokenAccount,
  forkModel,
  getFamily,
  MetaplexModelParams,
  ModelAccount,
  ModelParams,
  owed,
  publishVersion,
  registerMetaplexModel,
  registerModel,
  VaultState,
} from "../../../sdk";
import { formatAmount, parseBps } from "../amounts";
import { Context, parsePublicKey } from "../context";
import { UserError } from "../errors";
import { requireLicense } from "../licenses";
import { lineageSvg, LineageNode } from "../lineage-svg";
import { contentHash, fetchSale, modelName, percent, requireModel, shortKey } from "../models";
import { run } from "../runner";
import { modelManagementCommands } from "./model-management";
import { discoveryCommands } from "./discovery";

interface TermsOptions {
  weights?: string;
  hash?: string;
  closed?: boolean;
  forkRoyalty: string;
  resaleRoyalty: string;
}

interface ModelOptions extends TermsOptions {
  name: string;
  symbol: string;
  uri: string;
}

/** The options of a model's terms: register, fork and Metaplex imports. */
function termsOptions(command: Command): Command {
  return command
    .option("--weights <file>", "weights artifact: its sha256 is recorded")
    .option("--hash <hex>", "sha256 of the weights artifact, instead of --weights")
    .option("--closed", "closed source: forks need a license with derivative rights")
    .option("--fork-royalty <bps>", "share of each fork's revenue paid to this model, in bps", "1000")
    .option("--resale-royalty <bps>", "your royalty on every resale of the model, 500-1000 bps", "500");
}

function modelOptions(command: Command): Command {
  return termsOptions(
    command
      .requiredOption("--name <name>", "model name (up to 32 bytes)")
      .option("--symbol <symbol>", "NFT symbol (up to 10 bytes)", "HEXM")
      .requiredOption("--uri <uri>", "metadata URI (model card)")
  );
}

function modelTerms(options: TermsOptions): MetaplexModelParams {
  return {
    contentHash: contentHash(options),
    openSource: !options.closed,
    forkRoyaltyBps: parseBps(options.forkRoyalty, "fork royalty"),
    creatorResaleRoyaltyBps: parseBps(options.resaleRoyalty, "resale royalty", 500, 1_000),
  };
}

function modelParams(options: ModelOptions): ModelParams {
  return { name: options.name, symbol: options.symbol, uri: options.uri, ...modelTerms(options) };
}

/**
 * The wallet's license of `parent` that lets it fork the closed model: the
 * checks of the registry's derivative_license that the CLI can make from
 * the license alone (the chain also checks expiry).
 */
async function derivativeLicense(ctx: Context, parent: ModelAccount, text: string): Promise<PublicKey> {
  const { license } = await requireLicense(ctx, text);
  if (!license.modelMint.equals(parent.mint)) throw new UserError(`license ${text} is a license of model ${license.modelMint.toBase58()}, not of ${parent.mint.toBase58()}`);
  if (!license.holder.equals(ctx.wallet)) throw new UserError(`license ${text} is held by ${license.holder.toBase58()}, not by your wallet ${ctx.wallet.toBase58()}`);
  if (!license.derivativeRights) throw new UserError(`license ${text} grants no derivative rights: buy one from a listing created with --derivative-rights`);
  if (license.pendingPayment > 0n) {
    throw new UserError(`license ${text} is still refundable: once its refund window ends, settle it with hex license settle ${text}, then fork`);
  }
  return license.address;
}

/** Income of each of the model's vaults, in human units of its mint. */
async function earnings(ctx: Context, vaults: VaultState[]) {
  return Promise.all(
    vaults.map(async (vault) => {
      const { decimals } = await ctx.mint(vault.paymentMint);
      return { vault, decimals, income: formatAmount(vault.totalIncome, decimals) };
    })
  );
}

export function modelCommands(program: Command) {
  modelOptions(program.command("register").description("register a base model: mints its ownership NFT to your wallet")).action(
    run(async (ctx, options: ModelOptions) => {
      await ctx.ensureHexDeployed();
      const registered = await registerModel(ctx.client, modelParams(options));
      ctx.print([`model registered: ${registered.mint.toBase58()} (ownership NFT mint)`, ctx.transactionLine(registered.signature)], registered);
    })
  );

  modelOptions(program.command("fork <parent>").description("fork a model: the child pays the parent its fork royalty (a closed parent needs --license)"))
    .option("--license <license>", "your license of a closed parent, from a listing granting derivative rights")
    .action(
      run(async (ctx, parent: string, options: ModelOptions & { license?: string }) => {
        const parentModel = await requireModel(ctx, parent);
        const license = options.license === undefined ? null : await derivativeLicense(ctx, parentModel, options.license);
        if (!parentModel.openSource && !license) {
          throw new UserError(`model ${parent} is closed source: fork it with --license LICENSE, your license of it from a listing granting derivative rights`);
        }
        const forked = await forkModel(ctx.client, parentModel.mint, modelParams(options), undefined, license);
        ctx.print(
          [`fork registered: ${forked.mint.toBase58()}, paying ${percent(parentModel.forkRoyaltyBps)} of its revenue to ${parent}`, ctx.transactionLine(forked.signature)],
          { ...forked, parent: parentModel.mint, license }
        );
      })
    );

  termsOptions(program.command("import-metaplex <nft>").description("register a Metaplex NFT you hold (a master edition of max supply 0) as a base model")).action(
    run(async (ctx, nftText: string, options: TermsOptions) => {
      const nft = parsePublicKey(nftText, "NFT mint");
      const terms = modelTerms(options);
      await ctx.ensureHexDeployed();
      if (await fetchModel(ctx.client, nft)) throw new UserError(`NFT ${nftText} is already registered as a Hex model`);
      if (!(await findNftTokenAccount(ctx.client, ctx.wallet, nft))) {
        throw new UserError(`your wallet ${ctx.wallet.toBase58()} does not hold NFT ${nftText}: only its holder can register it`);
      }
      const registered = await registerMetaplexModel(ctx.client, nft, terms);
      ctx.print([`Metaplex NFT registered as model ${registered.mint.toBase58()}`, ctx.transactionLine(registered.signature)], registered);
    })
  );

  program
    .command("version <model>")
    .description("publish a new version of a model you own")
    .requiredOption("--uri <uri>", "metadata URI of the new version")
    .option("--weights <file>", "weights artifact of the new version")
    .option("--hash <hex>", "sha256 of the weights artifact, instead of --weights")
    .action(
      run(async (ctx, mint: string, options: { uri: string; weights?: string; hash?: string }) => {
        const model = await requireModel(ctx, mint);
        const signature = await publishVersion(ctx.client, model.mint, contentHash(options), options.uri);
        ctx.print([`version ${model.modelVersion + 1} of ${mint} published`, ctx.transactionLine(signature)], { model: model.mint, version: model.modelVersion + 1, signature });
      })
    );

  const model = program.command("model").description("a model: show, lineage, earnings; contributors, visibility, sale, reviews, takedown");

  model
    .command("show <model>")
    .description("a model's terms, lineage position, contributors and counters")
    .action(
      run(async (ctx, mint: string) => {
        const found = await requireModel(ctx, mint);
        const [name, sale] = await Promise.all([modelName(ctx, found.mint), fetchSale(ctx, found.mint)]);
        const rating = found.ratingCount > 0n ? (Number(found.ratingSum) / Number(found.ratingCount)).toFixed(2) : "none";
        ctx.print(
          [
            `${name} (${found.mint.toBase58()})`,
            `  creator        ${found.creator.toBase58()}`,
            `  lineage        ${found.parent ? `fork of ${found.parent.toBase58()}, depth ${found.depth}` : "base model"}`,
            `  source         ${found.openSource ? "open" : "closed"}`,
            `  version        ${found.modelVersion} (sha256 ${Buffer.from(found.contentHash).toString("hex")})`,
            `  fork royalty   ${percent(found.forkRoyaltyBps)} of each child's revenue`,
            `  pays parent    ${percent(found.parentRoyaltyBps)}`,
            `  contributors   ${found.contributors.map((c) => `${c.wallet.toBase58()} ${percent(c.shareBps)}`).join(", ") || "none"}`,
            `  licenses       ${found.licenseCount}, forks ${found.childrenCount}, sales ${found.saleCount}, rating ${rating} (${found.ratingCount} reviews)`,
            ...(sale
              ? [`  for sale       ${formatAmount(sale.price, sale.decimals)} (mint ${sale.paymentMint.toBase58()}) at split version ${found.splitVersion}, model version ${found.modelVersion}`]
              : []),
            ...(found.takenDown ? ["  TAKEN DOWN by the platform"] : []),
          ],
          { name, ...found, sale: sale && { seller: sale.seller, paymentMint: sale.paymentMint, price: sale.price } }
        );
      })
    );

  model
    .command("lineage <model>")
    .description("the fork tree of the model's family, with each model's share and earnings")
    .option("--svg <file>", "also draw the tree as an SVG file")
    .action(
      run(async (ctx, mint: string, options: { svg?: string }) => {
        const found = await requireModel(ctx, mint);
        const [family, vaults] = await Promise.all([getFamily(ctx.client, found.root), fetchAllVaults(ctx.client)]);
        const nodes = await lineageNodes(ctx, family, vaults, found.mint);
        const lines: string[] = [];
        const draw = (node: LineageNode, prefix: string, last: boolean, top: boolean) => {
          const branch = top ? "" : last ? "└─ " : "├─ ";
          lines.push(`${prefix}${branch}${node.label}  ${node.detail}${node.highlight ? "  ◀" : ""}`);
          const childPrefix = top ? "" : prefix + (last ? "   " : "│  ");
          node.children.forEach((child, index) => draw(child, childPrefix, index === node.children.length - 1, false));
        };
        draw(nodes, "", true, true);
        if (options.svg) {
          writeFileSync(options.svg, lineageSvg(nodes));
          lines.push(`SVG written to ${options.svg}`);
        }
        ctx.print(lines, { root: found.root, tree: stripForJson(nodes), svg: options.svg ?? null });
      })
    );

  model
    .command("earnings <model>")
    .description("each revenue vault of the model: income, and what each recipient took and is owed")
    .action(
      run(async (ctx, mint: string) => {
        const found = await requireModel(ctx, mint);
        const vaults = (await fetchAllVaults(ctx.client)).filter((vault) => vault.modelMint.equals(found.mint));
        if (vaults.length === 0) {
          ctx.print([`model ${mint} has no revenue vault yet`], { model: found.mint, vaults: [] });
          return;
        }
        const lines: string[] = [];
        const data = [];
        for (const { vault, decimals, income } of await earnings(ctx, vaults)) {
          lines.push(`vault ${vault.address.toBase58()} (mint ${vault.paymentMint.toBase58()})`, `  income ${income}, paid out ${formatAmount(vault.totalPaidOut, decimals)}`);
          const recipients = vault.recipients
            .map((recipient, slot) => ({ slot, ...recipient, owed: owed(vault, slot) }))
            .filter((recipient) => recipient.shareBps > 0 || recipient.taken > 0n);
          for (const recipient of recipients) {
            const who = recipient.slot === 0 ? "parent vault" : recipient.slot === 17 ? "owner" : `contributor ${recipient.wallet.toBase58()}`;
            lines.push(`  ${who.padEnd(14)} ${percent(recipient.shareBps).padStart(7)}  took ${formatAmount(recipient.taken, decimals)}, owed ${formatAmount(recipient.owed, decimals)}`);
          }
          data.push({ vault: vault.address, paymentMint: vault.paymentMint, income: vault.totalIncome, paidOut: vault.totalPaidOut, recipients });
        }
        ctx.print(lines, { model: found.mint, vaults: data });
      })
    );

  modelManagementCommands(model);
  discoveryCommands(model);
}

/** The family as a tree from its root, labelled with names, shares and earnings. */
async function lineageNodes(ctx: Context, family: ModelAccount[], vaults: VaultState[], selected: PublicKey): Promise<LineageNode> {
  const names = await Promise.all(family.map((member) => modelName(ctx, member.mint)));
  const incomes = await earnings(ctx, vaults.filter((vault) => family.some((member) => member.mint.equals(vault.modelMint))));
  const nodes = new Map<string, LineageNode>();
  family.forEach((member, index) => {
    const earned = incomes.filter(({ vault }) => vault.modelMint.equals(member.mint)).map(({ vault, income }) => `${income} ${shortKey(vault.paymentMint)}`);
    nodes.set(member.mint.toBase58(), {
      label: `${names[index]} (${shortKey(member.mint)})`,
      detail: `${member.parent ? `pays parent ${percent(member.parentRoyaltyBps)}, ` : ""}fork royalty ${percent(member.forkRoyaltyBps)}, earned ${earned.join(" + ") || "nothing yet"}`,
      mint: member.mint.toBase58(),
      highlight: member.mint.equals(selected),
      children: [],
    });
  });
  let root: LineageNode | undefined;
  for (const member of family) {
    const node = nodes.get(member.mint.toBase58())!;
    if (member.parent) nodes.get(member.parent.toBase58())?.children.push(node);
    else root = node;
  }
  if (!root) throw new UserError("the lineage has no base model on this cluster");
  return root;
}

function stripForJson(node: LineageNode): unknown {
  return { mint: node.mint, label: node.label, detail: node.detail, children: node.children.map(stripForJson) };
}
