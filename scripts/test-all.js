#!/usr/bin/env node
// `npm test`: every Rust test (programs through the runtime, the chain's own
// units), then every mocha test against a fresh embedded chain; prints the
// totals of both and fails if anything failed.
const { spawn } = require("child_process");
const path = require("path");
const { targetDir, repoRoot } = require("./lib/cargo");
const { ensureNodeDependencies } = require("./lib/ensure-deps");

/** Runs a command, echoing its output, and returns its exit code and output. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...process.env, CARGO_TARGET_DIR: targetDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const echo = (stream) => (chunk) => {
      output += chunk;
      stream.write(chunk);
    };
    child.stdout.on("data", echo(process.stdout));
    child.stderr.on("data", echo(process.stderr));
    child.on("exit", (code) => resolve({ code: code ?? 1, output }));
  });
}

function sumMatches(output, pattern) {
  return [...output.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]), 0);
}

async function main() {
  const started = Date.now();
  ensureNodeDependencies(repoRoot);
  const rust = await run("cargo", ["test", "--workspace"]);
  const rustPassed = sumMatches(rust.output, /test result: \w+\. (\d+) passed/g);
  const rustFailed = sumMatches(rust.output, /(\d+) failed;/g);

  const mocha = await run("node", [path.join("scripts", "with-localnet.js"), "ts-mocha", "-p", "tsconfig.json", "-t", "1200000", "tests/**/*.test.ts"]);
  const mochaPassed = sumMatches(mocha.output, /(\d+) passing/g);
  const mochaFailed = sumMatches(mocha.output, /(\d+) failing/g);

  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  console.log("\n=== Hex test totals ===");
  console.log(`Rust:  ${rustPassed} passed, ${rustFailed} failed${rust.code ? " (cargo test failed)" : ""}`);
  console.log(`Mocha: ${mochaPassed} passing, ${mochaFailed} failing${mocha.code ? " (mocha failed)" : ""}`);
  console.log(`Time:  ${minutes} min`);
  process.exit(rust.code || mocha.code ? 1 : 0);
}

main();
