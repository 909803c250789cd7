// Shared setup of the mocha suite: a provider on the embedded chain (started
// by scripts/with-localnet.js), funded wallets, and the Hex client.
import { AnchorError, AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { expect } from "chai";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { TOKEN_PROGRAM_ID, unpackAccount } from "@solana/spl-token";
import { defaultPlatformSettings, HexClient, initializePlatform } from "../sdk";

export function chainUrl(): string {
  const url = process.env.ANCHOR_PROVIDER_URL;
  if (!url) throw new Error("ANCHOR_PROVIDER_URL is not set: run the suite with `npm test`");
  return url;
}

export const connection = new Connection(chainUrl(), "confirmed");
// The embedded chain makes one block per transaction, so a blockhash that
// web3.js cached for its usual 30 s can be 150 blocks old, and expired, when
// the suite is busy: fetch a fresh one for every send.
(connection as unknown as { _disableBlockhashCaching: boolean })._disableBlockhashCaching = true;

export async function fundedKeypair(sol = 10): Promise<Keypair> {
  const keypair = Keypair.generate();
  const signature = await connection.requestAirdrop(keypair.publicKey, sol * LAMPORTS_PER_SOL);
  const latest = await connection.getLatestBlockhash();
  await connection.confirmTransaction({ signature, ...latest }, "confirmed");
  return keypair;
}

export function clientFor(keypair: Keypair): HexClient {
  return new HexClient(new AnchorProvider(connection, new Wallet(keypair), { commitment: "confirmed" }));
}

/**
 * The platform of the whole suite: each run has a fresh chain, initialised
 * once by whichever test file needs it first.
 */
let platform: Promise<{ authority: HexClient; treasury: PublicKey }> | undefined;

export function sharedPlatform() {
  platform ??= (async () => {
    const authority = clientFor(await fundedKeypair());
    const treasury = Keypair.generate().publicKey;
    await initializePlatform(authority, defaultPlatformSettings(treasury));
    return { authority, treasury };
  })();
  return platform;
}

/** The public key stored at `offset` of an account's data, in base 58. */
export function keyAt(data: Buffer, offset: number): string {
  return new PublicKey(data.subarray(offset, offset + 32)).toBase58();
}

/** Awaits `action` and asserts it failed with the Hex program error `name`. */
export async function expectAnchorError(action: Promise<unknown>, name: string): Promise<AnchorError> {
  try {
    await action;
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(AnchorError);
    expect((error as AnchorError).error.errorCode.code).to.equal(name);
    return error as AnchorError;
  }
  throw new Error(`expected ${name}, but the transaction succeeded`);
}

/** Token balances of named parties' accounts (0 for one that does not exist), in one round trip. */
export async function tokenLedger<P extends string>(accounts: Record<P, PublicKey>, tokenProgram = TOKEN_PROGRAM_ID): Promise<Record<P, bigint>> {
  const parties = Object.keys(accounts) as P[];
  const addresses = parties.map((party) => accounts[party]);
  const infos = await connection.getMultipleAccountsInfo(addresses, "confirmed");
  const ledger = {} as Record<P, bigint>;
  parties.forEach((party, index) => {
    const info = infos[index];
    ledger[party] = info ? unpackAccount(addresses[index], info, tokenProgram).amount : 0n;
  });
  return ledger;
}

/** Every party moved exactly as stated, the others not at all. */
export function expectLedgerMoves<P extends string>(before: Record<P, bigint>, after: Record<P, bigint>, moves: Partial<Record<P, bigint>>): void {
  for (const party of Object.keys(before) as P[]) expect(after[party] - before[party], party).to.equal(moves[party] ?? 0n);
}
