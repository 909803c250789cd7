// `hex airdrop`: SOL from the cluster's faucet, for a new wallet that has
// none and users without the Solana CLI.
import { Command } from "commander";
import { LAMPORTS_PER_SOL } from "@solana/web3.js";
import { formatAmount, parseAmount } from "../amounts";
import { parsePublicKey } from "../context";
import { UserError } from "../errors";
import { run } from "../runner";

const SOL_DECIMALS = Math.log10(LAMPORTS_PER_SOL);
/** Mainnet-beta's genesis hash: refused behind any URL, not only its moniker. */
const MAINNET_GENESIS_HASH = "5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d";
const NO_FAUCET = "mainnet-beta has no faucet: buy SOL and send it to your wallet";

export function walletCommands(program: Command) {
  program
    .command("airdrop [amount]")
    .description("request SOL from the faucet of localnet, devnet or testnet (default 1 SOL to your wallet)")
    .option("--to <address>", "wallet to fund instead of yours (then no keypair is needed)")
    .action(
      run(async (ctx, amountText: string | undefined, options: { to?: string }) => {
        if (ctx.cluster.moniker === "mainnet-beta") throw new UserError(NO_FAUCET);
        const lamports = parseAmount(amountText ?? "1", SOL_DECIMALS, "amount of SOL", "SOL");
        if (lamports > BigInt(Number.MAX_SAFE_INTEGER)) throw new UserError(`bad amount of SOL "${amountText}": no faucet gives that much`);
        const recipient = options.to === undefined ? ctx.wallet : parsePublicKey(options.to, "recipient");
        if ((await ctx.connection.getGenesisHash()) === MAINNET_GENESIS_HASH) throw new UserError(NO_FAUCET);
        const signature = await ctx.connection.requestAirdrop(recipient, Number(lamports)).catch((error: Error) => {
          if (/429|too many requests|limit|dry/i.test(error.message)) {
            throw new UserError(`the faucet of ${ctx.cluster.url} refused (rate limit or empty): try a smaller amount later, or https://faucet.solana.com`);
          }
          throw error;
        });
        const latest = await ctx.connection.getLatestBlockhash("confirmed");
        await ctx.connection.confirmTransaction({ signature, ...latest }, "confirmed");
        const balance = BigInt(await ctx.connection.getBalance(recipient, "confirmed"));
        ctx.print(
          [`airdropped ${formatAmount(lamports, SOL_DECIMALS)} SOL to ${recipient.toBase58()}: it now holds ${formatAmount(balance, SOL_DECIMALS)} SOL`, ctx.transactionLine(signature)],
          { recipient, lamports, balance, signature }
        );
      })
    );
}
