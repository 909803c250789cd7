// The chain at ANCHOR_PROVIDER_URL seen by a plain @solana/web3.js and
// @solana/spl-token client that knows nothing of Hex: every call here must
// answer as solana-test-validator would.
import {
  AccountLayout,
  createAssociatedTokenAccount,
  createMint,
  createTransferCheckedInstruction,
  getAccount,
  getMint,
  mintTo,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  transferChecked,
} from "@solana/spl-token";
import {
  Connection,
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  sendAndConfirmTransaction,
  SendTransactionError,
  SystemProgram,
  Transaction,
  TransactionInstruction,
  TransactionMessage,
  VersionedTransaction,
} from "@solana/web3.js";
import { expect } from "chai";

const url = process.env.ANCHOR_PROVIDER_URL;
if (!url) throw new Error("ANCHOR_PROVIDER_URL must hold the chain's URL");
const connection = new Connection(url, "confirmed");

const MEMO_PROGRAM_ID = new PublicKey("MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr");
const INSUFFICIENT_FUNDS_LOG = "Program log: Error: insufficient funds";
/** SPL Token's `TokenError::InsufficientFunds`. */
const INSUFFICIENT_FUNDS = { InstructionError: [0, { Custom: 1 }] };

async function airdrop(to: PublicKey, lamports: number): Promise<string> {
  const signature = await connection.requestAirdrop(to, lamports);
  const latest = await connection.getLatestBlockhash();
  await connection.confirmTransaction({ signature, ...latest });
  return signature;
}

/** A token program with a mint and Alice's and Bob's associated accounts. */
interface TokenSetup {
  program: PublicKey;
  decimals: number;
  mint: PublicKey;
  alice: PublicKey;
  bob: PublicKey;
}

describe("web3.js compatibility", () => {
  const payer = Keypair.generate();
  const alice = Keypair.generate();
  const bob = Keypair.generate();
  let airdropSignature: string;
  let classic: TokenSetup;
  let token2022: TokenSetup;
  let failedTransfer: string;

  async function setUpToken(program: PublicKey, decimals: number): Promise<TokenSetup> {
    const mint = await createMint(connection, payer, payer.publicKey, null, decimals, Keypair.generate(), undefined, program);
    const accountOf = (owner: Keypair) =>
      createAssociatedTokenAccount(connection, payer, mint, owner.publicKey, undefined, program);
    return { program, decimals, mint, alice: await accountOf(alice), bob: await accountOf(bob) };
  }

  function overdrawnTransfer(token: TokenSetup): Transaction {
    const amount = 10n ** BigInt(token.decimals + 3);
    return new Transaction().add(
      createTransferCheckedInstruction(token.alice, token.mint, token.bob, alice.publicKey, amount, token.decimals, [], token.program)
    );
  }

  before(async () => {
    airdropSignature = await airdrop(payer.publicKey, 10 * LAMPORTS_PER_SOL);
  });

  it("airdrops to a fresh keypair and records the airdrop", async () => {
    expect(await connection.getBalance(payer.publicKey)).to.equal(10 * LAMPORTS_PER_SOL);
    const airdropTransaction = await connection.getTransaction(airdropSignature, { maxSupportedTransactionVersion: 0 });
    expect(airdropTransaction?.meta?.err).to.equal(null);
    const keys = airdropTransaction!.transaction.message.getAccountKeys().staticAccountKeys;
    const payerIndex = keys.findIndex((key) => key.equals(payer.publicKey));
    expect(airdropTransaction!.meta!.preBalances[payerIndex]).to.equal(0);
    expect(airdropTransaction!.meta!.postBalances[payerIndex]).to.equal(10 * LAMPORTS_PER_SOL);
  });

  it("creates an SPL Token mint and a Token-2022 mint", async () => {
    classic = await setUpToken(TOKEN_PROGRAM_ID, 6);
    token2022 = await setUpToken(TOKEN_2022_PROGRAM_ID, 9);
    const classicMint = await getMint(connection, classic.mint, undefined, TOKEN_PROGRAM_ID);
    expect(classicMint.decimals).to.equal(6);
    expect(classicMint.supply).to.equal(0n);
    expect(classicMint.mintAuthority?.toBase58()).to.equal(payer.publicKey.toBase58());
    const mint2022 = await getMint(connection, token2022.mint, undefined, TOKEN_2022_PROGRAM_ID);
    expect(mint2022.decimals).to.equal(9);
    expect((await connection.getAccountInfo(token2022.mint))?.owner.toBase58()).to.equal(TOKEN_2022_PROGRAM_ID.toBase58());
  });

  it("mints and transfers with both token programs", async () => {
    for (const token of [classic, token2022]) {
      const whole = 10n ** BigInt(token.decimals);
      await mintTo(connection, payer, token.mint, token.alice, payer, 3n * whole, [], undefined, token.program);
      await transferChecked(
        connection, payer, token.alice, token.mint, token.bob, alice, whole / 2n, token.decimals, [], undefined, token.program
      );
      const aliceBalance = (await connection.getTokenAccountBalance(token.alice)).value;
      expect(aliceBalance.amount).to.equal((5n * whole / 2n).toString());
      expect(aliceBalance.decimals).to.equal(token.decimals);
      expect(aliceBalance.uiAmountString).to.equal("2.5");
      expect(aliceBalance.uiAmount).to.equal(2.5);
      const bobAccount = await getAccount(connection, token.bob, undefined, token.program);
      expect(bobAccount.amount).to.equal(whole / 2n);
      expect(bobAccount.owner.toBase58()).to.equal(bob.publicKey.toBase58());
      expect(bobAccount.mint.toBase58()).to.equal(token.mint.toBase58());
      const supply = (await connection.getTokenSupply(token.mint)).value;
      expect(supply.amount).to.equal((3n * whole).toString());
      expect(supply.uiAmountString).to.equal("3");
    }
  });

  it("lists token accounts by owner, parsed and raw", async () => {
    const parsed = await connection.getParsedTokenAccountsByOwner(alice.publicKey, { mint: classic.mint });
    expect(parsed.value.map(({ pubkey }) => pubkey.toBase58())).to.deep.equal([classic.alice.toBase58()]);
    const data = parsed.value[0].account.data;
    expect(data.program).to.equal("spl-token");
    expect(data.space).to.equal(165);
    expect(data.parsed.type).to.equal("account");
    expect(data.parsed.info).to.deep.include({
      mint: classic.mint.toBase58(),
      owner: alice.publicKey.toBase58(),
      state: "initialized",
      isNative: false,
    });
    expect(data.parsed.info.tokenAmount).to.deep.equal({ amount: "2500000", decimals: 6, uiAmount: 2.5, uiAmountString: "2.5" });

    const raw = await connection.getTokenAccountsByOwner(bob.publicKey, { programId: TOKEN_2022_PROGRAM_ID });
    expect(raw.value.map(({ pubkey }) => pubkey.toBase58())).to.deep.equal([token2022.bob.toBase58()]);
    expect(raw.value[0].account.owner.toBase58()).to.equal(TOKEN_2022_PROGRAM_ID.toBase58());
    const decoded = AccountLayout.decode(raw.value[0].account.data.subarray(0, AccountLayout.span));
    expect(decoded.amount).to.equal(500_000_000n);
    expect(decoded.mint.toBase58()).to.equal(token2022.mint.toBase58());
  });

  it("finds token accounts with getProgramAccounts filters", async () => {
    const byMint = await connection.getProgramAccounts(TOKEN_PROGRAM_ID, {
      filters: [{ dataSize: 165 }, { memcmp: { offset: 0, bytes: classic.mint.toBase58() } }],
    });
    const holders = byMint.map(({ pubkey }) => pubkey.toBase58()).sort();
    expect(holders).to.deep.equal([classic.alice.toBase58(), classic.bob.toBase58()].sort());

    const byOwner = await connection.getProgramAccounts(TOKEN_PROGRAM_ID, {
      filters: [
        { memcmp: { offset: 0, bytes: classic.mint.toBase58() } },
        { memcmp: { offset: 32, bytes: bob.publicKey.toBuffer().toString("base64"), encoding: "base64" } },
      ],
      dataSlice: { offset: 64, length: 8 },
      withContext: true,
    });
    expect(byOwner.context.slot).to.be.greaterThan(0);
    expect(byOwner.value.map(({ pubkey }) => pubkey.toBase58())).to.deep.equal([classic.bob.toBase58()]);
    expect(byOwner.value[0].account.data.readBigUInt64LE(0)).to.equal(500_000n);

    const mints = await connection.getProgramAccounts(TOKEN_2022_PROGRAM_ID, { filters: [{ dataSize: 82 }] });
    expect(mints.map(({ pubkey }) => pubkey.toBase58())).to.include(token2022.mint.toBase58());
  });

  it("records a failing transfer sent with skipPreflight, fee charged", async () => {
    const payerBefore = await connection.getBalance(payer.publicKey);
    failedTransfer = await connection.sendTransaction(overdrawnTransfer(classic), [payer, alice], { skipPreflight: true });
    const latest = await connection.getLatestBlockhash();
    // web3.js resolves with the error when the websocket reports it first,
    // and rejects with it when its own status poll sees it first.
    const confirmationError = await connection.confirmTransaction({ signature: failedTransfer, ...latest }).then(
      (confirmation) => confirmation.value.err,
      (error: unknown) => error
    );
    expect(confirmationError).to.deep.equal(INSUFFICIENT_FUNDS);

    const transaction = await connection.getTransaction(failedTransfer, { maxSupportedTransactionVersion: 0 });
    expect(transaction?.meta?.err).to.deep.equal(INSUFFICIENT_FUNDS);
    expect(transaction!.meta!.logMessages).to.include(INSUFFICIENT_FUNDS_LOG);
    expect(transaction!.meta!.fee).to.equal(10_000);
    expect(transaction!.version).to.equal("legacy");
    expect(await connection.getBalance(payer.publicKey)).to.equal(payerBefore - 10_000);
    expect((await connection.getTokenAccountBalance(classic.alice)).value.amount).to.equal("2500000");
  });

  it("rejects the same transfer at preflight with the program's logs", async () => {
    const slotBefore = await connection.getSlot();
    const attempt = sendAndConfirmTransaction(connection, overdrawnTransfer(classic), [payer, alice]);
    const error = await attempt.then(
      () => expect.fail("an overdrawn transfer went through"),
      (error: unknown) => error
    );
    expect(error).to.be.instanceOf(SendTransactionError);
    const sendError = error as SendTransactionError;
    expect(sendError.message).to.include("Transaction simulation failed: Error processing Instruction 0: custom program error: 0x1");
    expect(sendError.logs).to.include(INSUFFICIENT_FUNDS_LOG);
    expect(await connection.getSlot()).to.equal(slotBefore, "nothing was executed");
  });

  it("confirms a transaction well under a second", async () => {
    const transfer = SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: bob.publicKey, lamports: 1_000_000 });
    const started = Date.now();
    await sendAndConfirmTransaction(connection, new Transaction().add(transfer), [payer]);
    expect(Date.now() - started).to.be.lessThan(1_000);
    expect(await connection.getBalance(bob.publicKey)).to.equal(1_000_000);
  });

  it("simulates a v0 transaction with logs, units and a replaced blockhash", async () => {
    const memo = new TransactionInstruction({
      programId: MEMO_PROGRAM_ID,
      keys: [{ pubkey: payer.publicKey, isSigner: true, isWritable: false }],
      data: Buffer.from("hello from web3.js"),
    });
    const message = new TransactionMessage({
      payerKey: payer.publicKey,
      recentBlockhash: PublicKey.default.toBase58(),
      instructions: [memo],
    }).compileToV0Message();
    const simulation = await connection.simulateTransaction(new VersionedTransaction(message), {
      replaceRecentBlockhash: true,
    });
    expect(simulation.value.err).to.equal(null);
    expect(simulation.value.logs).to.include('Program log: Memo (len 18): "hello from web3.js"');
    expect(simulation.value.unitsConsumed).to.be.greaterThan(0);
    // Agave's field, which web3.js passes through without declaring it.
    const { replacementBlockhash } = simulation.value as { replacementBlockhash?: unknown };
    expect(replacementBlockhash).to.deep.equal(await connection.getLatestBlockhash());

    const failing = await connection.simulateTransaction(overdrawnTransfer(classic), [payer, alice]);
    expect(failing.value.err).to.deep.equal(INSUFFICIENT_FUNDS);
    expect(failing.value.logs).to.include(INSUFFICIENT_FUNDS_LOG);
  });

  it("sends a v0 transaction and returns it to clients that support v0", async () => {
    const latest = await connection.getLatestBlockhash();
    const message = new TransactionMessage({
      payerKey: payer.publicKey,
      recentBlockhash: latest.blockhash,
      instructions: [SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: alice.publicKey, lamports: 2_000_000 })],
    }).compileToV0Message();
    const transaction = new VersionedTransaction(message);
    transaction.sign([payer]);
    const signature = await connection.sendTransaction(transaction);
    await connection.confirmTransaction({ signature, ...latest });
    const fetched = await connection.getTransaction(signature, { maxSupportedTransactionVersion: 0 });
    expect(fetched?.version).to.equal(0);
    expect(fetched?.meta?.fee).to.equal(5_000);
    expect(fetched?.meta?.loadedAddresses).to.deep.equal({ writable: [], readonly: [] });
    await connection.getTransaction(signature, {}).then(
      () => expect.fail("a v0 transaction was returned to a legacy-only client"),
      (error: Error) => expect(error.message).to.include("maxSupportedTransactionVersion")
    );
  });

  it("reports signature statuses", async () => {
    const unknown = "1".repeat(64);
    const statuses = await connection.getSignatureStatuses([airdropSignature, failedTransfer, unknown]);
    expect(statuses.value[0]).to.deep.include({ err: null, confirmations: null, confirmationStatus: "finalized" });
    expect(statuses.value[1]).to.deep.include({ err: INSUFFICIENT_FUNDS, confirmationStatus: "finalized" });
    expect(statuses.value[2]).to.equal(null);
    const history = await connection.getSignaturesForAddress(alice.publicKey, { limit: 1 });
    expect(history).to.have.length(1);
    expect(history[0].err).to.equal(null);
    expect(history[0].slot).to.be.greaterThan(statuses.value[1]!.slot);
  });

  it("tells valid blockhashes from others", async () => {
    const latest = await connection.getLatestBlockhash();
    expect(latest.lastValidBlockHeight - (await connection.getBlockHeight())).to.equal(150);
    expect((await connection.isBlockhashValid(latest.blockhash)).value).to.equal(true);
    expect((await connection.isBlockhashValid(Keypair.generate().publicKey.toBase58())).value).to.equal(false);
    await airdrop(bob.publicKey, 1);
    expect((await connection.isBlockhashValid(latest.blockhash)).value).to.equal(true, "still recent after a block");
  });

  it("quotes the fee of a message: 5000 lamports per signature", async () => {
    const { blockhash } = await connection.getLatestBlockhash();
    const twoSigners = overdrawnTransfer(classic);
    twoSigners.recentBlockhash = blockhash;
    twoSigners.feePayer = payer.publicKey;
    expect((await connection.getFeeForMessage(twoSigners.compileMessage())).value).to.equal(10_000);
    const v0 = new TransactionMessage({
      payerKey: payer.publicKey,
      recentBlockhash: blockhash,
      instructions: [SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: bob.publicKey, lamports: 1 })],
    }).compileToV0Message();
    expect((await connection.getFeeForMessage(v0)).value).to.equal(5_000);
  });

  it("notifies account changes and logs over the websocket", async () => {
    const watched = Keypair.generate().publicKey;
    const lamports = new Promise<number>((resolve) => {
      const id = connection.onAccountChange(watched, (account) => {
        void connection.removeAccountChangeListener(id);
        resolve(account.lamports);
      });
    });
    const logs = new Promise<string[]>((resolve) => {
      const id = connection.onLogs(watched, (entry) => {
        void connection.removeOnLogsListener(id);
        resolve(entry.logs);
      });
    });
    // Let the subscriptions reach the server before the airdrop.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await airdrop(watched, 42_000_000);
    expect(await lamports).to.equal(42_000_000);
    expect(await logs).to.include("Program 11111111111111111111111111111111 success");
  });
});
