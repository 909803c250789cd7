// `hex`: the command line of Hex for creators and operators.
import { Command } from "commander";
import { resolveCluster } from "./context";
import { describeError } from "./errors";
import { platformCommands } from "./commands/platform";
import { modelCommands } from "./commands/model";
import { revenueCommands } from "./commands/revenue";
import { marketCommands } from "./commands/market";
import { familyCommands } from "./commands/family";
import { walletCommands } from "./commands/wallet";
import { indexerCommands } from "./commands/indexer";

const program = new Command("hex")
  .description("Hex: licensing, lineage and royalties for fine-tuned AI models on Solana")
  .option("-u, --url <cluster>", "localnet, devnet, testnet, mainnet-beta or an RPC URL (default: ANCHOR_PROVIDER_URL, then Anchor.toml)")
  .option("-k, --keypair <file>", "wallet keypair (default: ANCHOR_WALLET, then ~/.config/solana/id.json)")
  .option("--json", "print machine-readable JSON")
  .exitOverride();

platformCommands(program);
modelCommands(program);
revenueCommands(program);
marketCommands(program);
familyCommands(program);
walletCommands(program);
indexerCommands(program);

function clusterUrl(): string {
  try {
    return resolveCluster(program.opts().url).url;
  } catch {
    return String(program.opts().url);
  }
}

program.parseAsync(process.argv).catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help") process.exit(0);
  // commander has already printed its own one-line usage error.
  if (code?.startsWith("commander.")) process.exit(1);
  console.error(`error: ${describeError(error, clusterUrl())}`);
  process.exit(1);
});
