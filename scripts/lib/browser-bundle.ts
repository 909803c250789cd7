// Bundles an entry point for the browser (esbuild, platform=browser) and
// lists the Node built-in modules it pulls in; `buffer` is allowed when it
// resolves to the npm package of that name (the polyfill web3.js itself
// imports). Then runs the bundle in a context holding only what a browser
// offers (no Buffer, process, require or module), to prove it loads.
import { build, Plugin } from "esbuild";
import { builtinModules } from "module";
import path from "path";
import vm from "vm";

const BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith("_")));
/** Built-in names a browser bundle may import because npm packages of that name stand in for them. */
const POLYFILLED = new Set(["buffer"]);

/** The Node built-in module a specifier names (`fs`, `node:fs/promises`...), or null. */
export function builtinName(specifier: string): string | null {
  const bare = specifier.startsWith("node:") ? specifier.slice(5) : specifier;
  const name = bare.split("/")[0];
  return BUILTINS.has(bare) || BUILTINS.has(name) ? name : null;
}

export interface BrowserBundle {
  bytes: number;
  code: string;
  /** Each import of a Node built-in (other than an npm polyfill found in node_modules), with its importer. */
  builtins: { module: string; importer: string }[];
}

export async function bundleForBrowser(entry: string, globalName = "HexSdk"): Promise<BrowserBundle> {
  const builtins: BrowserBundle["builtins"] = [];
  const recordBuiltins: Plugin = {
    name: "record-node-builtins",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.inner) return undefined;
        const name = builtinName(args.path);
        if (!name) return undefined;
        const resolved = await pluginBuild.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { inner: true },
        });
        const found = resolved.errors.length === 0;
        const polyfill = POLYFILLED.has(name) && !args.path.startsWith("node:") && found && resolved.path.includes(`${path.sep}node_modules${path.sep}`);
        if (!polyfill) builtins.push({ module: args.path, importer: path.relative(process.cwd(), args.importer) });
        return found ? resolved : { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName,
    target: "es2020",
    write: false,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [recordBuiltins],
  });
  const code = result.outputFiles[0].text;
  return { bytes: Buffer.byteLength(code), code, builtins };
}

/** The globals of a browser page that the SDK and its dependencies may touch at load. */
function browserGlobals(): Record<string, unknown> {
  const globals: Record<string, unknown> = {
    console,
    crypto: globalThis.crypto,
    TextEncoder,
    TextDecoder,
    URL,
    URLSearchParams,
    AbortController,
    fetch: globalThis.fetch,
    Headers: globalThis.Headers,
    Request: globalThis.Request,
    Response: globalThis.Response,
    WebSocket: class WebSocket {},
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    atob,
    btoa,
  };
  globals.window = globals;
  globals.self = globals;
  globals.globalThis = globals;
  return globals;
}

/** Runs an IIFE bundle as a browser page would; returns its global (the bundle's exports). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function runInBrowserContext(code: string, globalName = "HexSdk"): any {
  const context = vm.createContext(browserGlobals());
  vm.runInContext(code, context, { filename: "browser-bundle.js" });
  return context[globalName];
}
