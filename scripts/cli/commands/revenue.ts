// Revenue: pay in off-chain API income (through the market, which takes the
// platform's API fee), release it down the contributor chain, claim what
// your wallet is owed.
import { Command } from "commander";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { claimAll, depositApiRevenue, fetchVaults, OWNER_SLOT, releaseChain, settleSoldVaults } from "../../../sdk";
import { formatAmount, parseAmount } from "../amounts";
import { UserError } from "../errors";
import { openVaultIfMissing, requireModel } from "../models";
import { run } from "../runner";

export function revenueCommands(program: Command) {
  const revenue = program.command("revenue").description("a model's revenue: deposit, release down the chain, claim");

  revenue
    .command("deposit <model> <amount>")
    .description("pay in revenue the model earned off chain (API billing): the platform's API fee (the license fee at the creator's tier) to the treasury, the rest to the model; the creator needs a listing in the mint")
    .requiredOption("--mint <address>", "payment mint")
    .action(
      run(async (ctx, mintText: string, amountText: string, options: { mint: string }) => {
        const model = await requireModel(ctx, mintText);
        const mint = await ctx.paymentMint(options.mint);
        const amount = parseAmount(amountText, mint.decimals);
        const key = { modelMint: model.mint, paymentMint: mint.address, tokenProgram: mint.tokenProgram };
        const lines = await openVaultIfMissing(ctx, key);
        const source = getAssociatedTokenAddressSync(mint.address, ctx.wallet, true, mint.tokenProgram);
        const balance = await ctx.client.connection.getTokenAccountBalance(source).catch(() => null);
        if (!balance || BigInt(balance.value.amount) < amount) {
          throw new UserError(`insufficient funds: your token account ${source.toBase58()} holds ${balance ? balance.value.uiAmountString : "nothing"}, the deposit needs ${amountText}`);
        }
        const deposited = await depositApiRevenue(ctx.client, key, amount);
        const units = (value: bigint) => formatAmount(value, mint.decimals);
        lines.push(`deposited ${amountText} of API revenue for ${mintText}: platform fee ${units(deposited.fee)} (${deposited.feeBps} bps), ${units(deposited.model)} to the model`, ctx.transactionLine(deposited.signature));
        const { signature, fee, feeBps } = deposited;
        ctx.print(lines, { model: model.mint, paymentMint: mint.address, amount, platformFee: fee, feeBps, toModel: deposited.model, signature });
      })
    );

  revenue
    .command("release <model>")
    .description("release the model's revenue up its whole lineage, one hop per ancestor, showing progress per transaction")
    .requiredOption("--mint <address>", "payment mint")
    .action(
      run(async (ctx, mintText: string, options: { mint: string }) => {
        const model = await requireModel(ctx, mintText);
        const mint = await ctx.paymentMint(options.mint);
        const result = await releaseChain(ctx.client, model.mint, mint.address, (progress) => {
          if (!ctx.options.json) console.log(`transaction ${progress.transaction}/${progress.transactions}: ${ctx.transactionLine(progress.signature)}`);
        });
        ctx.print([`released ${result.hops} hop(s) in ${result.signatures.length} transaction(s)`], result);
      })
    );

  revenue
    .command("claim")
    .description("claim everything your wallet is owed, as contributor, owner or previous owner of a sold model, from every vault")
    .action(
      run(async (ctx) => {
        await ctx.ensureHexDeployed();
        // What models the wallet sold earned before their sale waits in their vaults until settled.
        const settled = await settleSoldVaults(ctx.client);
        const claims = await claimAll(ctx.client);
        const lines = [...settled.map((signature) => `set aside what sold models earned before their sale: ${ctx.transactionLine(signature)}`), ...(claims.length === 0 ? ["nothing to claim"] : [])];
        const vaults = await fetchVaults(ctx.client, claims.map((claim) => claim.vault));
        for (const [index, claim] of claims.entries()) {
          const vault = vaults[index]!;
          const { decimals } = await ctx.mint(vault.paymentMint);
          const role = claim.previousOwner ? "previous owner" : claim.slot === OWNER_SLOT ? "owner" : "contributor";
          lines.push(`claimed ${formatAmount(claim.amount, decimals)} (mint ${vault.paymentMint.toBase58()}) as ${role} of model ${vault.modelMint.toBase58()}`, `  ${ctx.transactionLine(claim.signature)}`);
        }
        ctx.print(lines, claims);
      })
    );
}
