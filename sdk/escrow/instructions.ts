// One builder per royalty_escrow instruction; addresses computed locally.
import { BN } from "@coral-xyz/anchor";
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID, getAssociatedTokenAddressSync } from "@solana/spl-token";
import { HexClient } from "../core/programs";
import { configPda, modelPda, ownershipTokenAddress } from "../registry/pda";
import { familyPoolPda, payoutPreferencesPda, poolTokensPda, previousOwnerEarningsPda, vaultPda, vaultTokensPda } from "./pda";
import { OWNER_SLOT } from "./accounts";

export interface VaultKey {
  modelMint: PublicKey;
  paymentMint: PublicKey;
  tokenProgram: PublicKey;
}

export function createVaultInstruction(client: HexClient, payer: PublicKey, key: VaultKey): Promise<TransactionInstruction> {
  const vault = vaultPda(key.modelMint, key.paymentMint, client.escrow.programId);
  return client.escrow.methods
    .createVault()
    .accountsPartial({
      payer,
      model: modelPda(key.modelMint, client.registry.programId),
      paymentMint: key.paymentMint,
      vault,
      vaultTokens: vaultTokensPda(vault, client.escrow.programId),
      tokenProgram: key.tokenProgram,
    })
    .instruction();
}

export function depositInstruction(
  client: HexClient,
  depositor: PublicKey,
  source: PublicKey,
  key: VaultKey,
  amount: bigint
): Promise<TransactionInstruction> {
  const vault = vaultPda(key.modelMint, key.paymentMint, client.escrow.programId);
  return client.escrow.methods
    .deposit(new BN(amount.toString()))
    .accountsPartial({
      depositor,
      model: modelPda(key.modelMint, client.registry.programId),
      vault,
      vaultTokens: vaultTokensPda(vault, client.escrow.programId),
      paymentMint: key.paymentMint,
      source,
      tokenProgram: key.tokenProgram,
    })
    .instruction();
}

/** One hop of the cascade: `key.modelMint`'s vault pays the vault of its parent `parentMint`. */
export function releaseToParentInstruction(client: HexClient, key: VaultKey, parentMint: PublicKey): Promise<TransactionInstruction> {
  const { paymentMint, tokenProgram } = key;
  const programId = client.escrow.programId;
  const vault = vaultPda(key.modelMint, paymentMint, programId);
  const parentVault = vaultPda(parentMint, paymentMint, programId);
  return client.escrow.methods
    .releaseToParent()
    .accountsPartial({
      vault,
      vaultTokens: vaultTokensPda(vault, programId),
      parentModel: modelPda(parentMint, client.registry.programId),
      parentVault,
      parentVaultTokens: vaultTokensPda(parentVault, programId),
      paymentMint,
      tokenProgram,
    })
    .instruction();
}

export function claimContributorInstruction(
  client: HexClient,
  contributor: PublicKey,
  vault: PublicKey,
  slot: number,
  destination: PublicKey,
  paymentMint: PublicKey,
  tokenProgram: PublicKey
): Promise<TransactionInstruction> {
  return client.escrow.methods
    .claimContributor(slot)
    .accountsPartial({
      contributor,
      vault,
      vaultTokens: vaultTokensPda(vault, client.escrow.programId),
      paymentMint,
      destination,
      tokenProgram,
    })
    .instruction();
}

/** The holder of the ownership NFT (`ownershipToken`) claims the owner's share of `key`'s vault. */
export function claimOwnerInstruction(
  client: HexClient,
  owner: PublicKey,
  ownershipToken: PublicKey,
  key: VaultKey,
  destination: PublicKey
): Promise<TransactionInstruction> {
  const vault = vaultPda(key.modelMint, key.paymentMint, client.escrow.programId);
  return client.escrow.methods
    .claimOwner()
    .accountsPartial({
      owner,
      ownershipToken,
      model: modelPda(key.modelMint, client.registry.programId),
      vault,
      vaultTokens: vaultTokensPda(vault, client.escrow.programId),
      paymentMint: key.paymentMint,
      destination,
      tokenProgram: key.tokenProgram,
    })
    .instruction();
}

/**
 * After a sale of the model: sets aside the owner share `previousOwner` (the
 * vault's owner of record) earned, and starts the new owner's period.
 * `payer` funds the previous owner's earnings account, and gets its rent
 * back when the earnings are paid.
 */
export function settleOwnerPeriodInstruction(
  client: HexClient,
  payer: PublicKey,
  key: Omit<VaultKey, "tokenProgram">,
  previousOwner: PublicKey
): Promise<TransactionInstruction> {
  const vault = vaultPda(key.modelMint, key.paymentMint, client.escrow.programId);
  return client.escrow.methods
    .settleOwnerPeriod()
    .accountsPartial({
      payer,
      model: modelPda(key.modelMint, client.registry.programId),
      vault,
      previousOwnerEarnings: previousOwnerEarningsPda(vault, previousOwner, client.escrow.programId),
    })
    .instruction();
}

export interface PreviousOwnerPayment {
  /** The previous owner itself (any destination of its own), or anyone (its associated token account only). */
  sender: PublicKey;
  previousOwner: PublicKey;
  /** Who paid the earnings account's rent, recorded in it. */
  rentPayer: PublicKey;
  destination: PublicKey;
}

/** Pays a previous owner what `key`'s vault settled to it, and closes its earnings account. */
export function payPreviousOwnerInstruction(client: HexClient, key: VaultKey, payment: PreviousOwnerPayment): Promise<TransactionInstruction> {
  const vault = vaultPda(key.modelMint, key.paymentMint, client.escrow.programId);
  return client.escrow.methods
    .payPreviousOwner()
    .accountsPartial({
      sender: payment.sender,
      vault,
      vaultTokens: vaultTokensPda(vault, client.escrow.programId),
      previousOwnerEarnings: previousOwnerEarningsPda(vault, payment.previousOwner, client.escrow.programId),
      rentPayer: payment.rentPayer,
      paymentMint: key.paymentMint,
      destination: payment.destination,
      tokenProgram: key.tokenProgram,
    })
    .instruction();
}

/** `payouts`: token accounts of replaced contributors who are owed revenue, in slot order. */
export function syncSplitInstruction(client: HexClient, key: VaultKey, payouts: PublicKey[] = []): Promise<TransactionInstruction> {
  const vault = vaultPda(key.modelMint, key.paymentMint, client.escrow.programId);
  return client.escrow.methods
    .syncSplit()
    .accountsPartial({
      model: modelPda(key.modelMint, client.registry.programId),
      vault,
      vaultTokens: vaultTokensPda(vault, client.escrow.programId),
      paymentMint: key.paymentMint,
      tokenProgram: key.tokenProgram,
    })
    .remainingAccounts(payouts.map((pubkey) => ({ pubkey, isSigner: false, isWritable: true })))
    .instruction();
}

export interface SetTrendShareParams {
  /** The holder of the root model's ownership NFT. */
  owner: PublicKey;
  rootMint: PublicKey;
  paymentMint: PublicKey;
  tokenProgram: PublicKey;
  /** Share of every member's net license revenue paid into the pool; 0 turns it off. */
  trendShareBps: number;
}

/** The root's owner opens its family's reward pool for a payment mint (paying its rent), or changes its trend share. */
export function setTrendShareInstruction(client: HexClient, params: SetTrendShareParams): Promise<TransactionInstruction> {
  const familyPool = familyPoolPda(params.rootMint, params.paymentMint, client.escrow.programId);
  return client.escrow.methods
    .setTrendShare(params.trendShareBps)
    .accountsPartial({
      owner: params.owner,
      ownershipToken: ownershipTokenAddress(params.owner, params.rootMint),
      rootModel: modelPda(params.rootMint, client.registry.programId),
      config: configPda(client.registry.programId),
      paymentMint: params.paymentMint,
      familyPool,
      poolTokens: poolTokensPda(familyPool, client.escrow.programId),
      tokenProgram: params.tokenProgram,
    })
    .instruction();
}

export interface CollectFamilyRewardParams {
  /** The family member whose vault collects. */
  memberMint: PublicKey;
  /** Its family's root (`Model.root`). */
  rootMint: PublicKey;
  paymentMint: PublicKey;
  tokenProgram: PublicKey;
}

/** Permissionless: pays a member's rewards of its collectable closed epochs from the family pool into its vault. */
export function collectFamilyRewardInstruction(client: HexClient, params: CollectFamilyRewardParams): Promise<TransactionInstruction> {
  const programId = client.escrow.programId;
  const vault = vaultPda(params.memberMint, params.paymentMint, programId);
  const familyPool = familyPoolPda(params.rootMint, params.paymentMint, programId);
  return client.escrow.methods
    .collectFamilyReward()
    .accountsPartial({
      model: modelPda(params.memberMint, client.registry.programId),
      vault,
      vaultTokens: vaultTokensPda(vault, programId),
      familyPool,
      poolTokens: poolTokensPda(familyPool, programId),
      paymentMint: params.paymentMint,
      tokenProgram: params.tokenProgram,
    })
    .instruction();
}

export interface DistributeParams {
  /** Whoever sends it (a keeper): pays the rent of an account it creates, receives the distributor fee. */
  distributor: PublicKey;
  /** The distributor's token account for the payment mint. */
  distributorTokens: PublicKey;
  modelMint: PublicKey;
  paymentMint: PublicKey;
  tokenProgram: PublicKey;
  /** A contributor slot (1-16), or OWNER_SLOT. */
  slot: number;
  /** The contributor in `slot`, or the holder of the model's ownership NFT for the owner slot. */
  recipient: PublicKey;
}

/**
 * Permissionless: pays what the vault owes the recipient in `slot` into its
 * associated token account (created if missing and the recipient allows it),
 * less the platform's distributor fee.
 */
export function distributeInstruction(client: HexClient, params: DistributeParams): Promise<TransactionInstruction> {
  const programId = client.escrow.programId;
  const vault = vaultPda(params.modelMint, params.paymentMint, programId);
  return client.escrow.methods
    .distribute(params.slot)
    .accountsPartial({
      distributor: params.distributor,
      config: configPda(client.registry.programId),
      model: modelPda(params.modelMint, client.registry.programId),
      vault,
      vaultTokens: vaultTokensPda(vault, programId),
      paymentMint: params.paymentMint,
      ownershipToken: params.slot === OWNER_SLOT ? ownershipTokenAddress(params.recipient, params.modelMint) : null,
      recipient: params.recipient,
      recipientTokens: getAssociatedTokenAddressSync(params.paymentMint, params.recipient, true, params.tokenProgram),
      preferences: payoutPreferencesPda(params.recipient, programId),
      distributorTokens: params.distributorTokens,
      tokenProgram: params.tokenProgram,
      associatedTokenProgram: ASSOCIATED_TOKEN_PROGRAM_ID,
    })
    .instruction();
}

export interface PayoutPreferencesParams {
  wallet: PublicKey;
  /** true: keepers may not pay this wallet; only its own claims do. */
  optOut: boolean;
  /** Whether a keeper may create the wallet's associated token account (paying its rent) to pay it. */
  allowAccountCreation: boolean;
}

/** The wallet sets how keepers may pay it (creating its preferences account the first time, at its expense). */
export function setPayoutPreferencesInstruction(client: HexClient, params: PayoutPreferencesParams): Promise<TransactionInstruction> {
  return client.escrow.methods
    .setPayoutPreferences(params.optOut, params.allowAccountCreation)
    .accountsPartial({ wallet: params.wallet, preferences: payoutPreferencesPda(params.wallet, client.escrow.programId) })
    .instruction();
}
