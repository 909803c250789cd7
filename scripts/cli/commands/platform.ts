// `hex init`: the platform config, once per cluster.
import { Command } from "commander";
import { defaultPlatformSettings, ensurePlatform } from "../../../sdk";
import { parsePublicKey } from "../context";
import { run } from "../runner";

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
}
