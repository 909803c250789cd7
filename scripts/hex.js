#!/usr/bin/env node
// The `hex` command (npm bin): runs the CLI's TypeScript through ts-node.
const path = require("path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
require("./cli/main.ts");
