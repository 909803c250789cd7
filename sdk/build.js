#!/usr/bin/env node
// Builds the package @hex-protocol/sdk into sdk/dist/, the folder that is
// packed and published (`npm pack ./dist`, `npm publish ./dist`):
//   index.js     CommonJS, one file (esbuild; the IDLs inlined)
//   index.mjs    ES module, one file (esbuild)
//   *.d.ts       declarations (tsc), index.d.mts for `import`
//   idl/*.json   the IDLs, also importable as @hex-protocol/sdk/idl/<name>.json
//   package.json this folder's manifest without its scripts; README.md
// Dependencies stay external: the dApp's own copies of @coral-xyz/anchor
// and @solana/web3.js (peer dependencies) are used.
//
// Publishing from dist/ keeps the built files out of sdk/ itself: the
// repository's own code imports the SDK's TypeScript source as `../sdk`,
// which resolves through this folder's package.json ("main": "./index")
// to sdk/index.ts, never to a build.
//
// Uses esbuild and typescript from the repository's node_modules.
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const sdkDir = __dirname;
const distDir = path.join(sdkDir, "dist");
const ANCHOR = "@coral-xyz/anchor";

/**
 * The names the SDK imports from @coral-xyz/anchor as values. Anchor ships
 * CommonJS to Node, whose named exports Node's ES module loader cannot
 * see, and ES modules to bundlers: the ES build imports it through a shim
 * that works with both.
 */
function anchorImports() {
  const names = new Set();
  const pattern = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*"@coral-xyz\/anchor"/g;
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!["dist", "node_modules", "idl"].includes(entry.name)) visit(file);
      } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
        for (const [, typeOnly, list] of fs.readFileSync(file, "utf8").matchAll(pattern)) {
          if (typeOnly) continue;
          for (const item of list.split(",").map((text) => text.trim())) {
            if (item && !item.startsWith("type ")) names.add(item.split(/\s+as\s+/)[0]);
          }
        }
      }
    }
  };
  visit(sdkDir);
  return [...names].sort();
}

const anchorShim = {
  name: "anchor-esm-shim",
  setup(build) {
    build.onResolve({ filter: /^@coral-xyz\/anchor$/ }, (args) =>
      args.namespace === "anchor-shim" ? { path: ANCHOR, external: true } : { path: ANCHOR, namespace: "anchor-shim" }
    );
    build.onLoad({ filter: /.*/, namespace: "anchor-shim" }, () => ({
      contents: [
        `import * as namespace from "${ANCHOR}";`,
        // Node: the namespace of a CommonJS module has its exports as `default`.
        `const anchor = namespace.BN === undefined ? Reflect.get(namespace, "default") : namespace;`,
        `export const { ${anchorImports().join(", ")} } = anchor;`,
      ].join("\n"),
      loader: "js",
    }));
  },
};

async function build() {
  const esbuild = require("esbuild");
  fs.rmSync(distDir, { recursive: true, force: true });
  const common = {
    entryPoints: [path.join(sdkDir, "index.ts")],
    bundle: true,
    packages: "external",
    target: "es2020",
    logLevel: "warning",
    legalComments: "none",
  };
  await esbuild.build({ ...common, format: "cjs", platform: "node", outfile: path.join(distDir, "index.js") });
  await esbuild.build({ ...common, format: "esm", platform: "neutral", outfile: path.join(distDir, "index.mjs"), plugins: [anchorShim] });

  const tsc = require.resolve("typescript/bin/tsc", { paths: [sdkDir] });
  execFileSync(process.execPath, [tsc, "-p", path.join(sdkDir, "tsconfig.build.json")], { cwd: sdkDir, stdio: "inherit" });
  fs.writeFileSync(path.join(distDir, "index.d.mts"), 'export * from "./index.js";\n');

  fs.mkdirSync(path.join(distDir, "idl"), { recursive: true });
  for (const file of fs.readdirSync(path.join(sdkDir, "idl")).filter((name) => name.endsWith(".json"))) {
    fs.copyFileSync(path.join(sdkDir, "idl", file), path.join(distDir, "idl", file));
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(sdkDir, "package.json"), "utf8"));
  delete manifest.scripts;
  delete manifest.devDependencies;
  fs.writeFileSync(path.join(distDir, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  fs.copyFileSync(path.join(sdkDir, "README.md"), path.join(distDir, "README.md"));
  return distDir;
}

module.exports = { build, distDir };

if (require.main === module) {
  build().then(
    (dir) => console.log(`built ${path.relative(process.cwd(), dir) || "."}`),
    (error) => {
      console.error(error.message);
      process.exit(1);
    }
  );
}
