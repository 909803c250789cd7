// Builds and starts the embedded chain (the `hex-localnet` binary) and
// stops it again.
const { spawn } = require("child_process");
const net = require("net");
const path = require("path");
const readline = require("readline");
const { targetDir, repoRoot } = require("./cargo");
const { cargoWithProgress } = require("./cargo-progress");

// HEX_LOCALNET_BINARY runs an already built chain (for example a release
// build, or a copy kept while the programs are being changed) and skips the build.
const prebuiltBinary = process.env.HEX_LOCALNET_BINARY;
const binary = prebuiltBinary ? path.resolve(prebuiltBinary) : path.join(targetDir, "debug", "hex-localnet");

/** Builds the chain; says so, and shows cargo's progress, only when something compiles. */
function buildLocalnet() {
  if (prebuiltBinary) return Promise.resolve();
  return cargoWithProgress(
    ["build", "-p", "hex-localnet"],
    "Building the embedded chain (hex-localnet: the runtime and Hex's three programs; the first build takes several minutes)..."
  );
}

function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A port P such that P (JSON-RPC) and P + 1 (websocket) are both free. */
async function findFreePortPair(start = 18899) {
  for (let port = start; port < start + 1000; port += 2) {
    if ((await isPortFree(port)) && (await isPortFree(port + 1))) return port;
  }
  throw new Error(`no free pair of ports from ${start}`);
}

/** Starts the chain and resolves with its URL once it prints that it is ready. */
function startLocalnet(port, { quiet = true } = {}) {
  const args = ["--port", String(port)].concat(quiet ? ["--quiet"] : []);
  const child = spawn(binary, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      const match = line.match(/ready at (http:\/\/\S+)/);
      if (match) resolve({ url: match[1], process: child, stop: () => stopLocalnet(child) });
    });
    child.once("exit", (code) => reject(new Error(`hex-localnet exited with code ${code} before it was ready`)));
  });
}

function stopLocalnet(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

module.exports = { binary, buildLocalnet, findFreePortPair, startLocalnet };
