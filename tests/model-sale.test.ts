// A model sold with revenue in its vault: the seller keeps what its owner
// share earned (paid by claimAll as a previous owner), the buyer earns only
// what comes after, and the seller cannot change the model while it is listed.
import { createMint, getAccount, getOrCreateAssociatedTokenAccount, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Keypair, PublicKey } from "@solana/web3.js";
import { expect } from "chai";
import { createHash } from "crypto";
import {
  buyModel,
  claimAll,
  createVault,
  deposit,
  fetchModel,
  fetchVault,
  HexClient,
  listModelForSale,
  PREVIOUS_OWNER_EARNINGS_OFFSETS,
  previousOwnerEarnings,
  previousOwnerEarningsPda,
  registerModel,
  setContributors,
  vaultPda,
} from "../sdk";
import { clientFor, connection, expectAnchorError, fundedKeypair, keyAt, sharedPlatform } from "./helpers";

const PRICE = 5_000_000n;
const BEFORE_SALE = 700_001n;
const AFTER_SALE = 300_003n;

describe("model sale", () => {
  let seller: HexClient;
  let buyer: HexClient;
  let depositor: HexClient;
  let mint: PublicKey;
  let paymentMint: PublicKey;
  const tokensOf = async (owner: PublicKey) =>
    (await getOrCreateAssociatedTokenAccount(connection, (depositor.provider.wallet as unknown as { payer: Keypair }).payer, paymentMint, owner, true, "confirmed")).address;
  const balanceOf = async (owner: PublicKey) => (await getAccount(connection, await tokensOf(owner), "confirmed", TOKEN_PROGRAM_ID)).amount;

  before(async () => {
    await sharedPlatform();
    [seller, buyer, depositor] = await Promise.all([0, 1, 2].map(async () => clientFor(await fundedKeypair())));
    const authority = await fundedKeypair();
    paymentMint = await createMint(connection, authority, authority.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
    for (const [client, amount] of [[buyer, PRICE], [depositor, BEFORE_SALE + AFTER_SALE]] as const) {
      await mintTo(connection, authority, paymentMint, await tokensOf(client.wallet), authority, amount, [], { commitment: "confirmed" });
    }
    mint = (
      await registerModel(seller, {
        name: "Sold 8B",
        symbol: "HEX",
        uri: "https://models.hex.example/sold.json",
        contentHash: createHash("sha256").update("sold").digest(),
        openSource: true,
        forkRoyaltyBps: 0,
        creatorResaleRoyaltyBps: 500,
      })
    ).mint;
    await createVault(seller, { modelMint: mint, paymentMint, tokenProgram: TOKEN_PROGRAM_ID });
    await deposit(depositor, { modelMint: mint, paymentMint, tokenProgram: TOKEN_PROGRAM_ID }, await tokensOf(depositor.wallet), BEFORE_SALE);
  });

  it("refuses a change of contributors while the model is listed", async () => {
    await listModelForSale(seller, mint, paymentMint, PRICE);
    expect((await fetchModel(seller, mint))!.listedForSale).to.equal(true);
    await expectAnchorError(setContributors(seller, mint, [{ wallet: Keypair.generate().publicKey, shareBps: 10_000 }]), "ModelListedForSale");
  });

  it("pays the seller its pre-sale share after the sale, and the buyer only what came after", async () => {
    await buyModel(buyer, mint, PRICE);
    const model = (await fetchModel(buyer, mint))!;
    expect(model.owner.equals(buyer.wallet)).to.equal(true);
    expect(model.listedForSale).to.equal(false);
    // The next deposit first settles the vault's owner period (one transaction).
    await deposit(depositor, { modelMint: mint, paymentMint, tokenProgram: TOKEN_PROGRAM_ID }, await tokensOf(depositor.wallet), AFTER_SALE);
    const vault = (await fetchVault(buyer, mint, paymentMint))!;
    expect(vault.ownerOfRecord.equals(buyer.wallet)).to.equal(true);
    expect(vault.owedToPreviousOwners).to.equal(BEFORE_SALE);
    expect((await previousOwnerEarnings(seller, seller.wallet)).map((entry) => entry.amount)).to.deep.equal([BEFORE_SALE]);
    const earnings = (await connection.getAccountInfo(previousOwnerEarningsPda(vault.address, seller.wallet), "confirmed"))!.data;
    const read = Object.fromEntries(Object.entries(PREVIOUS_OWNER_EARNINGS_OFFSETS).map(([field, offset]) => [field, keyAt(earnings, offset)]));
    expect(read).to.deep.equal({ vault: vaultPda(mint, paymentMint).toBase58(), owner: seller.wallet.toBase58() });

    const sellerClaims = await claimAll(seller);
    expect(sellerClaims.map((entry) => [entry.amount, entry.previousOwner])).to.deep.equal([[BEFORE_SALE, true]]);
    const buyerClaims = await claimAll(buyer);
    expect(buyerClaims.map((entry) => entry.amount)).to.deep.equal([AFTER_SALE]);

    const fee = (PRICE * 500n) / 10_000n;
    expect(await balanceOf(seller.wallet)).to.equal(PRICE - fee + BEFORE_SALE);
    expect(await balanceOf(buyer.wallet)).to.equal(AFTER_SALE);
    expect(await previousOwnerEarnings(seller, seller.wallet)).to.deep.equal([]);
  });
});
