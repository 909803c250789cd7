import { execFileSync } from "child_process";
import { expect } from "chai";
import path from "path";

describe("IDLs", () => {
  it("the committed IDLs and TypeScript types match the program source", function () {
    this.timeout(30 * 60 * 1000);
    const script = path.join(__dirname, "..", "scripts", "build-idl.js");
    const output = execFileSync("node", [script, "--check"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(output).to.contain("IDLs are up to date.");
  });
});
