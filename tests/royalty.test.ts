import { createMint, getAccount, getOrCreateAssociatedTokenAccount, mintTo, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Keypair, PublicKey } from "@solana/web3.js";
import { AnchorError } from "@coral-xyz/anchor";
import { expect } from "chai";
import { createHash } from "crypto";
import {
  claim,
  claimAll,
  createVault,
  deposit,
  fetchModel,
  fetchVault,
  forkModel,
  getLineage,
  HexClient,
  ModelParams,
  OWNER_SLOT,
  previewSplit,
  registerModel,
  releaseChain,
  ReleaseProgress,
  setContributors,
  VAULT_OFFSETS,
  VAULT_RECIPIENT_SIZE,
  vaultPda,
  vaultTokensPda,
} from "../sdk";
import { clientFor, connection, fundedKeypair, keyAt, sharedPlatform } from "./helpers";

function params(name: string, forkRoyaltyBps: number): ModelParams {
  return {
    name,
    symbol: "HEX",
    uri: `https://models.hex.example/${name}.json`,
    contentHash: createHash("sha256").update(name).digest(),
    openSource: true,
    forkRoyaltyBps,
    creatorResaleRoyaltyBps: 500,
  };
}

async function tokenBalance(address: PublicKey): Promise<bigint> {
  return (await getAccount(connection, address, "confirmed", TOKEN_PROGRAM_ID)).amount;
}

describe("royalty escrow", () => {
  const deposited = 1_234_567n;
  let owners: HexClient[];
  let contributors: HexClient[];
  let models: PublicKey[];
  let paymentMint: PublicKey;
  let buyer: HexClient;
  let buyerTokens: PublicKey;
  let mintAuthority: Keypair;
  const mintVault = (mint: PublicKey) => vaultPda(mint, paymentMint);

  before(async () => {
    await sharedPlatform();
    owners = await Promise.all([0, 1, 2].map(async () => clientFor(await fundedKeypair())));
    contributors = await Promise.all([0, 1, 2, 3].map(async () => clientFor(await fundedKeypair())));
    // base <- fork <- fork of fork, with 10% and 5% fork royalties.
    const base = await registerModel(owners[0], params("base", 1_000));
    const fork = await forkModel(owners[1], base.mint, params("fork", 500));
    const forkOfFork = await forkModel(owners[2], fork.mint, params("fork-of-fork", 0));
    models = [forkOfFork.mint, fork.mint, base.mint];
    await setContributors(owners[0], base.mint, [{ wallet: contributors[0].wallet, shareBps: 2_000 }]);
    await setContributors(owners[1], fork.mint, [
      { wallet: contributors[1].wallet, shareBps: 1_500 },
      { wallet: contributors[2].wallet, shareBps: 333 },
    ]);
    await setContributors(owners[2], forkOfFork.mint, [{ wallet: contributors[3].wallet, shareBps: 1_111 }]);

    mintAuthority = await fundedKeypair();
    paymentMint = await createMint(connection, mintAuthority, mintAuthority.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
    buyer = clientFor(await fundedKeypair());
    const buyerKeypair = (buyer.provider.wallet as unknown as { payer: Keypair }).payer;
    buyerTokens = (await getOrCreateAssociatedTokenAccount(connection, buyerKeypair, paymentMint, buyer.wallet, false, "confirmed")).address;
    await mintTo(connection, mintAuthority, paymentMint, buyerTokens, mintAuthority, deposited, [], { commitment: "confirmed" });
  });

  it("reads the lineage up to the root in two round trips", async () => {
    const lineage = await getLineage(owners[2], models[0]);
    expect(lineage.map((model) => model.mint.toBase58())).to.deep.equal(models.map((mint) => mint.toBase58()));
    expect(lineage.map((model) => model.depth)).to.deep.equal([2, 1, 0]);
    expect(lineage.map((model) => model.parentRoyaltyBps)).to.deep.equal([500, 1_000, 0]);
  });

  it("previews a deposit's split to the base unit, and the chain pays exactly that", async () => {
    await createVault(owners[2], { modelMint: models[0], paymentMint, tokenProgram: TOKEN_PROGRAM_ID });
    await createVault(owners[0], { modelMint: models[2], paymentMint, tokenProgram: TOKEN_PROGRAM_ID });
    // A preview needs the vault of every model up the lineage.
    const preview = await previewSplit(owners[2], models[0], paymentMint, deposited).catch((error: Error) => error);
    expect(String(preview)).to.match(/no vault/);
    await createVault(owners[1], { modelMint: models[1], paymentMint, tokenProgram: TOKEN_PROGRAM_ID });

    const payouts = await previewSplit(buyer, models[0], paymentMint, deposited);
    await deposit(buyer, { modelMint: models[0], paymentMint, tokenProgram: TOKEN_PROGRAM_ID }, buyerTokens, deposited);
    const progress: ReleaseProgress[] = [];
    const release = await releaseChain(buyer, models[0], paymentMint, (step) => progress.push(step));
    expect(release.hops).to.equal(2);
    expect(release.signatures).to.have.length(1, "two hops fit in one transaction");
    expect(progress.map((step) => [step.transaction, step.transactions])).to.deep.equal([[1, 1]]);

    const received = new Map<string, bigint>();
    for (const client of [...owners, ...contributors]) {
      for (const claim of await claimAll(client)) {
        const vault = await fetchVault(client, models.find((mint) => claim.vault.equals(mintVault(mint)))!, paymentMint);
        const key = `${vault!.modelMint.toBase58()}:${claim.slot}`;
        received.set(key, (received.get(key) ?? 0n) + claim.amount);
      }
    }
    const expected = new Map(payouts.map((payout) => [`${payout.modelMint.toBase58()}:${payout.slot}`, payout.amount]));
    expect(received).to.deep.equal(expected);

    // Hand-checked: 1,234,567 at the fork of fork: 5% up, 11.11% contributor, the rest to its owner.
    expect(expected.get(`${models[0].toBase58()}:1`)).to.equal(137_160n);
    expect(expected.get(`${models[0].toBase58()}:${OWNER_SLOT}`)).to.equal(1_035_678n);
    const totalPaid = [...received.values()].reduce((sum, amount) => sum + amount, 0n);
    let held = 0n;
    for (const mint of models) held += await tokenBalance(vaultTokensPda(mintVault(mint)));
    expect(totalPaid + held).to.equal(deposited, "no unit created or lost");
    expect(held <= 18n * 3n).to.equal(true, "only rounding dust stays in the vaults");
    expect(await tokenBalance(buyerTokens)).to.equal(0n);
  });

  it("finds a vault's mints and every recipient at the offsets the escrow's IDL publishes", async () => {
    const vault = (await fetchVault(buyer, models[0], paymentMint))!;
    const data = (await connection.getAccountInfo(vault.address, "confirmed"))!.data;
    expect([keyAt(data, VAULT_OFFSETS.modelMint), keyAt(data, VAULT_OFFSETS.paymentMint)]).to.deep.equal([models[0].toBase58(), paymentMint.toBase58()]);
    // Each slot starts with its wallet: the parent's vault, then the contributors.
    const wallets = vault.recipients.map((_, slot) => keyAt(data, VAULT_OFFSETS.recipients + slot * VAULT_RECIPIENT_SIZE));
    expect(wallets).to.deep.equal(vault.recipients.map(({ wallet }) => wallet.toBase58()));
    expect(wallets.slice(0, 2)).to.deep.equal([mintVault(models[1]).toBase58(), contributors[3].wallet.toBase58()]);
  });

  it("finds nothing more to claim once everything is claimed", async () => {
    expect(await claimAll(contributors[0])).to.deep.equal([]);
  });

  it("rejects a second claim and a claim by someone the split does not name, by error name", async () => {
    const expectError = async (action: Promise<unknown>, name: string) => {
      const error = await action.then(() => null, (caught: unknown) => caught);
      expect(error).to.be.instanceOf(AnchorError);
      expect((error as AnchorError).error.errorCode.code).to.equal(name);
    };
    await expectError(claim(contributors[0], models[2], paymentMint, 1), "NothingToClaim");
    await expectError(claim(owners[1], models[0], paymentMint, 1), "NotARecipient");
    await expectError(claim(owners[1], models[0], paymentMint, 2), "NotARecipient");
  });

  it("syncs a vault's split before a deposit once the model's contributors changed", async () => {
    const base = models[2];
    const removed = (contributors[0].provider.wallet as unknown as { payer: Keypair }).payer;
    await setContributors(owners[0], base, [{ wallet: contributors[3].wallet, shareBps: 500 }], [removed]);
    const before = (await fetchVault(buyer, base, paymentMint))!;
    const model = (await fetchModel(buyer, base))!;
    expect(before.splitVersion).to.be.lessThan(model.splitVersion);
    await mintTo(connection, mintAuthority, paymentMint, buyerTokens, mintAuthority, 1_000n, [], { commitment: "confirmed" });
    await deposit(buyer, { modelMint: base, paymentMint, tokenProgram: TOKEN_PROGRAM_ID }, buyerTokens, 1_000n);
    const after = (await fetchVault(buyer, base, paymentMint))!;
    expect(after.splitVersion).to.equal(model.splitVersion);
    expect(after.totalIncome - before.totalIncome).to.equal(1_000n);
    expect(after.recipients[1].wallet.toBase58()).to.equal(contributors[3].wallet.toBase58());
  });
});
