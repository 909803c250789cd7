// The benchmark in its short mode: every measured action must fit the
// 1232-byte wire limit, and the figures must be the ones users rely on.
import { expect } from "chai";
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { LICENSE_MARKET_PROGRAM_ID, MAX_TRANSACTION_SIZE } from "../sdk";
import { sbfComputeUnits } from "../scripts/bench/measure";
import { renderMarkdown, runBenchmarks } from "../scripts/bench/report";
import { chainUrl, sharedPlatform } from "./helpers";

describe("benchmarks (short mode)", () => {
  it("counts the SBF compute units of outermost SBF invocations only", () => {
    const [token, ata, hex] = [TOKEN_PROGRAM_ID, ASSOCIATED_TOKEN_PROGRAM_ID, LICENSE_MARKET_PROGRAM_ID].map((id) => id.toBase58());
    const logs = [
      `Program ${hex} invoke [1]`,
      `Program ${ata} invoke [2]`,
      `Program ${token} invoke [3]`,
      `Program ${token} consumed 1000 of 190000 compute units`,
      `Program ${token} success`,
      `Program ${ata} consumed 5000 of 195000 compute units`,
      `Program ${ata} success`,
      `Program ${token} invoke [2]`,
      `Program ${token} consumed 700 of 180000 compute units`,
      `Program ${token} success`,
      `Program ${hex} success`,
    ];
    expect(sbfComputeUnits(logs)).to.equal(5_000 + 700);
  });

  it("measures every action under the wire limit and renders the report", async () => {
    const { treasury, authority } = await sharedPlatform();
    const report = await runBenchmarks(chainUrl(), { depths: [1, 4], treasury, authority });
    const transactions = report.actions.flatMap((action) => action.transactions.map((transaction) => ({ action: action.action, ...transaction })));
    for (const action of report.actions.filter((entry) => !entry.action.includes("simulation"))) {
      expect(action.transactions.length, action.action).to.be.at.least(1);
    }
    for (const transaction of transactions) {
      expect(transaction.bytes, transaction.action).to.be.at.most(MAX_TRANSACTION_SIZE);
    }
    console.log(transactions.map((t) => `      ${t.action}: ${t.bytes} bytes, ${t.accounts} accounts`).join("\n"));
    // Lineage reads cost the same at any depth; a release fits one transaction up to depth 7.
    expect(report.depths.map((row) => row.lineageRoundTrips)).to.deep.equal([2, 2]);
    expect(report.depths.map((row) => row.releaseTransactions)).to.deep.equal([1, 1]);
    // A refund gives back every lamport of rent the purchase paid.
    const figures = (action: string) => report.actions.find((entry) => entry.action === action)!.transactions[0];
    expect(figures("refund a license inside the window").rentRecovered).to.equal(figures("buy a one-time license (payment in escrow)").rentPaid);
    // So does closing a license.
    expect(figures("close a license (rent recovered)").rentRecovered).to.equal(figures("buy a one-time license (to close)").rentPaid);
    for (const action of ["change a subscription's tier (upgrade)", "claim a trial", "set a model profile", "attest a model", "deposit API revenue"]) {
      expect(figures(action).bytes, action).to.be.at.most(MAX_TRANSACTION_SIZE);
    }
    expect(report.actions.find((entry) => entry.action === "verify a license (simulation)")!.rpcRoundTrips).to.equal(1);
    // A model sale touches no vault: the same accounts and bytes with 1 vault or 20.
    const sale = (action: string) => {
      const figure = figures(action);
      return { bytes: figure.bytes, accounts: figure.accounts };
    };
    expect(sale("buy a model (20 vaults)")).to.deep.equal(sale("buy a model (1 vault)"));
    // A license pays into a family pool with the same accounts as without one, and a member collects with the same accounts in a family of any size.
    expect(sale("buy a one-time license (family pool)")).to.deep.equal(sale("buy a one-time license (no family pool)"));
    expect(sale("collect a family reward (family of 10)")).to.deep.equal(sale("collect a family reward (family of 2)"));
    // A license purchase mints through Token-2022 and creates an account through ATA: metered SBF work.
    const purchase = figures("buy a subscription");
    expect(purchase.cpis).to.be.greaterThan(3);
    expect(purchase.sbfComputeUnits).to.be.greaterThan(1_000);
    const markdown = renderMarkdown(report);
    expect(markdown).to.contain("| register a model | 1 |");
    expect(markdown).to.contain("| buy a subscription | 1 |");
    expect(markdown).to.contain("Metaplex Core asset");
  });
});
