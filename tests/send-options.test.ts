// The SDK's send options: a priority fee and a compute-unit limit put first
// in every transaction, and v0 transactions through an address lookup table
// holding Hex's static accounts.
import { createMint, getOrCreateAssociatedTokenAccount, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { AddressLookupTableAccount, ComputeBudgetProgram, Keypair, PublicKey } from "@solana/web3.js";
import { expect } from "chai";
import {
  buyLicense,
  createHexLookupTable,
  createListing,
  createVault,
  fetchEvents,
  fetchLicense,
  hexStaticAddresses,
  HexClient,
  MAX_TRANSACTION_SIZE,
  packInstructions,
  paymentMintAddresses,
  prepareBuyLicense,
  registerModel,
  transactionSize,
} from "../sdk";
import { clientFor, connection, expectAnchorError, fundedKeypair, sharedPlatform } from "./helpers";

const USDC = 1_000_000n;

describe("send options: priority fee, compute-unit limit, v0 with a lookup table", () => {
  let owner: HexClient;
  let buyer: HexClient;
  let treasury: PublicKey;
  let paymentMint: PublicKey;
  let listing: PublicKey;
  let table: AddressLookupTableAccount;

  before(async () => {
    ({ treasury } = await sharedPlatform());
    [owner, buyer] = await Promise.all([0, 1].map(async () => clientFor(await fundedKeypair())));
    const { mint: modelMint } = await registerModel(owner, {
      name: "Send Options Model",
      symbol: "HEXS",
      uri: "https://models.hex.example/send-options.json",
      contentHash: new Uint8Array(32).fill(7),
      openSource: true,
      forkRoyaltyBps: 1_000,
      creatorResaleRoyaltyBps: 500,
    });
    const mintAuthority = await fundedKeypair();
    paymentMint = await createMint(connection, mintAuthority, mintAuthority.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
    await createVault(owner, { modelMint, paymentMint, tokenProgram: TOKEN_PROGRAM_ID });
    ({ listing } = await createListing(owner, modelMint, paymentMint, {
      pricing: { kind: "oneTime", price: 5n * USDC },
      uri: "https://licenses.hex.example/send-options.json",
    }));
    const buyerKeypair = (buyer.provider.wallet as unknown as { payer: Keypair }).payer;
    const account = await getOrCreateAssociatedTokenAccount(connection, buyerKeypair, paymentMint, buyer.wallet, false, "confirmed");
    await mintTo(connection, mintAuthority, paymentMint, account.address, mintAuthority, 20n * USDC, [], { commitment: "confirmed" });
  });

  it("rejects malformed options before anything is sent", () => {
    expect(() => buyer.withSendOptions({ computeUnitLimit: 0 })).to.throw(/computeUnitLimit/);
    expect(() => buyer.withSendOptions({ computeUnitLimit: 1_400_001 })).to.throw(/computeUnitLimit/);
    expect(() => buyer.withSendOptions({ priorityFeeMicroLamports: -1 })).to.throw(/priorityFeeMicroLamports/);
    expect(() => buyer.withSendOptions({ priorityFeeMicroLamports: 0.5 })).to.throw(/priorityFeeMicroLamports/);
    const someTable = { key: PublicKey.default, state: { addresses: [] } } as never;
    expect(() => buyer.withSendOptions({ version: "legacy", lookupTables: [someTable] })).to.throw(/v0/);
  });

  it("buys a license in a v0 transaction through a lookup table, with a priority fee and a compute-unit limit", async () => {
    const created = await createHexLookupTable(buyer, paymentMintAddresses(buyer, paymentMint, TOKEN_PROGRAM_ID, treasury));
    ({ table } = created);
    const expected = [...hexStaticAddresses(buyer), ...paymentMintAddresses(buyer, paymentMint, TOKEN_PROGRAM_ID, treasury)];
    expect(table.state.addresses.map(String)).to.have.members(expected.map(String));
    expect(table.state.authority?.toBase58()).to.equal(buyer.wallet.toBase58());

    const options = { lookupTables: [table], computeUnitLimit: 600_000, priorityFeeMicroLamports: 10_000 };
    const fast = buyer.withSendOptions(options);
    expect(fast.sendOptions).to.deep.equal(options);
    expect(buyer.sendOptions).to.deep.equal({}, "the original client is unchanged");

    // The table saves 31 bytes per account it holds, compute budget included.
    const prepared = await prepareBuyLicense(buyer, listing, 5n * USDC);
    const signers = prepared.signers.map((signer) => signer.publicKey);
    const legacy = transactionSize(prepared.instructions, buyer.wallet, signers);
    const v0 = transactionSize(prepared.instructions, buyer.wallet, signers, options);
    const budgetOnly = transactionSize(prepared.instructions, buyer.wallet, signers, { computeUnitLimit: 600_000, priorityFeeMicroLamports: 10_000 });
    expect(budgetOnly).to.be.greaterThan(legacy);
    expect(v0).to.be.lessThan(legacy - 200, `legacy ${legacy} bytes, v0 ${v0}`);
    expect(v0).to.be.at.most(MAX_TRANSACTION_SIZE);
    console.log(`      buy_license: ${legacy} bytes legacy, ${budgetOnly} with the compute budget, ${v0} as v0 through the table`);

    // A wrong price fails as the same AnchorError through the v0 path.
    await expectAnchorError(buyLicense(fast, listing, 4n * USDC), "PriceMismatch");

    const bought = await buyLicense(fast, listing, 5n * USDC);
    const sent = await connection.getTransaction(bought.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    expect(sent?.meta?.err).to.equal(null);
    expect(sent?.version).to.equal(0);
    const message = sent!.transaction.message;
    expect(message.addressTableLookups.map((lookup) => lookup.accountKey.toBase58())).to.deep.equal([created.address.toBase58()]);
    const loaded = sent!.meta!.loadedAddresses!;
    expect(loaded.readonly.length + loaded.writable.length).to.be.at.least(8);
    const keys = message.getAccountKeys({ accountKeysFromLookups: loaded });
    const [limit, price] = message.compiledInstructions.slice(0, 2);
    expect(keys.get(limit.programIdIndex)?.toBase58()).to.equal(ComputeBudgetProgram.programId.toBase58());
    expect(Buffer.from(limit.data)).to.deep.equal(Buffer.from(ComputeBudgetProgram.setComputeUnitLimit({ units: 600_000 }).data));
    expect(Buffer.from(price.data)).to.deep.equal(Buffer.from(ComputeBudgetProgram.setComputeUnitPrice({ microLamports: 10_000 }).data));
    // Two signatures (buyer, license mint) and the priority fee: 600,000 units x 0.01 lamport.
    expect(sent!.meta!.fee).to.equal(2 * 5_000 + 6_000);

    const license = await fetchLicense(buyer, bought.license);
    expect(license?.holder.toBase58()).to.equal(buyer.wallet.toBase58());
    const events = (await fetchEvents(buyer, bought.signature)).map((event) => event.name);
    expect(events).to.include("licensePurchased");
  });

  it("packs more instructions per v0 transaction than per legacy one", async () => {
    const ix = (await prepareBuyLicense(buyer, listing, 5n * USDC)).instructions.slice(-1)[0];
    // Same instruction many times: only sizes are compared, nothing is sent.
    const many = Array.from({ length: 12 }, () => ix);
    const legacyBatches = packInstructions(many, buyer.wallet).length;
    const v0Batches = packInstructions(many, buyer.wallet, { lookupTables: [table] }).length;
    expect(v0Batches).to.be.lessThan(legacyBatches);
  });
});
