// `npm run bench`: measures every user action on the embedded chain and
// writes docs/BENCHMARKS.md.
import { existsSync, readFileSync, writeFileSync } from "fs";
import path from "path";
import { Keypair } from "@solana/web3.js";
import { defaultPlatformSettings, ensurePlatform } from "../../sdk";
import { renderMarkdown, runBenchmarks } from "./report";
import { fundedCounting } from "./scenario";

async function main() {
  const url = process.env.ANCHOR_PROVIDER_URL;
  if (!url) throw new Error("ANCHOR_PROVIDER_URL is not set: run `npm run bench`");
  const authority = await fundedCounting(url);
  const treasury = Keypair.generate().publicKey;
  await ensurePlatform(authority.client, defaultPlatformSettings(treasury));
  const report = await runBenchmarks(url, { depths: [1, 8, 32, 64], treasury, authority: authority.client });
  const file = path.join(__dirname, "..", "..", "docs", "BENCHMARKS.md");
  // The indexer's section is written by `npm run bench:indexer`: keep it.
  const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
  const indexerSection = previous.indexOf("<!-- indexer benchmark:");
  writeFileSync(file, renderMarkdown(report) + (indexerSection >= 0 ? `\n${previous.slice(indexerSection)}` : ""));
  console.log(renderMarkdown(report));
  console.log(`written to ${file}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
