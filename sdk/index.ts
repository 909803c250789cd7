// The Hex SDK: every name flat (`import { buyLicense } from "@hex-protocol/sdk"`)
// and by program (`import { market } from "@hex-protocol/sdk"; market.buyLicense`).
export * from "./core";
export * from "./registry";
export * from "./market";
export * from "./escrow";
export * as core from "./core";
export * as registry from "./registry";
export * as market from "./market";
export * as escrow from "./escrow";
