// Revenue: deposit off-chain income into a model's vault, release it down
// the contributor chain, claim what your wallet is owed.
import { Command } from "commander";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { claimAll, deposit, fetchVaults, OWNER_SLOT, releaseChain, settleSoldVaults } from "../../../sdk";
import { formatAmount, parseAmount } from "../amounts";
import { UserError } from "../errors";
import { openVaultIfMissing, requireModel } from "../models";
import { run } from "../runner";

export function revenueCommands(program: Command) {
  const revenue = program.command("revenue").description("a model's revenue: deposit, release down the chain, claim");

  revenue
    .command("deposit <model> <amount>")
    .description("deposit revenue earned off chain (API billing) into the model's vault; opens the vault if needed")
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
        const signature = await deposit(ctx.client, key, source, amount);
        lines.push(`deposited ${amountText} into the vault of ${mintText}`, ctx.transactionLine(signature));
        ctx.print(lines, { model: model.mint, paymentMint: mint.address, amount, signature });
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
