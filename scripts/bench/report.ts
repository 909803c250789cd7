// Runs the benchmark scenario and renders docs/BENCHMARKS.md.
import { PublicKey } from "@solana/web3.js";
import { MAX_TRANSACTION_SIZE } from "../../sdk";
import { ActionFigures } from "./measure";
import { HexClient } from "../../sdk";
import { BenchmarkReport, depthScaling, familyActions, marketActions, registryAndEscrowActions } from "./scenario";
import { licensingActions } from "./licensing";

export interface BenchmarkOptions {
  /** The treasury of the platform, which must already be initialised. */
  treasury: PublicKey;
  /** Lineage depths to measure release and lineage reads at. */
  depths: number[];
  /** The platform authority: it names an attester, so that attest_model is measured too. */
  authority?: HexClient;
}

export async function runBenchmarks(url: string, options: BenchmarkOptions): Promise<BenchmarkReport> {
  const report: BenchmarkReport = { actions: [], accounts: [], anchors: [], depths: [] };
  await registryAndEscrowActions(url, options.treasury, report);
  await marketActions(url, options.treasury, report);
  await familyActions(url, options.treasury, report);
  await licensingActions(url, options.treasury, report, options.authority);
  await depthScaling(url, options.depths, report);
  return report;
}

const sol = (lamports: bigint | number) => (Number(lamports) / 1e9).toFixed(6);

function actionRow(figures: ActionFigures): string {
  const transactions = figures.transactions;
  const max = (pick: (t: (typeof transactions)[number]) => number) => Math.max(...transactions.map(pick));
  const sum = (pick: (t: (typeof transactions)[number]) => bigint) => transactions.reduce((total, t) => total + pick(t), 0n);
  const total = (pick: (t: (typeof transactions)[number]) => number) => transactions.reduce((count, t) => count + pick(t), 0);
  if (transactions.length === 0) return `| ${figures.action} | 0 | – | – | – | – | – | – | – | – | ${figures.rpcRoundTrips} |`;
  return `| ${figures.action} | ${transactions.length} | ${max((t) => t.bytes)} | ${max((t) => t.accounts)} | ${max((t) => t.signatures)} | ${max((t) => t.instructions)} | ${total((t) => t.cpis)} | ${total((t) => t.sbfComputeUnits)} | ${sol(sum((t) => t.rentPaid))} | ${sol(sum((t) => t.rentRecovered))} | ${figures.rpcRoundTrips} |`;
}

export function renderMarkdown(report: BenchmarkReport): string {
  return [
    "# Hex benchmarks",
    "",
    "Written by `npm run bench` on the embedded chain (the same runtime as the tests); the test suite runs a short version and fails if any transaction exceeds the wire limit. Sizes, accounts, signatures and rent are exact. Compute units are a lower bound: Hex's own programs run natively here and are not metered, so the figure is what the SBF programs they call consumed (SPL Token, Token-2022, the associated token account program), as the runtime metered them (see the README).",
    "",
    "## User actions",
    "",
    `Per action: transactions sent, and for the largest of them its wire size (limit ${MAX_TRANSACTION_SIZE} bytes), accounts, signatures and instructions; the cross-program invocations and the SBF compute units of all its transactions (a lower bound, above); rent paid into accounts it created and recovered from accounts it closed (SOL); HTTP RPC round trips the SDK made, blockhash and confirmation included.`,
    "",
    "| action | txs | bytes | accounts | signatures | instructions | CPIs | SBF compute units | rent paid | rent recovered | RPC round trips |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...report.actions.map(actionRow),
    "",
    "## Account sizes and rent",
    "",
    "| account | bytes | rent (SOL) |",
    "| --- | ---: | ---: |",
    ...report.accounts.map((account) => `| ${account.account} | ${account.bytes} | ${sol(account.rentLamports)} |`),
    "",
    "Beside Metaplex's NFTs (maximum sizes; rent at the same rate):",
    "",
    "| account | bytes | rent (SOL) |",
    "| --- | ---: | ---: |",
    ...report.anchors.map((account) => `| ${account.account} | ${account.bytes} | ${sol(account.rentLamports)} |`),
    "",
    "## Scaling with lineage depth",
    "",
    "Reading a model's lineage (`getLineage`) and releasing its revenue up the whole chain (`releaseChain`, one `release_to_parent` per hop, packed under the wire limit). Each claim stays one instruction at any depth.",
    "",
    "| depth | getLineage round trips | releaseChain transactions | releaseChain round trips |",
    "| ---: | ---: | ---: | ---: |",
    ...report.depths.map((row) => `| ${row.depth} | ${row.lineageRoundTrips} | ${row.releaseTransactions} | ${row.releaseRoundTrips} |`),
    "",
    "Deeper chains, measured natively by `npm run bench:escrow`: 7 hops per transaction (each names the parent model, so that the release is booked under its current split), so 37 transactions at depth 256 and 586 at depth 4096.",
    "",
  ].join("\n");
}
