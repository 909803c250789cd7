// What the market's actions share: reading listings and licenses, loading
// what a payment needs in one round trip, sending setup beside the main
// instructions, and the input checks. Internal to the SDK (not exported
// from its index); actions.ts re-exports the public types.
import { AccountInfo, Keypair, PublicKey, TransactionInstruction, TransactionSignature } from "@solana/web3.js";
import { createAssociatedTokenAccountIdempotentInstruction, unpackAccount } from "@solana/spl-token";
import { Buffer } from "buffer";
import { HexClient } from "../core/programs";
import { MAX_TRANSACTION_SIZE, packInstructions, sendInstructions, transactionSize } from "../core/tx";
import { paymentTokenAddress } from "../core/accounts";
import { optionalKey } from "../core/decode";
import { configPda, modelPda } from "../registry/pda";
import { vaultPda } from "../escrow/pda";
import { decodeVault } from "../escrow/accounts";
import { VaultState } from "../escrow/math";
import { vaultUpkeepInstructions } from "../escrow/actions";
import { decodeLicense, decodeListing, LicenseAccount, ListingAccount } from "./accounts";
import { LicenseRef, PayoutKey } from "./instructions";

/** Input the SDK rejects before sending anything. */
export class MarketInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MarketInputError";
  }
}

const U64_MAX = (1n << 64n) - 1n;

export function requireU64(name: string, value: bigint, { positive }: { positive: boolean }) {
  if (typeof value !== "bigint") throw new MarketInputError(`${name} must be a bigint (base units), got ${typeof value}`);
  if (positive ? value <= 0n : value < 0n) throw new MarketInputError(`${name} must be ${positive ? "positive" : "zero or more"}, got ${value}`);
  if (value > U64_MAX) throw new MarketInputError(`${name} does not fit in a u64: ${value}`);
}

export type RawConfig = Awaited<ReturnType<HexClient["registry"]["account"]["config"]["fetch"]>>;
export type RawModel = Awaited<ReturnType<HexClient["registry"]["account"]["model"]["fetch"]>>;

/** One round trip: the accounts at `addresses`, null where none exists. */
export function getAccounts(client: HexClient, addresses: PublicKey[]): Promise<(AccountInfo<Buffer> | null)[]> {
  return client.connection.getMultipleAccountsInfo(addresses, "confirmed");
}

/** A listing, or its address (then read: one round trip). */
export type ListingInput = PublicKey | ListingAccount;
/** A license, or its License address (then read: one round trip). */
export type LicenseInput = PublicKey | LicenseAccount;

export async function resolveListing(client: HexClient, input: ListingInput): Promise<ListingAccount> {
  if (!(input instanceof PublicKey)) return input;
  const [info] = await getAccounts(client, [input]);
  if (!info) throw new MarketInputError(`no listing at ${input.toBase58()}`);
  return decodeListing(client, input, info);
}

export async function resolveLicense(client: HexClient, input: LicenseInput): Promise<LicenseAccount> {
  if (!(input instanceof PublicKey)) return input;
  const [info] = await getAccounts(client, [input]);
  if (!info) throw new MarketInputError(`no license at ${input.toBase58()}: never issued, or refunded and closed`);
  return decodeLicense(client, input, info);
}

export function tokenBalance(address: PublicKey, info: AccountInfo<Buffer> | null, tokenProgram: PublicKey): bigint | null {
  return info ? unpackAccount(address, info, tokenProgram).amount : null;
}

/** Throws unless `owner`'s associated token account exists and holds `amount`. */
export function requireFunds(owner: PublicKey, mint: PublicKey, tokenProgram: PublicKey, info: AccountInfo<Buffer> | null, amount: bigint) {
  const address = paymentTokenAddress(owner, mint, tokenProgram);
  const balance = tokenBalance(address, info, tokenProgram);
  if (balance === null) {
    throw new MarketInputError(`${owner.toBase58()} has no token account for mint ${mint.toBase58()} (expected ${address.toBase58()}): create and fund it first`);
  }
  if (balance < amount) {
    throw new MarketInputError(`${address.toBase58()} holds ${balance} base units, ${amount} are needed`);
  }
}

export interface PaymentContext {
  payout: PayoutKey;
  config: RawConfig;
  model: RawModel;
  vault: VaultState;
  /** The accounts asked for in `extra`, in order. */
  extra: (AccountInfo<Buffer> | null)[];
  /** Instructions to run first: the treasury's token account (idempotent), sync_split if needed. */
  prelude: TransactionInstruction[];
}

/**
 * Everything a payment of `listing` needs, in one round trip: the platform
 * config, the model, its vault and the `extra` accounts the caller needs
 * (payer and recipient token accounts).
 */
export async function loadPayment(
  client: HexClient,
  payer: PublicKey,
  listing: Pick<ListingAccount, "modelMint" | "paymentMint" | "paymentTokenProgram">,
  extra: PublicKey[] = []
): Promise<PaymentContext> {
  const { modelMint, paymentMint, paymentTokenProgram } = listing;
  const vaultAddress = vaultPda(modelMint, paymentMint, client.escrow.programId);
  const [configInfo, modelInfo, vaultInfo, ...rest] = await getAccounts(client, [
    configPda(client.registry.programId),
    modelPda(modelMint, client.registry.programId),
    vaultAddress,
    ...extra,
  ]);
  if (!configInfo) throw new Error("the platform is not initialised");
  if (!modelInfo) throw new Error(`no model is registered for mint ${modelMint.toBase58()}`);
  if (!vaultInfo) throw new Error(`model ${modelMint.toBase58()} has no vault for mint ${paymentMint.toBase58()}`);
  const config: RawConfig = client.registry.coder.accounts.decode("config", configInfo.data);
  const model: RawModel = client.registry.coder.accounts.decode("model", modelInfo.data);
  const vault = decodeVault(client, vaultAddress, vaultInfo);
  const payout: PayoutKey = {
    modelMint,
    familyRoot: model.root,
    creator: model.creator,
    paymentMint,
    paymentTokenProgram,
    treasury: config.treasury,
    derivativeLicense: optionalKey(model.derivativeLicense) ?? undefined,
  };
  // The treasury's token account cannot be read in this batch (its address
  // follows from the config), so it is created idempotently: a no-op once it exists.
  const treasuryPayment = paymentTokenAddress(config.treasury, paymentMint, paymentTokenProgram);
  const prelude = [
    createAssociatedTokenAccountIdempotentInstruction(payer, treasuryPayment, config.treasury, paymentMint, paymentTokenProgram),
    ...(await vaultUpkeepInstructions(client, payer, { ...model, contributors: model.contributors.slice(0, model.contributorCount) }, vault)),
  ];
  return { payout, config, model, vault, extra: rest, prelude };
}

/**
 * Sends the setup instructions (idempotent account creations, sync_split)
 * and the main ones in one transaction; if that would pass 1232 bytes (a
 * sync_split paying many replaced contributors), the setup goes first in
 * transactions of its own.
 */
export async function sendWithSetup(client: HexClient, prepared: PreparedTransaction): Promise<TransactionSignature> {
  const { instructions, signers, setupCount } = prepared;
  const signerKeys = signers.map((signer) => signer.publicKey);
  if (setupCount === 0 || transactionSize(instructions, client.wallet, signerKeys, client.sendOptions) <= MAX_TRANSACTION_SIZE) {
    return sendInstructions(client, instructions, signers);
  }
  for (const batch of packInstructions(instructions.slice(0, setupCount), client.wallet, client.sendOptions)) await sendInstructions(client, batch);
  return sendInstructions(client, instructions.slice(setupCount), signers);
}

export interface PreparedTransaction {
  /** Everything, in order, for one transaction. */
  instructions: TransactionInstruction[];
  /** Signers besides the client's wallet. */
  signers: Keypair[];
  /** How many leading instructions are setup (idempotent account creations, sync_split), sendable first on their own. */
  setupCount: number;
}

/** The license and its listing: up to two reads (none if both are given as accounts). */
export async function licenseAndListing(client: HexClient, license: LicenseInput, listing?: ListingAccount) {
  const account = await resolveLicense(client, license);
  const listingAccount = listing && listing.address.equals(account.listing) ? listing : await resolveListing(client, account.listing);
  return { license: account, listing: listingAccount };
}

export const ref = (license: LicenseAccount): LicenseRef => ({ address: license.address, mint: license.mint });

/**
 * For instructions taking the holder's license NFT account: without this
 * check, a wallet that never held the license would only get the program's
 * AccountNotInitialized (its token account does not exist).
 */
export function requireHolder(client: HexClient, license: LicenseAccount) {
  if (!license.holder.equals(client.wallet)) {
    throw new MarketInputError(`${client.wallet.toBase58()} does not hold license ${license.address.toBase58()} (its holder is ${license.holder.toBase58()})`);
  }
}
