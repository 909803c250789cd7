// Cargo that speaks on a first (cold) build and stays quiet on a warm one:
// until something compiles, cargo's lines are held back and the lone
// "Finished" of a warm run is dropped; as soon as cargo starts compiling
// (or downloading), a one-line header says what is being built and cargo's
// own output follows as it comes (on a terminal, with its colours and
// progress bar). Uses only Node's built-in modules.
const { spawn } = require("child_process");
const { targetDir, repoRoot } = require("./cargo");

/** Cargo status lines that mean real work: the header goes before the first. */
const WORK = /^\s*(Compiling|Downloading|Downloaded|Updating|Locking|Adding|Checking|Building|Documenting)\b/;
/** What a warm run prints that is dropped until cargo compiles something. */
const WARM_NOISE = /^\s*Finished\b/;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** A line as it reads on screen: no colours, only what follows the last carriage return. */
function plainLine(line) {
  const text = line.replace(ANSI, "");
  return text.slice(text.lastIndexOf("\r") + 1);
}

/**
 * A filter of cargo's stderr. `push` takes chunks as they come, `end`
 * flushes; `write` receives what is shown. `quietWhenWarm` matches the
 * lines dropped before anything compiles (default: "Finished").
 */
function createCargoFilter(header, write, { quietWhenWarm = WARM_NOISE } = {}) {
  let compiling = false;
  let pending = "";
  const hold = (line) => {
    const plain = plainLine(line);
    if (WORK.test(plain)) {
      compiling = true;
      write(`${header}\n`);
      write(`${line}\n`);
    } else if (!quietWhenWarm.test(plain)) {
      write(`${line}\n`);
    }
  };
  return {
    push(chunk) {
      if (compiling) return write(String(chunk));
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop();
      for (const [index, line] of lines.entries()) {
        if (compiling) {
          write(`${lines.slice(index).join("\n")}\n`);
          break;
        }
        hold(line);
      }
      if (compiling && pending) {
        write(pending);
        pending = "";
      }
    },
    end() {
      if (pending && !compiling) hold(pending);
      else if (pending) write(pending);
      pending = "";
    },
    get compiled() {
      return compiling;
    },
  };
}

/** Cargo's environment: the shared target dir; on a terminal, colours and the progress bar through the pipe. */
function cargoEnv(stream = process.stderr) {
  const env = { ...process.env, CARGO_TARGET_DIR: targetDir };
  if (stream.isTTY) {
    env.CARGO_TERM_COLOR ??= "always";
    env.CARGO_TERM_PROGRESS_WHEN ??= "always";
    env.CARGO_TERM_PROGRESS_WIDTH ??= String(stream.columns || 80);
  }
  return env;
}

/**
 * Runs `command` (cargo, or a tool that runs cargo) in the repository; its
 * stderr goes through `createCargoFilter(header)`. Its stdout is inherited,
 * or collected and resolved with when `captureStdout` is set. Rejects if
 * the command fails.
 */
function runWithProgress(command, args, header, { env = {}, quietWhenWarm, captureStdout = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: { ...cargoEnv(), ...env },
      stdio: ["ignore", captureStdout ? "pipe" : "inherit", "pipe"],
    });
    const filter = createCargoFilter(header, (text) => process.stderr.write(text), { quietWhenWarm });
    const stdout = [];
    child.stdout?.on("data", (chunk) => stdout.push(chunk));
    child.stderr.on("data", (chunk) => filter.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      filter.end();
      if (code === 0) resolve({ compiled: filter.compiled, stdout: Buffer.concat(stdout).toString() });
      else reject(new Error(`${command} ${args.join(" ")} failed with exit code ${code}`));
    });
  });
}

/** `cargo <args>` with the shared target dir, through `runWithProgress`. */
function cargoWithProgress(args, header, options = {}) {
  return runWithProgress("cargo", args, header, options);
}

module.exports = { createCargoFilter, cargoEnv, cargoWithProgress, runWithProgress, plainLine };
