// Running the `hex` CLI as a user runs it: a child process against the
// embedded chain, its output, its exit code.
import { Keypair } from "@solana/web3.js";
import { expect } from "chai";
import { execFile } from "child_process";
import { writeFileSync } from "fs";
import path from "path";
import { chainUrl } from "./helpers";

export const HEX = path.join(__dirname, "..", "scripts", "hex.js");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `hex --url <chain> [--keypair FILE] ...args`, with no wallet from the environment. */
export function hex(args: string[], keypairFile?: string): Promise<Run> {
  const globals = ["--url", chainUrl(), ...(keypairFile ? ["--keypair", keypairFile] : [])];
  return new Promise((resolve) => {
    execFile("node", [HEX, ...globals, ...args], { env: { ...process.env, ANCHOR_WALLET: "" } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

export async function hexJson<T = any>(args: string[], keypairFile: string): Promise<T> {
  const run = await hex([...args, "--json"], keypairFile);
  expect(run.stderr, run.stderr).to.equal("");
  expect(run.code).to.equal(0);
  return JSON.parse(run.stdout);
}

/** A user error: exit code 1, one line on stderr naming the problem, nothing on stdout. */
export function expectOneLineError(run: Run, pattern: RegExp) {
  expect(run.code).to.equal(1);
  expect(run.stdout).to.equal("");
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines, run.stderr).to.have.length(1);
  expect(lines[0]).to.match(/^error: /);
  expect(lines[0]).to.match(pattern);
}

/** Writes `keypair` as a Solana keypair file `<name>.json` in `dir`. */
export function writeKeypairFile(dir: string, name: string, keypair: Keypair): string {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(Array.from(keypair.secretKey)));
  return file;
}
