// The README's first command, checked: the demo's final table adds up to
// what the buyers paid, to the base unit.
import { expect } from "chai";
import { runDemo } from "../scripts/demo";
import { chainUrl, sharedPlatform } from "./helpers";

describe("demo", () => {
  it("tells the whole story and its table adds up to what buyers paid", async () => {
    await sharedPlatform();
    const lines: string[] = [];
    const result = await runDemo(chainUrl(), (line) => lines.push(line));
    expect(result.totalEarned).to.equal(result.totalPaid);
    // Buyers: 100 + 2 x 20 + 6 + (5 + 20) + 50 in licenses, 500 for the model (frank gets 40 back as its owner).
    expect(result.totalPaid).to.equal(681_000_000n);
    const row = (who: string) => result.rows.find((entry) => entry.who === who)!;
    expect(row("treasury").earned).to.equal(69_200_000n); // 5% of 500 + 20% of 181 in licenses
    expect(row("erin").earned).to.equal(475_000_000n);
    expect(row("node").earned).to.equal(600_000n);
    expect(row("frank").paid).to.equal(460_000_000n);
    expect(lines[lines.length - 1]).to.equal("Every unit the buyers paid is accounted for.");
  });
});
