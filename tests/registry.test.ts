import { Keypair } from "@solana/web3.js";
import {
  getAccount,
  getMetadataPointerState,
  getMint,
  getTokenMetadata,
  TOKEN_2022_PROGRAM_ID,
} from "@solana/spl-token";
import { expect } from "chai";
import { createHash } from "crypto";
import {
  defaultPlatformSettings,
  fetchConfig,
  fetchEvents,
  fetchModel,
  getModel,
  HexClient,
  MAX_TRANSACTION_SIZE,
  ModelParams,
  modelPda,
  ownershipTokenAddress,
  publishVersion,
  registerModel,
  registerModelInstruction,
  setPlatformPaused,
  transactionSize,
} from "../sdk";
import { clientFor, connection, expectAnchorError, fundedKeypair, sharedPlatform } from "./helpers";

const contentHash = createHash("sha256").update("weights of llama3-med v1").digest();

function modelParams(overrides: Partial<ModelParams> = {}): ModelParams {
  return {
    name: "Llama-3 Med Tuned",
    symbol: "HEXM",
    uri: "https://models.hex.example/llama3-med.json",
    contentHash,
    openSource: true,
    forkRoyaltyBps: 1_000,
    creatorResaleRoyaltyBps: 750,
    ...overrides,
  };
}

describe("model registry", () => {
  let authority: HexClient;
  let treasury: Keypair["publicKey"];
  let creator: HexClient;

  before(async () => {
    ({ authority, treasury } = await sharedPlatform());
    creator = clientFor(await fundedKeypair());
  });

  it("initialises the platform with the brief's fee schedule under hard caps", async () => {
    const config = await fetchConfig(authority);
    const settings = defaultPlatformSettings(treasury);
    expect(config.authority.toBase58()).to.equal(authority.wallet.toBase58());
    expect(config.treasury.toBase58()).to.equal(treasury.toBase58());
    expect(config.fees).to.deep.equal(settings.fees);
    expect(config.feeCaps).to.deep.equal(settings.feeCaps);
    expect(config.creatorTiers.map((tier) => [tier.minLifetimeSales.toString(), tier.licenseFeeBps])).to.deep.equal([
      ["1000", 1_800],
      ["10000", 1_500],
      ["100000", 1_200],
    ]);
    expect(config.maxForkRoyaltyBps).to.equal(3_000);
    expect(config.maxRefundWindowSecs.toNumber()).to.equal(604_800);
    expect(config.paused).to.equal(false);
  });

  it("registers a model and mints its ownership NFT with Token-2022 metadata", async () => {
    const params = modelParams();
    const registered = await registerModel(creator, params);
    const modelAddress = modelPda(registered.mint);
    expect(registered.model.toBase58()).to.equal(modelAddress.toBase58());

    const model = await fetchModel(creator, registered.mint);
    expect(model).to.not.equal(null);
    expect(model!.mint.toBase58()).to.equal(registered.mint.toBase58());
    expect(model!.creator.toBase58()).to.equal(creator.wallet.toBase58());
    expect(model!.parent).to.equal(null);
    expect(model!.root.toBase58()).to.equal(registered.mint.toBase58());
    expect(model!.depth).to.equal(0);
    expect(model!.openSource).to.equal(true);
    expect(Buffer.from(model!.contentHash).equals(contentHash)).to.equal(true);
    expect(model!.modelVersion).to.equal(1);
    expect(model!.forkRoyaltyBps).to.equal(1_000);
    expect(model!.creatorResaleRoyaltyBps).to.equal(750);
    expect(model!.childrenCount).to.equal(0n);
    expect(model!.takenDown).to.equal(false);

    const mint = await getMint(connection, registered.mint, "confirmed", TOKEN_2022_PROGRAM_ID);
    expect(mint.supply).to.equal(1n);
    expect(mint.decimals).to.equal(0);
    expect(mint.mintAuthority).to.equal(null);
    expect(mint.freezeAuthority!.toBase58()).to.equal(modelAddress.toBase58());
    const pointer = getMetadataPointerState(mint);
    expect(pointer!.metadataAddress!.toBase58()).to.equal(registered.mint.toBase58());
    expect(pointer!.authority!.toBase58()).to.equal(modelAddress.toBase58());

    const metadata = await getTokenMetadata(connection, registered.mint, "confirmed", TOKEN_2022_PROGRAM_ID);
    expect(metadata!.name).to.equal(params.name);
    expect(metadata!.symbol).to.equal(params.symbol);
    expect(metadata!.uri).to.equal(params.uri);
    expect(metadata!.mint.toBase58()).to.equal(registered.mint.toBase58());
    expect(metadata!.updateAuthority!.toBase58()).to.equal(modelAddress.toBase58());
    expect(metadata!.additionalMetadata).to.deep.equal([
      ["content_hash", contentHash.toString("hex")],
      ["version", "1"],
    ]);

    const token = await getAccount(connection, ownershipTokenAddress(creator.wallet, registered.mint), "confirmed", TOKEN_2022_PROGRAM_ID);
    expect(token.amount).to.equal(1n);
    expect(token.owner.toBase58()).to.equal(creator.wallet.toBase58());
    expect(token.isFrozen).to.equal(true);
  });

  it("publishes a new version: the Model and the NFT metadata follow", async () => {
    const registered = await registerModel(creator, modelParams({ name: "Versioned" }));
    const v2 = createHash("sha256").update("weights of v2").digest();
    const signature = await publishVersion(creator, registered.mint, v2, "https://models.hex.example/versioned-v2.json");
    const model = await getModel(creator, registered.mint);
    expect(model!.modelVersion).to.equal(2);
    expect(Buffer.from(model!.contentHash).equals(v2)).to.equal(true);
    const metadata = await getTokenMetadata(connection, registered.mint, "confirmed", TOKEN_2022_PROGRAM_ID);
    expect(metadata!.uri).to.equal("https://models.hex.example/versioned-v2.json");
    expect(metadata!.additionalMetadata).to.deep.equal([
      ["content_hash", v2.toString("hex")],
      ["version", "2"],
    ]);
    const events = await fetchEvents(creator, signature);
    expect(events.map((event) => event.name)).to.deep.equal(["versionPublished"]);
    expect((events[0].data as { version: number }).version).to.equal(2);
  });

  it("emits a ModelRegistered event an indexer can decode", async () => {
    const registered = await registerModel(creator, modelParams({ name: "Event Model", openSource: false }));
    const events = await fetchEvents(creator, registered.signature);
    expect(events.map((event) => event.name)).to.deep.equal(["modelRegistered"]);
    const data = events[0].data as Record<string, any>;
    expect(data.mint.toBase58()).to.equal(registered.mint.toBase58());
    expect(data.creator.toBase58()).to.equal(creator.wallet.toBase58());
    expect(data.name).to.equal("Event Model");
    expect(data.openSource).to.equal(false);
  });

  it("fits register_model in one transaction well under the 1232-byte limit", async () => {
    const mint = Keypair.generate().publicKey;
    const longest = modelParams({ name: "n".repeat(32), symbol: "S".repeat(10), uri: "u".repeat(200) });
    const instruction = await registerModelInstruction(creator, { ...longest, creator: creator.wallet, mint });
    const bytes = transactionSize([instruction], creator.wallet, [mint]);
    console.log(`      register_model: ${bytes} bytes, ${instruction.keys.length} accounts, 2 signatures (longest name/symbol/uri)`);
    expect(bytes).to.be.at.most(MAX_TRANSACTION_SIZE);
  });

  it("rejects an over-long name as an AnchorError named InvalidName", async () => {
    const error = await expectAnchorError(registerModel(creator, modelParams({ name: "n".repeat(33) })), "InvalidName");
    expect(error.error.errorMessage).to.match(/longer than 32 bytes/);
    expect(error.program.toBase58()).to.equal(creator.registry.programId.toBase58());
  });

  it("rejects a fork royalty above the platform cap", async () => {
    await expectAnchorError(registerModel(creator, modelParams({ forkRoyaltyBps: 3_001 })), "ForkRoyaltyAboveCap");
  });

  it("rejects pausing by anyone but the platform authority", async () => {
    await expectAnchorError(setPlatformPaused(creator, true), "Unauthorized");
  });

  it("rejects registrations while the platform is paused, and accepts them again once resumed", async () => {
    await setPlatformPaused(authority, true);
    try {
      const mint = Keypair.generate();
      await expectAnchorError(registerModel(creator, modelParams(), mint), "PlatformPaused");
      expect(await connection.getAccountInfo(mint.publicKey)).to.equal(null);
    } finally {
      await setPlatformPaused(authority, false);
    }
    const registered = await registerModel(creator, modelParams({ name: "After the pause" }));
    expect((await fetchModel(creator, registered.mint))!.creator.toBase58()).to.equal(creator.wallet.toBase58());
  });
});
