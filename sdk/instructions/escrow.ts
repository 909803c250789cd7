// One builder per royalty_escrow instruction; addresses computed locally.
import { BN } from "@coral-xyz/anchor";
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { HexClient } from "../programs";
import { modelPda, previousOwnerEarningsPda, vaultPda, vaultTokensPda } from "../pda";

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
