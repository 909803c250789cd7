// The SDK as a package: builds @hex-protocol/sdk (sdk/build.js), packs it,
// installs the tarball into an empty project with its peer dependencies,
// and uses it there as a dApp would: a CommonJS script and an ES module
// script each register a model and buy a license on the embedded chain;
// TypeScript checks a consumer of each kind; a browser bundle of it pulls
// in no Node built-in module and loads without Node's globals.
import { execFile } from "child_process";
import { expect } from "chai";
import fs from "fs";
import os from "os";
import path from "path";
import { promisify } from "util";
import { bundleForBrowser, runInBrowserContext } from "../scripts/lib/browser-bundle";
import { configPda, listingPda } from "../sdk";
import { chainUrl, sharedPlatform } from "./helpers";

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, "..");
const sdkDir = path.join(repoRoot, "sdk");
const fixtures = path.join(__dirname, "fixtures", "sdk-consumer");
const PACKAGE = "@hex-protocol/sdk";

/** The environment of a child npm: none of the outer `npm test`'s own variables. */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_") || keep.has(key.toLowerCase())));
}

async function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failed = error as { message: string; stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}: ${failed.message}\n${failed.stdout ?? ""}\n${failed.stderr ?? ""}`);
  }
}

function version(name: string): string {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules", name, "package.json"), "utf8")).version;
}

/** The last line of a script's output, as JSON. */
function lastJson(output: string) {
  return JSON.parse(output.trim().split("\n").pop()!);
}

describe("the SDK as a package (@hex-protocol/sdk)", function () {
  this.timeout(600_000);
  const timings: Record<string, number> = {};
  let project: string;
  let packed: { filename: string; files: { path: string }[] };

  async function timed<T>(label: string, action: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      return await action();
    } finally {
      timings[label] = (Date.now() - started) / 1000;
    }
  }

  before(async () => {
    await sharedPlatform();
    project = fs.mkdtempSync(path.join(os.tmpdir(), "hex-sdk-package-"));
    await timed("build", () => sh(process.execPath, [path.join(sdkDir, "build.js")], sdkDir));
    const out = await timed("pack", () => sh("npm", ["pack", "./dist", "--json", "--pack-destination", project], sdkDir, npmEnv()));
    packed = JSON.parse(out)[0];
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "hex-sdk-consumer", version: "1.0.0", private: true }, null, 2));
    for (const file of fs.readdirSync(fixtures)) fs.copyFileSync(path.join(fixtures, file), path.join(project, file));
    // The repository's exact peer versions: npm's cache holds them and every
    // dependency since the repository's own install, so the install runs
    // offline; where the cache lacks something, it falls back to the registry.
    const peers = ["@coral-xyz/anchor", "@solana/web3.js"].map((name) => `${name}@${version(name)}`);
    const install = (mode: string) =>
      sh("npm", ["install", path.join(project, packed.filename), ...peers, mode, "--no-audit", "--no-fund", "--ignore-scripts"], project, npmEnv());
    await timed("install", () => install("--offline").catch(() => install("--prefer-offline")));
  });

  after(() => {
    const total = Object.values(timings).reduce((sum, seconds) => sum + seconds, 0);
    console.log(`      package test times (s): ${Object.entries(timings).map(([label, seconds]) => `${label} ${seconds.toFixed(1)}`).join(", ")}; total ${total.toFixed(1)}`);
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it("packs the two builds, their declarations and the IDLs, and no TypeScript source", () => {
    const files = packed.files.map((file) => file.path);
    for (const file of ["package.json", "README.md", "index.js", "index.mjs", "index.d.ts", "index.d.mts", "core/tx.d.ts", "market/actions.d.ts"]) {
      expect(files).to.include(file);
    }
    for (const name of ["model_registry", "license_market", "royalty_escrow"]) expect(files).to.include(`idl/${name}.json`);
    expect(files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))).to.deep.equal([]);
    const manifest = JSON.parse(fs.readFileSync(path.join(project, "node_modules", PACKAGE, "package.json"), "utf8"));
    expect(manifest.name).to.equal(PACKAGE);
    expect(manifest.version).to.equal("0.1.0");
    expect(manifest.scripts).to.equal(undefined);
    expect(Object.keys(manifest.peerDependencies)).to.have.members(["@coral-xyz/anchor", "@solana/web3.js"]);
  });

  it("registers a model and buys a license from a CommonJS script (require)", async () => {
    const output = await timed("require script", () => sh(process.execPath, ["main.cjs"], project, { ...process.env, ANCHOR_PROVIDER_URL: chainUrl() }));
    const result = lastJson(output);
    expect(result.entry).to.equal(path.join(fs.realpathSync(project), "node_modules", PACKAGE, "index.js"));
    expect(result).to.include({ creator: true, validity: "valid", idlMatches: true });
  });

  it("registers a model and buys a license from an ES module script (import)", async () => {
    const output = await timed("import script", () => sh(process.execPath, ["main.mjs"], project, { ...process.env, ANCHOR_PROVIDER_URL: chainUrl() }));
    const result = lastJson(output);
    expect(result.entry).to.match(/\/node_modules\/@hex-protocol\/sdk\/index\.mjs$/);
    expect(result).to.include({ creator: true, validity: "valid" });
  });

  it("type-checks a TypeScript consumer as an ES module and as CommonJS (node16 resolution)", async () => {
    const tsconfig = {
      compilerOptions: {
        module: "node16",
        moduleResolution: "node16",
        target: "es2022",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        typeRoots: [path.join(repoRoot, "node_modules", "@types")],
        types: ["node"],
      },
      files: ["types.mts", "types.cts"],
    };
    fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
    const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    await timed("tsc", () => sh(process.execPath, [tsc, "-p", "tsconfig.json"], project));
  });

  it("bundles for the browser without Node built-ins, and the bundle loads without Node's globals", async () => {
    const { bytes, code, builtins } = await timed("browser bundle", () => bundleForBrowser(path.join(project, "browser-entry.mjs")));
    expect(builtins, JSON.stringify(builtins)).to.deep.equal([]);
    const sdk = runInBrowserContext(code);
    expect(sdk.configPda().toBase58()).to.equal(configPda().toBase58());
    expect(sdk.listingPda(sdk.configPda(), 7n).toBase58()).to.equal(listingPda(configPda(), 7n).toBase58());
    console.log(`      browser bundle: ${(bytes / 1024 / 1024).toFixed(1)} MiB unminified, no Node built-in`);
  });

  it("calls Buffer only where it imports it from the buffer package (browsers have no global Buffer)", () => {
    const offenders: string[] = [];
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory() && !["dist", "node_modules"].includes(entry.name)) visit(file);
        else if (entry.isFile() && entry.name.endsWith(".ts")) {
          const source = fs.readFileSync(file, "utf8");
          const callsBuffer = /\bBuffer\.(from|alloc|concat|byteLength|isBuffer|compare)\b/.test(source);
          const importsBuffer = /import\s*\{[^}]*\bBuffer\b[^}]*\}\s*from\s*"buffer"/.test(source);
          const usesNode = /\b(process\.|require\()/.test(source) || /from\s*"(node:)?(fs|path|os|crypto|child_process|util|stream|http|https|net)"/.test(source);
          if ((callsBuffer && !importsBuffer) || usesNode) offenders.push(path.relative(repoRoot, file));
        }
      }
    };
    visit(sdkDir);
    expect(offenders).to.deep.equal([]);
  });
});
