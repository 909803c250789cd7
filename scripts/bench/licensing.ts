// Benchmark rows of a license's life after purchase and of discovery:
// closing a license (its rent recovered equals what the purchase paid), a
// subscription's tier change, trials, API revenue, model profiles and
// attestations.
import { TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { PublicKey } from "@solana/web3.js";
import {
  attestModel,
  buyLicense,
  buyLicenseWithTrial,
  changeTier,
  claimTrial,
  closeLicense,
  createListing,
  CreateListingParams,
  createVault,
  depositApiRevenue,
  fundTrials,
  HexClient,
  registerModel,
  setModelProfile,
  updatePlatformConfig,
} from "../../sdk";
import { CountingClient, measure } from "./measure";
import { benchModelParams, BenchmarkReport, fundedCounting, usdcFor } from "./scenario";

const URI = "https://licenses.hex.example/bench.json";

/** `authority`: the platform authority, which names the attester; without it attest_model is not measured. */
export async function licensingActions(url: string, treasury: PublicKey, report: BenchmarkReport, authority?: HexClient) {
  const [owner, buyer, second] = await Promise.all([fundedCounting(url), fundedCounting(url), fundedCounting(url)]);
  const connection = owner.client.connection;
  const { mint: usdc } = await usdcFor(connection, owner.keypair, [owner, buyer, second].map((party) => party.keypair.publicKey).concat(treasury), 1_000_000_000n);
  const modelMint = (await registerModel(owner.client, benchModelParams("Licensing bench"))).mint;
  await createVault(owner.client, { modelMint, paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID });
  const list = async (params: Omit<CreateListingParams, "uri">) => (await createListing(owner.client, modelMint, usdc, { ...params, uri: URI })).listing;
  const once = async (label: string, party: CountingClient, action: (client: HexClient) => Promise<string>) =>
    report.actions.push(await measure(label, party, async (client) => [await action(client)]));

  const oneTime = await list({ pricing: { kind: "oneTime", price: 5_000_000n } });
  let license = PublicKey.default;
  await once("buy a one-time license (to close)", buyer, async (client) => {
    const bought = await buyLicense(client, oneTime, 5_000_000n);
    license = bought.license;
    return bought.signature;
  });
  await once("close a license (rent recovered)", buyer, async (client) => (await closeLicense(client, license)).signature);

  const basic = await list({ pricing: { kind: "subscription", price: 2_000_000n, periodSecs: 2_592_000 } });
  const pro = await list({ pricing: { kind: "subscription", price: 6_000_000n, periodSecs: 2_592_000 } });
  const subscription = await buyLicense(buyer.client, basic, 2_000_000n);
  await once("change a subscription's tier (upgrade)", buyer, async (client) => (await changeTier(client, subscription.license, pro, 6_000_000n)).signature);

  const perUse = await list({ pricing: { kind: "payPerUse", price: 10_000n }, trialUnits: 100n });
  await once("fund trials", owner, (client) => fundTrials(client, perUse, 10_000_000n));
  await once("buy a pay-per-use license with its trial (one transaction)", buyer, async (client) => (await buyLicenseWithTrial(client, perUse, 10_000n)).signature);
  const plain = await buyLicense(second.client, perUse, 10_000n);
  await once("claim a trial", second, async (client) => (await claimTrial(client, plain.license)).signature);

  await once("deposit API revenue", second, async (client) => (await depositApiRevenue(client, { modelMint, paymentMint: usdc, tokenProgram: TOKEN_PROGRAM_ID }, 10_000_000n)).signature);
  await once("set a model profile", owner, (client) => setModelProfile(client, modelMint, { category: "language", kind: "chat", tags: ["clinical", "llama-3", "8b", "bench"] }));
  if (authority) {
    const attester = await fundedCounting(url);
    await updatePlatformConfig(authority, { attester: attester.keypair.publicKey });
    await once("attest a model", attester, (client) =>
      attestModel(client, modelMint, { qualityTier: "verified", attestations: { benchmarks: true, securityAudit: true }, evidenceUri: URI })
    );
  }
}
