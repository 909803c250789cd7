#!/usr/bin/env node
// `npm test`: every Rust test (programs through the runtime, the chain's own
// units), then every mocha test against a fresh embedded chain; prints the
// totals of both and fails if anything failed.
const { spawn } = require("child_process");
const path = require("path");
const { repoRoot, targetDir } = require("./lib/cargo");
const { cargoEnv, createCargoFilter } = require("./lib/cargo-progress");
const { ensureNodeDependencies } = require("./lib/ensure-deps");

/**
 * Runs a command, echoing its output, and returns its exit code and output.
 * With a `header`, its stderr is cargo's: the header shows, with cargo's
 * progress, only when something compiles (see lib/cargo-progress.js).
 */
function run(command, args, header) {
  return new Promise((resolve) => {
    const env = header ? cargoEnv() : { ...process.env, CARGO_TARGET_DIR: targetDir };
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const stderr = header ? createCargoFilter(header, (text) => process.stderr.write(text)) : { push: (chunk) => process.stderr.write(chunk), end() {} };
    child.stdout.on("data", (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
      stderr.push(chunk);
    });
    child.on("close", (code) => {
      stderr.end();
      resolve({ code: code ?? 1, output });
    });
  });
}

function sumMatches(output, pattern) {
  // eslint-disable-next-line no-control-regex
  const plain = output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
  return [...plain.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]), 0);
}

async function main() {
  const started = Date.now();
  ensureNodeDependencies(repoRoot);
  const rust = await run("cargo", ["test", "--workspace"], "Building the Rust workspace and its tests (the first build takes several minutes)...");
  const rustPassed = sumMatches(rust.output, /test result: \w+\. (\d+) passed/g);
  const rustFailed = sumMatches(rust.output, /test result: \w+\. \d+ passed; (\d+) failed;/g);

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
