// The benchmark in its short mode: every measured action must fit the
// 1232-byte wire limit, and the figures must be the ones users rely on.
import { expect } from "chai";
import { MAX_TRANSACTION_SIZE } from "../sdk";
import { renderMarkdown, runBenchmarks } from "../scripts/bench/report";
import { chainUrl, sharedPlatform } from "./helpers";

describe("benchmarks (short mode)", () => {
  it("measures every action under the wire limit and renders the report", async () => {
    const { treasury } = await sharedPlatform();
    const report = await runBenchmarks(chainUrl(), { depths: [1, 4], treasury });
    const transactions = report.actions.flatMap((action) => action.transactions.map((transaction) => ({ action: action.action, ...transaction })));
    expect(transactions.length).to.be.greaterThan(report.actions.length - 1);
    for (const transaction of transactions) {
      expect(transaction.bytes, transaction.action).to.be.at.most(MAX_TRANSACTION_SIZE);
    }
    console.log(transactions.map((t) => `      ${t.action}: ${t.bytes} bytes, ${t.accounts} accounts`).join("\n"));
    // Lineage reads cost the same at any depth; a release fits one transaction up to depth 10.
    expect(report.depths.map((row) => row.lineageRoundTrips)).to.deep.equal([2, 2]);
    expect(report.depths.map((row) => row.releaseTransactions)).to.deep.equal([1, 1]);
    const markdown = renderMarkdown(report);
    expect(markdown).to.contain("| register a model | 1 |");
    expect(markdown).to.contain("Metaplex Core asset");
  });
});
