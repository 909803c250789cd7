// Purchases waiting in escrow through their refund window: settled to the
// model after it, disputed by the buyer inside it, decided by the arbiter.
import { Command } from "commander";
import { openDispute, resolveDispute, settlePurchase } from "../../../sdk";
import { formatAmount, parseChoice } from "../amounts";
import { UserError } from "../errors";
import { requireLicense } from "../licenses";
import { run } from "../runner";

export function disputeCommands(license: Command) {
  license
    .command("settle <license>")
    .description("after the refund window, pay a purchase out of escrow: the fee to the treasury, the rest to the model's vault (anyone may)")
    .action(
      run(async (ctx, text: string) => {
        const { license: found, listing } = await requireLicense(ctx, text);
        const signature = await settlePurchase(ctx.client, found, listing);
        const amount = (units: bigint) => formatAmount(units, listing.decimals);
        ctx.print([`purchase settled: ${amount(found.pendingPayment - found.pendingFee)} to the model's vault, ${amount(found.pendingFee)} platform fee`, ctx.transactionLine(signature)], {
          license: found.address,
          toVault: found.pendingPayment - found.pendingFee,
          fee: found.pendingFee,
          signature,
        });
      })
    );

  license
    .command("dispute <license>")
    .description("inside the refund window, ask the platform's arbiter to decide your purchase; the payment stays in escrow meanwhile")
    .action(
      run(async (ctx, text: string) => {
        const { license: found, listing } = await requireLicense(ctx, text);
        const signature = await openDispute(ctx.client, found);
        ctx.print(
          [
            `dispute opened: ${formatAmount(found.pendingPayment, listing.decimals)} stays in escrow until the arbiter decides; undecided by the deadline, take the refund with hex license refund ${text}`,
            ctx.transactionLine(signature),
          ],
          { license: found.address, inEscrow: found.pendingPayment, signature }
        );
      })
    );

  license
    .command("resolve-dispute <license> <refund|settle>")
    .description("as the platform's arbiter, before the dispute's deadline: refund the buyer (the license is revoked and closed) or settle the purchase")
    .action(
      run(async (ctx, text: string, decisionText: string) => {
        const refund = parseChoice(decisionText, "decision", ["refund", "settle"] as const) === "refund";
        const { license: found, listing } = await requireLicense(ctx, text);
        if (!found.disputed) throw new UserError(`no dispute is open on license ${text}`);
        const signature = await resolveDispute(ctx.client, found, refund, listing);
        const amount = formatAmount(found.pendingPayment, listing.decimals);
        const outcome = refund ? `${amount} refunded to ${found.holder.toBase58()}, license revoked` : `${amount} paid out to the model, the license stands`;
        ctx.print([`dispute resolved: ${outcome}`, ctx.transactionLine(signature)], { license: found.address, refunded: refund, amount: found.pendingPayment, signature });
      })
    );
}
