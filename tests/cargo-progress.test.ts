// The filter that makes a cold cargo build speak and a warm one stay quiet
// (scripts/lib/cargo-progress.js): pure, no cargo run.
import { expect } from "chai";
import path from "path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createCargoFilter, plainLine } = require(path.join(__dirname, "..", "scripts", "lib", "cargo-progress.js")) as {
  createCargoFilter: (
    header: string,
    write: (text: string) => void,
    options?: { quietWhenWarm?: RegExp }
  ) => { push(chunk: string): void; end(): void; readonly compiled: boolean };
  plainLine: (line: string) => string;
};

const HEADER = "Building the embedded chain...";

/** Feeds `chunks` through a filter; returns what it showed and whether it saw compilation. */
function filter(chunks: string[], options?: { quietWhenWarm?: RegExp }) {
  let shown = "";
  const cargo = createCargoFilter(HEADER, (text) => (shown += text), options);
  for (const chunk of chunks) cargo.push(chunk);
  cargo.end();
  return { shown, compiled: cargo.compiled };
}

describe("cargo progress filter", () => {
  it("shows nothing on a warm build: its lone Finished line is dropped", () => {
    expect(filter(["    Finished `dev` profile [unoptimized + debuginfo] target(s) in 0.37s\n"])).to.deep.equal({ shown: "", compiled: false });
    expect(filter(["    Finished `dev` profile"]).shown, "without a final newline").to.equal("");
  });

  it("prints the header once, then every line, as soon as cargo compiles", () => {
    const lines = [
      "   Compiling model_registry v0.1.0 (/work/programs/model_registry)",
      "   Compiling hex-localnet v0.1.0 (/work/localnet)",
      "    Finished `dev` profile [unoptimized + debuginfo] target(s) in 35.01s",
    ];
    // Chunks split anywhere, even inside a line.
    const text = lines.join("\n") + "\n";
    const { shown, compiled } = filter([text.slice(0, 7), text.slice(7, 50), text.slice(50)]);
    expect(compiled).to.equal(true);
    expect(shown).to.equal(`${HEADER}\n${text}`);
  });

  it("starts speaking on downloads and index updates too", () => {
    expect(filter(["    Updating crates.io index\n"]).shown).to.equal(`${HEADER}\n    Updating crates.io index\n`);
    expect(filter([" Downloading crates ...\n"]).compiled).to.equal(true);
  });

  it("passes other lines (a wait for cargo's lock, warnings, errors) without the header", () => {
    const blocking = "    Blocking waiting for file lock on artifact directory\n";
    expect(filter([blocking, "    Finished `dev` profile\n"])).to.deep.equal({ shown: blocking, compiled: false });
    const error = "error: could not find `Cargo.toml`\n";
    expect(filter([error]).shown).to.equal(error);
  });

  it("drops what quietWhenWarm names until something compiles", () => {
    const warm = ["    Finished `test` profile\n", "     Running unittests src/lib.rs (x)\n"];
    expect(filter(warm, { quietWhenWarm: /^\s*(Finished|Running)\b/ }).shown).to.equal("");
    expect(filter(warm).shown, "by default only Finished").to.equal("     Running unittests src/lib.rs (x)\n");
    const cold = ["   Compiling a v1\n", ...warm];
    expect(filter(cold, { quietWhenWarm: /^\s*(Finished|Running)\b/ }).shown).to.equal(`${HEADER}\n${cold.join("")}`);
  });

  it("reads colours and a progress bar as the screen shows them", () => {
    const colored = "\x1b[1m\x1b[32m   Compiling\x1b[0m hex-localnet v0.1.0";
    expect(plainLine(colored)).to.equal("   Compiling hex-localnet v0.1.0");
    expect(plainLine("    Building [==>   ] 3/300: foo\r              \r    Finished `dev`")).to.equal("    Finished `dev`");
    // A warm build whose progress bar was drawn and erased stays silent.
    expect(filter(["    Building [=====] 1/1\r                \r    Finished `dev` profile\n"]).shown).to.equal("");
    // After the header, cargo's bytes pass through untouched (the bar redraws in place).
    const { shown } = filter([`${colored}\n`, "    Building [=>  ] 5/300: x\r", "    Building [==> ] 9/300: y\r"]);
    expect(shown).to.equal(`${HEADER}\n${colored}\n    Building [=>  ] 5/300: x\r    Building [==> ] 9/300: y\r`);
  });
});
