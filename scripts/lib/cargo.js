// Where Rust builds live: outside the clone, so that a fresh checkout on a
// warm machine reuses them. HEX_CACHE_DIR moves the whole cache;
// CARGO_TARGET_DIR overrides the main build's directory alone.
const os = require("os");
const path = require("path");

const cacheRoot = process.env.HEX_CACHE_DIR || path.join(os.homedir(), ".cache", "hex");
const targetDir = process.env.CARGO_TARGET_DIR || path.join(cacheRoot, "target");
// IDL builds compile with other RUSTFLAGS; a target dir of their own keeps
// them from invalidating the main build.
const idlTargetDir = path.join(cacheRoot, "idl-target");

module.exports = { targetDir, idlTargetDir, repoRoot: path.resolve(__dirname, "..", "..") };
