// One builder per royalty_escrow instruction; addresses computed locally.
import { BN } from "@coral-xyz/anchor";
import { PublicKey, TransactionInstruction } from "@solana/web3.js";
import { HexClient } from "../programs";
import { modelPda, vaultPda, vaultTokensPda } from "../pda";

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

export function releaseToParentInstruction(
  client: HexClient,
  vault: PublicKey,
  parentVault: PublicKey,
  paymentMint: PublicKey,
  tokenProgram: PublicKey
): Promise<TransactionInstruction> {
  const programId = client.escrow.programId;
  return client.escrow.methods
    .releaseToParent()
    .accountsPartial({
      vault,
      vaultTokens: vaultTokensPda(vault, programId),
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

export function claimOwnerInstruction(
  client: HexClient,
  owner: PublicKey,
  ownershipToken: PublicKey,
  vault: PublicKey,
  destination: PublicKey,
  paymentMint: PublicKey,
  tokenProgram: PublicKey
): Promise<TransactionInstruction> {
  return client.escrow.methods
    .claimOwner()
    .accountsPartial({
      owner,
      ownershipToken,
      vault,
      vaultTokens: vaultTokensPda(vault, client.escrow.programId),
      paymentMint,
      destination,
      tokenProgram,
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
