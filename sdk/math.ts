// The royalty split, mirroring programs/royalty_escrow/src/state/vault.rs
// exactly: integer math in bigint, rounding down.
import { PublicKey } from "@solana/web3.js";
import { PARENT_SLOT } from "./layout";

export const BPS_DENOMINATOR = 10_000n;

export interface RecipientState {
  /** Parent vault (slot 0), contributor wallet, or the default key (owner slot). */
  wallet: PublicKey;
  shareBps: number;
  earnedInClosedEpochs: bigint;
  taken: bigint;
}

export interface VaultState {
  address: PublicKey;
  modelMint: PublicKey;
  paymentMint: PublicKey;
  tokenProgram: PublicKey;
  /** null for a base model's vault. */
  parentVault: PublicKey | null;
  splitVersion: number;
  totalIncome: bigint;
  totalPaidOut: bigint;
  epochStart: bigint;
  recipients: RecipientState[];
  /** Who owned the model during the vault's current owner period, and the model's sale count when it began. */
  ownerOfRecord: PublicKey;
  ownerSaleCount: number;
  /** Owner shares settled to previous owners and not yet paid. */
  owedToPreviousOwners: bigint;
}

/** floor(income x share / 10,000). */
export function shareOf(income: bigint, shareBps: number): bigint {
  return (income * BigInt(shareBps)) / BPS_DENOMINATOR;
}

/** What the recipient in `slot` may take now. */
export function owed(vault: VaultState, slot: number): bigint {
  const recipient = vault.recipients[slot];
  return recipient.earnedInClosedEpochs + shareOf(vault.totalIncome - vault.epochStart, recipient.shareBps) - recipient.taken;
}

function cloneVault(vault: VaultState): VaultState {
  return { ...vault, recipients: vault.recipients.map((recipient) => ({ ...recipient })) };
}

/** Marks everything `slot` is owed as taken, as release and claim do. */
function takeOwed(vault: VaultState, slot: number): bigint {
  const amount = owed(vault, slot);
  vault.recipients[slot].taken += amount;
  vault.totalPaidOut += amount;
  return amount;
}

export interface Payout {
  /** The model whose vault pays. */
  modelMint: PublicKey;
  slot: number;
  /** The contributor's wallet; for the owner slot, the default key (the NFT holder at claim time). */
  wallet: PublicKey;
  amount: bigint;
}

/**
 * What each recipient up a lineage receives if `amount` is deposited into
 * the first vault now, every vault then releases to its parent (deepest
 * first) and every recipient claims. `chain` lists the vaults from the
 * depositing model up to the root; it is not modified.
 */
export function simulateSplit(chain: VaultState[], amount: bigint): Payout[] {
  const vaults = chain.map(cloneVault);
  if (vaults.length === 0) throw new Error("simulateSplit needs at least the depositing model's vault");
  vaults[0].totalIncome += amount;
  vaults.forEach((vault, index) => {
    const parent = vaults[index + 1];
    if (parent) parent.totalIncome += takeOwed(vault, PARENT_SLOT);
  });
  const payouts: Payout[] = [];
  for (const vault of vaults) {
    for (let slot = PARENT_SLOT + 1; slot < vault.recipients.length; slot++) {
      const paid = takeOwed(vault, slot);
      if (paid > 0n) payouts.push({ modelMint: vault.modelMint, slot, wallet: vault.recipients[slot].wallet, amount: paid });
    }
  }
  return payouts;
}
