// Builders of the license_market instructions for a license's life after
// purchase and a listing's end: closing licenses, trials, tier changes,
// derivative approval, reclaiming listings, and API revenue. Each takes one
// named object, computes every address locally and sends nothing.
import { BN } from "@coral-xyz/anchor";
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { HexClient } from "../programs";
import { escrowTokensPda, licenseTokenAddress, marketAuthorityPda, trialClaimPda } from "../pda";
import { LicenseRef, modelOwnerAccounts, paymentTokenAddress, PayoutKey, payoutAccounts } from "./market";

const bn = (value: bigint) => new BN(value.toString());

export interface CloseLicenseParams {
  holder: PublicKey;
  license: LicenseRef;
  /** The license's listing (its open-license count goes down; unused trial credits go back to its budget). */
  listing: PublicKey;
}

/** The holder closes a license without credits or pending payment: NFT burned, every account's rent back to it. */
export function closeLicenseInstruction(client: HexClient, params: CloseLicenseParams): Promise<TransactionInstruction> {
  return client.market.methods
    .closeLicense()
    .accountsPartial({
      holder: params.holder,
      license: params.license.address,
      listing: params.listing,
      licenseMint: params.license.mint,
      holderLicenseToken: licenseTokenAddress(params.holder, params.license.mint),
      tokenProgram: TOKEN_2022_PROGRAM_ID,
    })
    .instruction();
}

export interface ListingOwnerParams {
  /** The model's owner (holds its ownership NFT). */
  owner: PublicKey;
  modelMint: PublicKey;
  listing: PublicKey;
}

/** The model's owner takes back the rent of a closed listing none of whose licenses exists any more. */
export function reclaimListingInstruction(client: HexClient, params: ListingOwnerParams): Promise<TransactionInstruction> {
  return client.market.methods
    .reclaimListing()
    .accountsPartial({ modelOwner: modelOwnerAccounts(client, params.owner, params.modelMint), listing: params.listing })
    .instruction();
}

export interface TrialBudgetParams extends ListingOwnerParams {
  paymentMint: PublicKey;
  paymentTokenProgram: PublicKey;
  /** Base units of the payment mint, > 0. */
  amount: bigint;
}

function trialBudgetAccounts(client: HexClient, params: TrialBudgetParams) {
  return {
    modelOwner: modelOwnerAccounts(client, params.owner, params.modelMint),
    listing: params.listing,
    paymentMint: params.paymentMint,
    ownerPayment: paymentTokenAddress(params.owner, params.paymentMint, params.paymentTokenProgram),
    escrowTokens: escrowTokensPda(params.paymentMint, client.market.programId),
    marketAuthority: marketAuthorityPda(client.market.programId),
    paymentTokenProgram: params.paymentTokenProgram,
  };
}

/** The model's owner adds `amount` to a listing's trial budget, from its associated token account. */
export function fundTrialsInstruction(client: HexClient, params: TrialBudgetParams): Promise<TransactionInstruction> {
  return client.market.methods.fundTrials(bn(params.amount)).accountsPartial(trialBudgetAccounts(client, params)).instruction();
}

/** The model's owner takes `amount` of the unused trial budget back to its associated token account. */
export function withdrawTrialBudgetInstruction(client: HexClient, params: TrialBudgetParams): Promise<TransactionInstruction> {
  return client.market.methods.withdrawTrialBudget(bn(params.amount)).accountsPartial(trialBudgetAccounts(client, params)).instruction();
}

export interface ClaimTrialParams {
  holder: PublicKey;
  listing: PublicKey;
  /** The holder's pay-per-use License account of `listing`. */
  license: PublicKey;
}

/** The holder takes the listing's trial as credits on its license (once per wallet and listing). */
export function claimTrialInstruction(client: HexClient, params: ClaimTrialParams): Promise<TransactionInstruction> {
  return client.market.methods
    .claimTrial()
    .accountsPartial({
      holder: params.holder,
      listing: params.listing,
      license: params.license,
      trialClaim: trialClaimPda(params.listing, params.holder, client.market.programId),
    })
    .instruction();
}

export interface ApproveDerivativeParams {
  /** The model's owner. */
  owner: PublicKey;
  modelMint: PublicKey;
  /** A license under terms whose derivatives need approval. */
  license: PublicKey;
  /** false withdraws an approval. */
  approved: boolean;
}

export function approveDerivativeInstruction(client: HexClient, params: ApproveDerivativeParams): Promise<TransactionInstruction> {
  return client.market.methods
    .approveDerivative(params.approved)
    .accountsPartial({ modelOwner: modelOwnerAccounts(client, params.owner, params.modelMint), license: params.license })
    .instruction();
}

export interface ChangeTierParams {
  holder: PublicKey;
  license: LicenseRef;
  /** The subscription's current listing. */
  fromListing: PublicKey;
  /** Another subscription listing of the same model and payment mint. */
  toListing: PublicKey;
  payout: PayoutKey;
  /** The new listing's price, as the holder saw it (PriceMismatch otherwise). */
  expectedPrice: bigint;
}

/** Moves a subscription to another tier: the paid time left is credited against the new price. */
export function changeTierInstruction(client: HexClient, params: ChangeTierParams): Promise<TransactionInstruction> {
  return client.market.methods
    .changeTier(bn(params.expectedPrice))
    .accountsPartial({
      holder: params.holder,
      license: params.license.address,
      fromListing: params.fromListing,
      toListing: params.toListing,
      licenseMint: params.license.mint,
      holderPayment: paymentTokenAddress(params.holder, params.payout.paymentMint, params.payout.paymentTokenProgram),
      payout: payoutAccounts(client, params.payout),
      tokenProgram: TOKEN_2022_PROGRAM_ID,
    })
    .instruction();
}

export interface DepositApiRevenueParams {
  /** Pays from its associated token account of the payment mint. */
  payer: PublicKey;
  payout: PayoutKey;
  /** Base units, > 0. */
  amount: bigint;
}

/** Anyone pays a model's off-chain API revenue: the platform's API fee to the treasury, the rest to the model. */
export function depositApiRevenueInstruction(client: HexClient, params: DepositApiRevenueParams): Promise<TransactionInstruction> {
  return client.market.methods
    .depositApiRevenue(bn(params.amount))
    .accountsPartial({
      payer: params.payer,
      payerPayment: paymentTokenAddress(params.payer, params.payout.paymentMint, params.payout.paymentTokenProgram),
      payout: payoutAccounts(client, params.payout),
    })
    .instruction();
}
