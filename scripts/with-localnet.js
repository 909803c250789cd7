#!/usr/bin/env node
// `node scripts/with-localnet.js <command> [args...]`: starts a fresh embedded
// chain on free ports, runs the command with ANCHOR_PROVIDER_URL pointing at
// it and ANCHOR_WALLET at a new funded-on-demand keypair, then stops the chain
// and exits with the command's exit code.
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { buildLocalnet, findFreePortPair, startLocalnet } = require("./lib/localnet");
const { repoRoot } = require("./lib/cargo");
const { ensureNodeDependencies } = require("./lib/ensure-deps");

function temporaryWallet() {
  const { Keypair } = require("@solana/web3.js");
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "hex-wallet-"));
  const file = path.join(directory, "id.json");
  fs.writeFileSync(file, JSON.stringify(Array.from(Keypair.generate().secretKey)));
  return file;
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error("usage: with-localnet.js <command> [args...]");
    process.exit(2);
  }
  ensureNodeDependencies(repoRoot);
  await buildLocalnet();
  const chain = await startLocalnet(await findFreePortPair());
  const env = { ...process.env, ANCHOR_PROVIDER_URL: chain.url, ANCHOR_WALLET: temporaryWallet() };
  const bin = path.join(repoRoot, "node_modules", ".bin", command);
  const child = spawn(fs.existsSync(bin) ? bin : command, args, { cwd: repoRoot, stdio: "inherit", env });
  const code = await new Promise((resolve) => child.on("exit", (exitCode) => resolve(exitCode ?? 1)));
  await chain.stop();
  process.exit(code);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
