// A license's life after purchase (close, trial, change tier, approve a
// derivative) and a listing's trials and end (fund and withdraw trials,
// reclaim its rent): subcommands of `license` and `listing`.
import { Command } from "commander";
import { approveDerivative, changeTier, claimTrial, closeLicense, fetchLicense, fundTrials, reclaimListing, withdrawTrialBudget } from "../../../sdk";
import { formatAmount, parseAmount } from "../amounts";
import { UserError } from "../errors";
import { requireLicense, requireListing } from "../licenses";
import { run } from "../runner";

const sol = (lamports: bigint) => `${formatAmount(lamports, 9)} SOL`;
const date = (unix: number | bigint) => new Date(Number(unix) * 1000).toISOString();

export function licensingCommands(listing: Command, license: Command) {
  license
    .command("close <license>")
    .description("close a license you no longer need (no credits, nothing in escrow): the NFT is burned and its rent comes back")
    .action(
      run(async (ctx, text: string) => {
        const found = await requireLicense(ctx, text);
        const closed = await closeLicense(ctx.client, found.license);
        const trial = closed.trialCreditsReturned > 0n ? `; ${formatAmount(closed.trialCreditsReturned, found.listing.decimals)} of trial credits back to the listing's budget` : "";
        ctx.print([`license ${text} closed: ${sol(closed.rentReturned)} of rent returned${trial}`, ctx.transactionLine(closed.signature)], { license: found.license.address, ...closed });
      })
    );

  license
    .command("trial <license>")
    .description("take the listing's trial on your pay-per-use license: free units paid by the owner's trial budget, once per wallet")
    .action(
      run(async (ctx, text: string) => {
        const found = await requireLicense(ctx, text);
        const claimed = await claimTrial(ctx.client, found.license, found.listing);
        const units = found.listing.trialUnits;
        ctx.print([`trial taken: ${units} unit(s), ${formatAmount(claimed.trialCredits, found.listing.decimals)} of trial credits`, ctx.transactionLine(claimed.signature)], {
          license: found.license.address,
          units,
          ...claimed,
        });
      })
    );

  license
    .command("change-tier <license> <listing>")
    .description("move your subscription to another subscription listing of the model: the paid time left counts towards the new price")
    .requiredOption("--price <amount>", "the new listing's period price, which you agree to")
    .action(
      run(async (ctx, text: string, listingText: string, options: { price: string }) => {
        const found = await requireLicense(ctx, text);
        const target = await requireListing(ctx, listingText);
        const amount = (units: bigint) => formatAmount(units, target.decimals);
        const changed = await changeTier(ctx.client, found.license, target, parseAmount(options.price, target.decimals, "price"), found.listing);
        const after = await fetchLicense(ctx.client, found.license.address);
        ctx.print(
          [
            `license ${text} moved to listing ${listingText}: credit ${amount(changed.credit)}, paid ${amount(changed.due)}, valid until ${date(after!.expiresAt)}`,
            ctx.transactionLine(changed.signature),
          ],
          { license: found.license.address, listing: target.address, ...changed, expiresAt: after!.expiresAt }
        );
      })
    );

  license
    .command("approve-derivative <license>")
    .description("as the model's owner: approve the holder's derivative, under terms that require approval (--revoke withdraws it)")
    .option("--revoke", "withdraw the approval")
    .action(
      run(async (ctx, text: string, options: { revoke?: boolean }) => {
        const found = await requireLicense(ctx, text);
        const approved = !options.revoke;
        const signature = await approveDerivative(ctx.client, found.license, approved);
        ctx.print([`derivative of ${found.license.holder.toBase58()} ${approved ? "approved" : "no longer approved"}`, ctx.transactionLine(signature)], {
          license: found.license.address,
          approved,
          signature,
        });
      })
    );

  listing
    .command("reclaim <listing>")
    .description("take back the rent of a closed listing once none of its licenses exists")
    .action(
      run(async (ctx, text: string) => {
        const found = await requireListing(ctx, text);
        const reclaimed = await reclaimListing(ctx.client, found.address);
        ctx.print([`listing ${text} reclaimed: ${sol(reclaimed.rentReturned)} of rent returned`, ctx.transactionLine(reclaimed.signature)], { listing: found.address, ...reclaimed });
      })
    );

  listing
    .command("fund-trials <listing> <amount>")
    .description("add to a pay-per-use listing's trial budget, which pays new wallets' trials")
    .action(
      run(async (ctx, text: string, amountText: string) => {
        const found = await requireListing(ctx, text);
        const amount = parseAmount(amountText, found.decimals);
        const signature = await fundTrials(ctx.client, found, amount);
        const budget = found.trialBudget + amount;
        ctx.print([`trial budget of ${text}: ${formatAmount(budget, found.decimals)}`, ctx.transactionLine(signature)], { listing: found.address, trialBudget: budget, signature });
      })
    );

  listing
    .command("withdraw-trials <listing> [amount]")
    .description("take unused trial budget back (all of it without an amount)")
    .action(
      run(async (ctx, text: string, amountText: string | undefined) => {
        const found = await requireListing(ctx, text);
        const amount = amountText === undefined ? found.trialBudget : parseAmount(amountText, found.decimals);
        if (amount === 0n) throw new UserError(`the trial budget of listing ${text} is empty`);
        const signature = await withdrawTrialBudget(ctx.client, found, amount);
        ctx.print([`withdrew ${formatAmount(amount, found.decimals)} of trial budget`, ctx.transactionLine(signature)], { listing: found.address, withdrawn: amount, signature });
      })
    );
}

