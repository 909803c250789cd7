// The README's first command, checked: every person's line of the demo's
// final table equals what the money rules of DESIGN.md give for the story
// the demo tells, computed here from the rules (fees, compute share, fork
// royalties, contributor shares, the owner's remainder), to the base unit.
import { expect } from "chai";
import { runDemo } from "../scripts/demo";
import { chainUrl, sharedPlatform } from "./helpers";

const USDC = 1_000_000n;
const bps = (amount: bigint, share: bigint) => (amount * share) / 10_000n;

/** What each person of the demo pays and earns, from the rules. */
function expectedTable(): Record<string, { paid: bigint; earned: bigint }> {
  const LICENSE_FEE = 2_000n; // every creator stays under the first tier (1,000 units of sales)
  const PRIMARY_SALE_FEE = 500n;
  const afterFee = (price: bigint) => price - bps(price, LICENSE_FEE);

  // Payments into each model's vault (after the platform fee, and the node's share).
  const calls = 120n * 50_000n;
  const nodeShare = bps(calls, 1_000n);
  const income = {
    base: afterFee(100n * USDC),
    med: afterFee(20n * USDC) * 2n,
    medOnc: calls - bps(calls, LICENSE_FEE) - nodeShare,
    code: afterFee(5n * USDC) + afterFee(bps(200n * USDC, 1_000n)),
    private: afterFee(50n * USDC),
  };
  // The cascade: Med-Onc pays Med 15%, Med and Code pay Base 10% of everything they took in.
  const medOncToMed = bps(income.medOnc, 1_500n);
  const medTotal = income.med + medOncToMed;
  const medToBase = bps(medTotal, 1_000n);
  const codeToBase = bps(income.code, 1_000n);
  const baseTotal = income.base + medToBase + codeToBase;

  const licenseFees = [100n, 20n, 20n, 5n, 50n].map((price) => bps(price * USDC, LICENSE_FEE));
  const treasury =
    bps(500n * USDC, PRIMARY_SALE_FEE) +
    licenseFees.reduce((sum, fee) => sum + fee, 0n) +
    bps(calls, LICENSE_FEE) +
    bps(bps(200n * USDC, 1_000n), LICENSE_FEE);
  const salePrice = 500n * USDC;
  return {
    treasury: { paid: 0n, earned: treasury },
    alice: { paid: 0n, earned: baseTotal },
    bob: { paid: 0n, earned: medTotal - medToBase - bps(medTotal, 2_000n) },
    lee: { paid: 0n, earned: bps(medTotal, 2_000n) },
    carol: { paid: 0n, earned: income.code - codeToBase },
    dave: { paid: 0n, earned: income.medOnc - medOncToMed },
    erin: { paid: 0n, earned: salePrice - bps(salePrice, PRIMARY_SALE_FEE) },
    // frank paid for the model and earns the owner's share of Private 8B's licenses.
    frank: { paid: salePrice - income.private, earned: 0n },
    node: { paid: 0n, earned: nodeShare },
    gina: { paid: 100n * USDC, earned: 0n },
    hank: { paid: 40n * USDC, earned: 0n },
    ivan: { paid: calls, earned: 0n },
    judy: { paid: 5n * USDC + bps(200n * USDC, 1_000n), earned: 0n },
    kim: { paid: 50n * USDC, earned: 0n },
    "vaults + escrow": { paid: 0n, earned: 0n },
  };
}

describe("demo", () => {
  it("tells the whole story, and each person's line is what the rules give", async () => {
    await sharedPlatform();
    const lines: string[] = [];
    const result = await runDemo(chainUrl(), (line) => lines.push(line));
    const expected = expectedTable();
    const actual = Object.fromEntries(
      result.rows.filter((row) => row.paid > 0n || row.earned > 0n || row.who in expected).map((row) => [row.who, { paid: row.paid, earned: row.earned }])
    );
    expect(actual).to.deep.equal(expected);
    expect(result.totalEarned).to.equal(result.totalPaid);
    expect(lines.filter((line) => line === "Every unit the buyers paid is accounted for.")).to.have.length(2);
    // The family chapter: its own table adds up too, and the popular fork's share of the pool grows every epoch.
    expect(result.family.totalEarned).to.equal(result.family.totalPaid);
    const shares = result.family.popularShareBps;
    expect(shares).to.have.length(3);
    shares.slice(1).forEach((share, index) => expect(share > shares[index], `epoch ${index + 1}: ${shares}`).to.equal(true));
  });
});
