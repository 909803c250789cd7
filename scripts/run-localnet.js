#!/usr/bin/env node
// `npm run localnet [-- --port N]`: builds and runs the embedded chain in the
// foreground until Ctrl-C.
const { spawn } = require("child_process");
const { binary, buildLocalnet } = require("./lib/localnet");
const { repoRoot } = require("./lib/cargo");

buildLocalnet().then(
  () => {
    const chain = spawn(binary, process.argv.slice(2), { cwd: repoRoot, stdio: "inherit" });
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => chain.kill(signal));
    chain.on("exit", (code) => process.exit(code ?? 0));
  },
  (error) => {
    console.error(error.message);
    process.exit(1);
  }
);
