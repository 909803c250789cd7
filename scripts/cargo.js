#!/usr/bin/env node
// `node scripts/cargo.js <cargo args>`: cargo with the build cache outside
// the clone (~/.cache/hex/target unless CARGO_TARGET_DIR says otherwise).
const { spawnSync } = require("child_process");
const { targetDir, repoRoot } = require("./lib/cargo");

const result = spawnSync("cargo", process.argv.slice(2), {
  cwd: repoRoot,
  stdio: "inherit",
  env: { ...process.env, CARGO_TARGET_DIR: targetDir },
});
process.exit(result.status ?? 1);
