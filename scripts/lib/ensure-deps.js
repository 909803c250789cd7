// Installs the pinned npm dependencies when they are missing or older than
// package-lock.json, so that a fresh clone needs no setup step. Uses only
// Node's built-in modules: it runs before anything else is installed.
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

function ensureNodeDependencies(repoRoot) {
  const lockfile = path.join(repoRoot, "package-lock.json");
  const installed = path.join(repoRoot, "node_modules", ".package-lock.json");
  const upToDate = fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lockfile).mtimeMs;
  if (upToDate) return;
  console.log("Installing npm dependencies (npm ci)...");
  execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: repoRoot, stdio: "inherit" });
}

module.exports = { ensureNodeDependencies };
