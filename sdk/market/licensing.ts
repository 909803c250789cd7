// A license's life after purchase and a listing's end: closing licenses
// (rent back), trials (funding, claiming, buying with the trial in one
// transaction), tier changes of subscriptions, derivative approval,
// reclaiming closed listings, and API revenue paid in through the market.
// Each action says which reads it makes and what it sends; bad input
// throws a MarketInputError before anything is sent, rules that depend on
// chain state are left to the program (AnchorErrors carrying its names).
import { Keypair, PublicKey, SYSVAR_CLOCK_PUBKEY, TransactionSignature } from "@solana/web3.js";
import { unpackMint } from "@solana/spl-token";
import { HexClient } from "../core/programs";
import { sendInstructions } from "../core/tx";
import { paymentTokenAddress } from "../core/accounts";
import { VaultKey } from "../escrow/instructions";
import { creatorSalesPda, licenseTokenAddress, trialClaimPda } from "./pda";
import {
  approveDerivativeInstruction,
  changeTierInstruction,
  claimTrialInstruction,
  closeLicenseInstruction,
  depositApiRevenueInstruction,
  fundTrialsInstruction,
  reclaimListingInstruction,
  TrialBudgetParams,
  withdrawTrialBudgetInstruction,
} from "./instructions";
import { decodeListing, ListingAccount } from "./accounts";
import { licenseFeeBps, licenseUsageCost, PaymentSplit, previewTierChange, splitPayment, TierChangePreview, volumeCost } from "./math";
import {
  getAccounts,
  LicenseInput,
  licenseAndListing,
  ListingInput,
  loadPayment,
  MarketInputError,
  ref,
  requireFunds,
  requireHolder,
  requireU64,
  resolveLicense,
  resolveListing,
  sendWithSetup,
} from "./support";
import { prepareBuyLicense, PurchasedLicense } from "./actions";

const lamportsOf = (infos: ({ lamports: number } | null)[]) => infos.reduce((sum, info) => sum + BigInt(info?.lamports ?? 0), 0n);

// ---------------------------------------------------------------- closing

export interface ClosedLicense {
  signature: TransactionSignature;
  /** Lamports of the License, the NFT mint and the holder's NFT account, all back to the holder. */
  rentReturned: bigint;
  /** Unused trial credits, back to the listing's trial budget. */
  trialCreditsReturned: bigint;
}

/**
 * The holder (the client's wallet) closes a license it no longer needs,
 * once it holds no credits and no payment in escrow: the NFT is burned and
 * every lamport of rent comes back. Two reads (the license; then the three
 * accounts' balances), one transaction.
 */
export async function closeLicense(client: HexClient, license: LicenseInput): Promise<ClosedLicense> {
  const account = await resolveLicense(client, license);
  requireHolder(client, account);
  if (account.credits > 0n) throw new MarketInputError(`the license holds ${account.credits} base units of credits: withdraw them first (withdrawCredits)`);
  if (account.pendingPayment > 0n) throw new MarketInputError("the license's payment is still in escrow: refund it inside the window, or close it once it is settled");
  const closing = [account.address, account.mint, licenseTokenAddress(client.wallet, account.mint)];
  const rentReturned = lamportsOf(await getAccounts(client, closing));
  const instruction = await closeLicenseInstruction(client, { holder: client.wallet, license: ref(account), listing: account.listing });
  return { signature: await sendInstructions(client, [instruction]), rentReturned, trialCreditsReturned: account.trialCredits };
}

export interface ReclaimedListing {
  signature: TransactionSignature;
  /** The listing's lamports, back to the model's owner. */
  rentReturned: bigint;
}

/**
 * The model's owner (the client's wallet) takes back the rent of a closed
 * listing none of whose licenses exists any more. One read (the listing,
 * fresh: its balance is the rent returned), one transaction.
 */
export async function reclaimListing(client: HexClient, listing: ListingInput): Promise<ReclaimedListing> {
  const address = listing instanceof PublicKey ? listing : listing.address;
  const [info] = await getAccounts(client, [address]);
  if (!info) throw new MarketInputError(`no listing at ${address.toBase58()}: never created, or already reclaimed`);
  const account = decodeListing(client, address, info);
  if (!account.closed) throw new MarketInputError("the listing is still open: close it first (closeListing)");
  if (account.openLicenses > 0n) throw new MarketInputError(`${account.openLicenses} license(s) of the listing still exist: it can be reclaimed once each is refunded or closed`);
  const instruction = await reclaimListingInstruction(client, { owner: client.wallet, modelMint: account.modelMint, listing: address });
  return { signature: await sendInstructions(client, [instruction]), rentReturned: BigInt(info.lamports) };
}

// ---------------------------------------------------------------- trials

function trialBudgetParams(client: HexClient, listing: ListingAccount, amount: bigint): TrialBudgetParams {
  return {
    owner: client.wallet,
    modelMint: listing.modelMint,
    listing: listing.address,
    paymentMint: listing.paymentMint,
    paymentTokenProgram: listing.paymentTokenProgram,
    amount,
  };
}

/**
 * The model's owner (the client's wallet) adds `amount` base units to a
 * pay-per-use listing's trial budget. Two reads (the listing, none if given;
 * the owner's token account), one transaction.
 */
export async function fundTrials(client: HexClient, listing: ListingInput, amount: bigint): Promise<TransactionSignature> {
  requireU64("the amount", amount, { positive: true });
  const account = await resolveListing(client, listing);
  if (account.pricing.kind !== "payPerUse") throw new MarketInputError(`only pay-per-use listings offer trials; this listing is ${account.pricing.kind}`);
  const [ownerInfo] = await getAccounts(client, [paymentTokenAddress(client.wallet, account.paymentMint, account.paymentTokenProgram)]);
  requireFunds(client.wallet, account.paymentMint, account.paymentTokenProgram, ownerInfo, amount);
  return sendInstructions(client, [await fundTrialsInstruction(client, trialBudgetParams(client, account, amount))]);
}

/**
 * The model's owner takes `amount` (all of it if omitted) of a listing's
 * unused trial budget back. One read (none if a ListingAccount is given), one transaction.
 */
export async function withdrawTrialBudget(client: HexClient, listing: ListingInput, amount?: bigint): Promise<TransactionSignature> {
  if (amount !== undefined) requireU64("the amount", amount, { positive: true });
  const account = await resolveListing(client, listing);
  const value = amount ?? account.trialBudget;
  if (value === 0n) throw new MarketInputError("the listing's trial budget is empty");
  if (value > account.trialBudget) throw new MarketInputError(`the trial budget holds ${account.trialBudget} base units, less than ${value}`);
  return sendInstructions(client, [await withdrawTrialBudgetInstruction(client, trialBudgetParams(client, account, value))]);
}

/** What a new license's trial is worth: its listing's trial units at the listing's prices (0 without a trial). */
export function trialValue(listing: Pick<ListingAccount, "trialUnits" | "pricing" | "volumeTiers">): bigint {
  return listing.trialUnits === 0n ? 0n : volumeCost(listing.pricing.price, listing.volumeTiers, 0n, listing.trialUnits);
}

export interface ClaimedTrial {
  signature: TransactionSignature;
  /** Trial credits added to the license, spent before its own credits. */
  trialCredits: bigint;
}

/**
 * The holder (the client's wallet) of a pay-per-use license takes its
 * listing's trial, once per wallet and listing. Three reads (the license,
 * its listing, the wallet's trial record; fewer if accounts are given), one transaction.
 */
export async function claimTrial(client: HexClient, license: LicenseInput, listing?: ListingAccount): Promise<ClaimedTrial> {
  const accounts = await licenseAndListing(client, license, listing);
  requireHolder(client, accounts.license);
  if (accounts.license.kind !== "payPerUse") throw new MarketInputError(`trials are for pay-per-use licenses; this license is ${accounts.license.kind}`);
  if (accounts.listing.trialUnits === 0n) throw new MarketInputError("the listing offers no trial");
  const trialCredits = licenseUsageCost(accounts.license, accounts.listing.trialUnits);
  if (trialCredits > accounts.listing.trialBudget) {
    throw new MarketInputError(`the listing's trial budget (${accounts.listing.trialBudget}) cannot pay a trial worth ${trialCredits}`);
  }
  const [claimed] = await getAccounts(client, [trialClaimPda(accounts.listing.address, client.wallet, client.market.programId)]);
  if (claimed) throw new MarketInputError(`${client.wallet.toBase58()} already took this listing's trial: one per wallet`);
  const instruction = await claimTrialInstruction(client, { holder: client.wallet, listing: accounts.listing.address, license: accounts.license.address });
  return { signature: await sendInstructions(client, [instruction]), trialCredits };
}

export interface PurchaseWithTrial extends PurchasedLicense {
  /** The trial credits the license got; 0 when the listing offers no trial, its budget cannot pay one, or the wallet took it before. */
  trialCredits: bigint;
}

/**
 * Buys a license at `expectedPrice` and, when the listing offers a trial
 * that its budget covers and the wallet has not taken, claims it in the
 * same transaction. Two reads (the listing, none if given; then payment
 * accounts and the wallet's trial record in parallel), one transaction.
 */
export async function buyLicenseWithTrial(
  client: HexClient,
  listing: ListingInput,
  expectedPrice: bigint,
  licenseMint: Keypair = Keypair.generate()
): Promise<PurchaseWithTrial> {
  const account = await resolveListing(client, listing);
  const [prepared, [claimed]] = await Promise.all([
    prepareBuyLicense(client, account, expectedPrice, licenseMint),
    getAccounts(client, [trialClaimPda(account.address, client.wallet, client.market.programId)]),
  ]);
  const value = trialValue(account);
  const trialCredits = value > 0n && value <= account.trialBudget && !claimed ? value : 0n;
  if (trialCredits > 0n) {
    prepared.instructions.push(await claimTrialInstruction(client, { holder: client.wallet, listing: account.address, license: prepared.license }));
  }
  const signature = await sendWithSetup(client, prepared);
  return { signature, license: prepared.license, mint: prepared.mint, trialCredits };
}

// ---------------------------------------------------------------- tier changes

export interface TierChange extends TierChangePreview {
  signature: TransactionSignature;
}

/**
 * Moves a subscription the client's wallet holds to another subscription
 * listing of the same model and payment mint, at `expectedPrice` (the new
 * listing's price). The paid time left is credited at the last period's
 * price: an upgrade pays the difference, a downgrade gets a longer period.
 * Returns the preview at the chain's time when read (the program counts at
 * its own, seconds later). Four reads (the license, its listing, the new
 * listing, then payment accounts and the clock; fewer if accounts are
 * given), one transaction.
 */
export async function changeTier(
  client: HexClient,
  license: LicenseInput,
  toListing: ListingInput,
  expectedPrice: bigint,
  listing?: ListingAccount
): Promise<TierChange> {
  requireU64("the expected price", expectedPrice, { positive: true });
  const [accounts, target] = await Promise.all([licenseAndListing(client, license, listing), resolveListing(client, toListing)]);
  const from = accounts.listing;
  requireHolder(client, accounts.license);
  if (accounts.license.kind !== "subscription") throw new MarketInputError(`only subscriptions change tier; this license is ${accounts.license.kind}`);
  if (target.pricing.kind !== "subscription") throw new MarketInputError(`the new listing sells ${target.pricing.kind} licenses, not subscriptions`);
  if (target.address.equals(from.address)) throw new MarketInputError("the license is already on this listing");
  if (!target.modelMint.equals(from.modelMint) || !target.paymentMint.equals(from.paymentMint)) {
    throw new MarketInputError("change to a listing of the same model, paid in the same mint");
  }
  const holderPayment = paymentTokenAddress(client.wallet, target.paymentMint, target.paymentTokenProgram);
  const { payout, prelude, extra } = await loadPayment(client, client.wallet, target, [holderPayment, SYSVAR_CLOCK_PUBKEY]);
  const now = extra[1]!.data.readBigInt64LE(32);
  const preview = previewTierChange(accounts.license, { price: expectedPrice, periodSecs: target.pricing.periodSecs }, now);
  requireFunds(client.wallet, target.paymentMint, target.paymentTokenProgram, extra[0], preview.due);
  const instruction = await changeTierInstruction(client, {
    ...payout,
    holder: client.wallet,
    license: ref(accounts.license),
    fromListing: from.address,
    toListing: target.address,
    expectedPrice,
  });
  const signature = await sendWithSetup(client, { instructions: [...prelude, instruction], signers: [], setupCount: prelude.length });
  return { signature, ...preview };
}

// ---------------------------------------------------------------- derivatives

/**
 * The model's owner (the client's wallet) approves, or withdraws its
 * approval of, a license holder's derivative, under terms that require
 * approval. One read (none if a LicenseAccount is given), one transaction.
 */
export async function approveDerivative(client: HexClient, license: LicenseInput, approved: boolean): Promise<TransactionSignature> {
  if (typeof approved !== "boolean") throw new MarketInputError("approved must be true or false");
  const account = await resolveLicense(client, license);
  if (account.terms.derivatives !== "approvalRequired") {
    throw new MarketInputError(`this license's terms ask for no approval of derivatives (derivatives: ${account.terms.derivatives})`);
  }
  const instruction = await approveDerivativeInstruction(client, { owner: client.wallet, modelMint: account.modelMint, license: account.address, approved });
  return sendInstructions(client, [instruction]);
}

// ---------------------------------------------------------------- API revenue

export interface ApiRevenueDeposit extends PaymentSplit {
  signature: TransactionSignature;
  /** The platform's API fee, in bps (the license fee at the creator's tier). */
  feeBps: number;
}

/**
 * The client's wallet pays `amount` base units of a model's off-chain API
 * revenue from its token account: the platform's API fee (the license fee
 * at the creator's tier) to the treasury, the rest to the model (the
 * family's trend share into its pool, the rest into its vault). The
 * creator needs a listing in the mint first (it opens the CreatorSales
 * account that keeps its tier). Two reads (config, model, vault, payer
 * account and mint; then the creator's sales), one transaction.
 */
export async function depositApiRevenue(client: HexClient, key: VaultKey, amount: bigint): Promise<ApiRevenueDeposit> {
  requireU64("the amount", amount, { positive: true });
  const market = { modelMint: key.modelMint, paymentMint: key.paymentMint, paymentTokenProgram: key.tokenProgram };
  const payerPayment = paymentTokenAddress(client.wallet, key.paymentMint, key.tokenProgram);
  const { payout, prelude, config, extra } = await loadPayment(client, client.wallet, market, [payerPayment, key.paymentMint]);
  requireFunds(client.wallet, key.paymentMint, key.tokenProgram, extra[0], amount);
  if (!extra[1]) throw new MarketInputError(`payment mint ${key.paymentMint.toBase58()} not found`);
  const [salesInfo] = await getAccounts(client, [creatorSalesPda(payout.creator, key.paymentMint, client.market.programId)]);
  if (!salesInfo) {
    throw new MarketInputError("the model's creator has no listing in this mint yet: its first listing (createListing) opens the account that keeps its fee tier");
  }
  const sales = client.market.coder.accounts.decode("creatorSales", salesInfo.data);
  const { decimals } = unpackMint(key.paymentMint, extra[1], key.tokenProgram);
  const feeBps = licenseFeeBps(config, BigInt(sales.totalSales.toString()), decimals);
  const instruction = await depositApiRevenueInstruction(client, { ...payout, payer: client.wallet, amount });
  const signature = await sendWithSetup(client, { instructions: [...prelude, instruction], signers: [], setupCount: prelude.length });
  return { signature, feeBps, ...splitPayment(amount, feeBps) };
}
