// One builder per royalty_escrow instruction, each taking one named object;
// a vault is named by spreading its VaultKey (`{ ...key, depositor, ... }`).
// Addresses are computed locally; nothing is sent.
import { BN } from "@coral-xyz/anchor";
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { ASSOCIATED_TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { HexClient } from "../core/programs";
import { paymentTokenAddress } from "../core/accounts";
import { configPda, modelPda, ownershipTokenAddress } from "../registry/pda";
import { familyPoolPda, payoutPreferencesPda, poolTokensPda, previousOwnerEarningsPda, vaultPda, vaultTokensPda } from "./pda";
import { OWNER_SLOT } from "./accounts";

export interface VaultKey {
  modelMint: PublicKey;
  paymentMint: PublicKey;
  tokenProgram: PublicKey;
}

/** The key of a vault (its model, payment mint and token program), as the builders take it. */
export function vaultKey(vault: VaultKey): VaultKey {
  return { modelMint: vault.modelMint, paymentMint: vault.paymentMint, tokenProgram: vault.tokenProgram };
}

/** The escrow's `VaultAccounts` bundle: the vault, its token account, its payment mint and token program. */
function vaultBundle(client: HexClient, vault: PublicKey, key: Omit<VaultKey, "modelMint">) {
  return { vault, vaultTokens: vaultTokensPda(vault, client.escrow.programId), paymentMint: key.paymentMint, tokenProgram: key.tokenProgram };
}

/** The accounts that name a vault in the instructions moving its tokens: its model and its `VaultAccounts` bundle. */
function vaultAccounts(client: HexClient, key: VaultKey) {
  const vault = vaultPda(key.modelMint, key.paymentMint, client.escrow.programId);
  return { model: modelPda(key.modelMint, client.registry.programId), vault: vaultBundle(client, vault, key) };
}

export interface CreateVaultParams extends VaultKey {
  /** Pays the vault's rent. */
  payer: PublicKey;
}

export function createVaultInstruction(client: HexClient, params: CreateVaultParams): Promise<TransactionInstruction> {
  return client.escrow.methods
    .createVault()
    .accountsPartial({
      payer: params.payer,
      model: modelPda(params.modelMint, client.registry.programId),
      ...vaultBundle(client, vaultPda(params.modelMint, params.paymentMint, client.escrow.programId), params),
    })
    .instruction();
}

export interface DepositParams extends VaultKey {
  depositor: PublicKey;
  /** The depositor's token account of the payment mint. */
  source: PublicKey;
  /** Base units. */
  amount: bigint;
}

export function depositInstruction(client: HexClient, params: DepositParams): Promise<TransactionInstruction> {
  return client.escrow.methods
    .deposit(new BN(params.amount.toString()))
    .accountsPartial({ depositor: params.depositor, source: params.source, ...vaultAccounts(client, params) })
    .instruction();
}

export interface ReleaseToParentParams extends VaultKey {
  /** The parent model of `modelMint`. */
  parentMint: PublicKey;
}

/** One hop of the cascade: `modelMint`'s vault pays the vault of its parent `parentMint`. */
export function releaseToParentInstruction(client: HexClient, params: ReleaseToParentParams): Promise<TransactionInstruction> {
  const { paymentMint, parentMint } = params;
  const programId = client.escrow.programId;
  const vault = vaultPda(params.modelMint, paymentMint, programId);
  const parentVault = vaultPda(parentMint, paymentMint, programId);
  return client.escrow.methods
    .releaseToParent()
    .accountsPartial({
      vault: vaultBundle(client, vault, params),
      parentModel: modelPda(parentMint, client.registry.programId),
      parentVault,
      parentVaultTokens: vaultTokensPda(parentVault, programId),
    })
    .instruction();
}

export interface ClaimContributorParams extends Omit<VaultKey, "modelMint"> {
  contributor: PublicKey;
  /** The Vault account. */
  vault: PublicKey;
  /** The contributor's slot (1-16). */
  slot: number;
  /** A token account of the payment mint. */
  destination: PublicKey;
}

export function claimContributorInstruction(client: HexClient, params: ClaimContributorParams): Promise<TransactionInstruction> {
  return client.escrow.methods
    .claimContributor(params.slot)
    .accountsPartial({
      contributor: params.contributor,
      vault: vaultBundle(client, params.vault, params),
      destination: params.destination,
    })
    .instruction();
}

export interface ClaimOwnerParams extends VaultKey {
  /** The holder of the model's ownership NFT. */
  owner: PublicKey;
  /** The owner's token account holding the ownership NFT. */
  ownershipToken: PublicKey;
  /** A token account of the payment mint. */
  destination: PublicKey;
}

/** The holder of the ownership NFT claims the owner's share of the model's vault. */
export function claimOwnerInstruction(client: HexClient, params: ClaimOwnerParams): Promise<TransactionInstruction> {
  const { owner, ownershipToken, destination } = params;
  return client.escrow.methods
    .claimOwner()
    .accountsPartial({ owner, ownershipToken, destination, ...vaultAccounts(client, params) })
    .instruction();
}

export interface SettleOwnerPeriodParams extends Omit<VaultKey, "tokenProgram"> {
  /** Funds the previous owner's earnings account, and gets its rent back when the earnings are paid. */
  payer: PublicKey;
  /** The vault's owner of record. */
  previousOwner: PublicKey;
}

/**
 * After a sale of the model: sets aside the owner share `previousOwner`
 * earned, and starts the new owner's period.
 */
export function settleOwnerPeriodInstruction(client: HexClient, params: SettleOwnerPeriodParams): Promise<TransactionInstruction> {
  const vault = vaultPda(params.modelMint, params.paymentMint, client.escrow.programId);
  return client.escrow.methods
    .settleOwnerPeriod()
    .accountsPartial({
      payer: params.payer,
      model: modelPda(params.modelMint, client.registry.programId),
      vault,
      previousOwnerEarnings: previousOwnerEarningsPda(vault, params.previousOwner, client.escrow.programId),
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

export interface PayPreviousOwnerParams extends VaultKey, PreviousOwnerPayment {}

/** Pays a previous owner what the model's vault settled to it, and closes its earnings account. */
export function payPreviousOwnerInstruction(client: HexClient, params: PayPreviousOwnerParams): Promise<TransactionInstruction> {
  const vault = vaultPda(params.modelMint, params.paymentMint, client.escrow.programId);
  return client.escrow.methods
    .payPreviousOwner()
    .accountsPartial({
      sender: params.sender,
      vault: vaultBundle(client, vault, params),
      previousOwnerEarnings: previousOwnerEarningsPda(vault, params.previousOwner, client.escrow.programId),
      rentPayer: params.rentPayer,
      destination: params.destination,
    })
    .instruction();
}

export interface SyncSplitParams extends VaultKey {
  /** Token accounts of replaced contributors who are owed revenue, in slot order. */
  payouts?: PublicKey[];
}

export function syncSplitInstruction(client: HexClient, params: SyncSplitParams): Promise<TransactionInstruction> {
  return client.escrow.methods
    .syncSplit()
    .accountsPartial(vaultAccounts(client, params))
    .remainingAccounts((params.payouts ?? []).map((pubkey) => ({ pubkey, isSigner: false, isWritable: true })))
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
  const { memberMint, rootMint, paymentMint, tokenProgram } = params;
  const familyPool = familyPoolPda(rootMint, paymentMint, client.escrow.programId);
  return client.escrow.methods
    .collectFamilyReward()
    .accountsPartial({
      ...vaultAccounts(client, { modelMint: memberMint, paymentMint, tokenProgram }),
      familyPool,
      poolTokens: poolTokensPda(familyPool, client.escrow.programId),
    })
    .instruction();
}

export interface DistributeParams extends VaultKey {
  /** Whoever sends it (a keeper): pays the rent of an account it creates, receives the distributor fee. */
  distributor: PublicKey;
  /** The distributor's token account for the payment mint. */
  distributorTokens: PublicKey;
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
  const { recipient } = params;
  return client.escrow.methods
    .distribute(params.slot)
    .accountsPartial({
      ...vaultAccounts(client, params),
      distributor: params.distributor,
      config: configPda(client.registry.programId),
      ownershipToken: params.slot === OWNER_SLOT ? ownershipTokenAddress(recipient, params.modelMint) : null,
      recipient,
      recipientTokens: paymentTokenAddress(recipient, params.paymentMint, params.tokenProgram),
      preferences: payoutPreferencesPda(recipient, client.escrow.programId),
      distributorTokens: params.distributorTokens,
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
