// Managing a model: its contributors and visibility, its sale, reviews by
// licensees, and the platform's takedown.
import { Command } from "commander";
import { PublicKey } from "@solana/web3.js";
import { buyModel, cancelModelSale, ContributorShare, listModelForSale, reviewModel, setContributors, setModelTakenDown, setVisibility } from "../../../sdk";
import { formatAmount, parseAmount, parseBps, parseChoice, parseInteger } from "../amounts";
import { loadKeypair, parsePublicKey } from "../context";
import { UserError } from "../errors";
import { requireLicense } from "../licenses";
import { fetchSale, percent, requireModel, requireOwner } from "../models";
import { run } from "../runner";

const BPS_TOTAL = 10_000;

/** "WALLET:BPS" → a contributor's share. */
function parseShare(text: string): ContributorShare {
  const [wallet, bps, extra] = text.split(":");
  if (bps === undefined || extra !== undefined) throw new UserError(`bad contributor "${text}": write WALLET:BPS, e.g. ${PublicKey.default.toBase58()}:1500`);
  return { wallet: parsePublicKey(wallet, "contributor wallet"), shareBps: parseBps(bps, `share of ${wallet}`, 1) };
}

function parseShares(texts: string[], parentRoyaltyBps: number): ContributorShare[] {
  const shares = texts.map(parseShare);
  shares.forEach((share, index) => {
    if (shares.slice(0, index).some((earlier) => earlier.wallet.equals(share.wallet))) throw new UserError(`contributor ${share.wallet.toBase58()} is named twice`);
  });
  const total = shares.reduce((sum, share) => sum + share.shareBps, 0);
  if (total + parentRoyaltyBps > BPS_TOTAL) {
    throw new UserError(`the shares add up to ${total} bps and the parent takes ${parentRoyaltyBps}: together they must not pass ${BPS_TOTAL}`);
  }
  return shares;
}

export function modelManagementCommands(model: Command) {
  model
    .command("contributors <model> [shares...]")
    .description("name the contributors of a model you own and their shares, as WALLET:BPS ... (the owner keeps the rest); a contributor whose share shrinks co-signs")
    .option("--co-signer <keypair...>", "keypair file of a contributor whose share shrinks or is removed")
    .option("--none", "remove every contributor")
    .action(
      run(async (ctx, mint: string, shareTexts: string[], options: { coSigner?: string[]; none?: boolean }) => {
        if (Boolean(options.none) === shareTexts.length > 0) throw new UserError("give the contributors as WALLET:BPS ..., or --none to remove them all");
        const found = requireOwner(ctx, await requireModel(ctx, mint));
        const shares = parseShares(shareTexts, found.parentRoyaltyBps);
        const coSigners = (options.coSigner ?? []).map((file) => loadKeypair(file, "--co-signer"));
        for (const current of found.contributors) {
          const next = shares.find((share) => share.wallet.equals(current.wallet))?.shareBps ?? 0;
          if (next < current.shareBps && !coSigners.some((signer) => signer.publicKey.equals(current.wallet))) {
            throw new UserError(`the share of ${current.wallet.toBase58()} shrinks from ${current.shareBps} to ${next} bps: it must co-sign, pass its keypair with --co-signer FILE`);
          }
        }
        const signature = await setContributors(ctx.client, found.mint, shares, coSigners);
        const named = shares.map((share) => `${share.wallet.toBase58()} ${percent(share.shareBps)}`).join(", ") || "none";
        const ownerBps = BPS_TOTAL - found.parentRoyaltyBps - shares.reduce((sum, share) => sum + share.shareBps, 0);
        ctx.print([`contributors of ${mint}: ${named}; the owner keeps ${percent(ownerBps)}`, ctx.transactionLine(signature)], {
          model: found.mint,
          contributors: shares,
          ownerShareBps: ownerBps,
          signature,
        });
      })
    );

  model
    .command("visibility <model> <open|closed>")
    .description("open a model you own to forks by anyone, or close it (forks then need a license with derivative rights)")
    .action(
      run(async (ctx, mint: string, visibilityText: string) => {
        const open = parseChoice(visibilityText, "visibility", ["open", "closed"] as const) === "open";
        const found = requireOwner(ctx, await requireModel(ctx, mint));
        const signature = await setVisibility(ctx.client, found.mint, open);
        ctx.print([`model ${mint} is now ${open ? "open" : "closed"} source`, ctx.transactionLine(signature)], { model: found.mint, openSource: open, signature });
      })
    );

  model
    .command("sell <model> <price>")
    .description("offer a model you own for sale (at least the platform's minimum price); while listed, its contributors, visibility and versions are frozen")
    .requiredOption("--mint <address>", "payment mint")
    .action(
      run(async (ctx, mint: string, priceText: string, options: { mint: string }) => {
        const found = requireOwner(ctx, await requireModel(ctx, mint));
        const paymentMint = await ctx.paymentMint(options.mint);
        const price = parseAmount(priceText, paymentMint.decimals, "price");
        const signature = await listModelForSale(ctx.client, found.mint, paymentMint.address, price);
        ctx.print([`model ${mint} offered for ${priceText} (mint ${paymentMint.address.toBase58()})`, ctx.transactionLine(signature)], {
          model: found.mint,
          paymentMint: paymentMint.address,
          price,
          signature,
        });
      })
    );

  model
    .command("cancel-sale <model>")
    .description("withdraw the sale offer of a model you own; the offer's rent returns to you")
    .action(
      run(async (ctx, mint: string) => {
        const found = requireOwner(ctx, await requireModel(ctx, mint));
        if (!(await fetchSale(ctx, found.mint))) throw new UserError(`model ${mint} is not for sale`);
        const signature = await cancelModelSale(ctx.client, found.mint);
        ctx.print([`sale of model ${mint} cancelled`, ctx.transactionLine(signature)], { model: found.mint, signature });
      })
    );

  model
    .command("buy <model>")
    .description("buy a model offered for sale, at the price (and split and version, as hex model show prints them) you agree to")
    .requiredOption("--price <amount>", "the price you agree to pay, as the offer shows it")
    .option("--split-version <n>", "the split version you saw (default: the current one)")
    .option("--model-version <n>", "the model version you saw (default: the current one)")
    .action(
      run(async (ctx, mint: string, options: { price: string; splitVersion?: string; modelVersion?: string }) => {
        const found = await requireModel(ctx, mint);
        const sale = await fetchSale(ctx, found.mint);
        if (!sale) throw new UserError(`model ${mint} is not for sale`);
        const price = parseAmount(options.price, sale.decimals, "price");
        const seen = {
          splitVersion: options.splitVersion === undefined ? found.splitVersion : Number(parseInteger(options.splitVersion, "split version")),
          modelVersion: options.modelVersion === undefined ? found.modelVersion : Number(parseInteger(options.modelVersion, "model version", 1)),
        };
        const signature = await buyModel(ctx.client, found.mint, price, seen);
        ctx.print([`bought model ${mint} from ${sale.seller.toBase58()} for ${formatAmount(price, sale.decimals)}`, ctx.transactionLine(signature)], {
          model: found.mint,
          seller: sale.seller,
          paymentMint: sale.paymentMint,
          price,
          ...seen,
          signature,
        });
      })
    );

  model
    .command("review <model> <rating>")
    .description("review a model with a license of it that paid it: a rating from 1 to 5 and a URI; one review per license")
    .requiredOption("--license <license>", "your license of the model")
    .requiredOption("--uri <uri>", "where the review's text lives")
    .action(
      run(async (ctx, mint: string, ratingText: string, options: { license: string; uri: string }) => {
        if (!/^[1-5]$/.test(ratingText.trim())) throw new UserError(`bad rating "${ratingText}": give a whole number from 1 to 5`);
        const found = await requireModel(ctx, mint);
        const { license } = await requireLicense(ctx, options.license);
        if (!license.modelMint.equals(found.mint)) throw new UserError(`license ${options.license} is a license of model ${license.modelMint.toBase58()}, not of ${mint}`);
        const signature = await reviewModel(ctx.client, license, Number(ratingText), options.uri);
        ctx.print([`reviewed model ${mint}: ${ratingText.trim()}/5`, ctx.transactionLine(signature)], { model: found.mint, license: license.address, rating: Number(ratingText), signature });
      })
    );

  const takedowns = [
    { name: "takedown", takenDown: true, description: "platform authority: take a model down (no new listings, license sales or renewals, model sales or forks; revenue it earned stays claimable)" },
    { name: "restore", takenDown: false, description: "platform authority: restore a model taken down" },
  ];
  for (const { name, takenDown, description } of takedowns) {
    model
      .command(`${name} <model>`)
      .description(description)
      .action(
        run(async (ctx, mint: string) => {
          const found = await requireModel(ctx, mint);
          const signature = await setModelTakenDown(ctx.client, found.mint, takenDown);
          ctx.print([`model ${mint} ${takenDown ? "taken down" : "restored"}`, ctx.transactionLine(signature)], { model: found.mint, takenDown, signature });
        })
      );
  }
}
