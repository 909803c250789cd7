// royalty_escrow: vaults, and every unit into and out of them, and the
// family reward pools. The totals follow the vault account's own: income =
// deposits (license revenue after the trend share) + releases from children
// + family rewards; paid out = releases to the parent + claims and
// distributions (with the keeper's fee) + payments to previous owners and
// to replaced contributors.
import { Queryable } from "../db";
import { eventKey, field, Handlers, StoredEvent } from "./types";

interface Flow {
  vault: string;
  direction: "in" | "out";
  kind: "deposit" | "release_in" | "release_out" | "claim" | "previous_owner" | "replaced_contributors" | "family_reward" | "distributor_fee";
  party: string | null;
  amount: string;
  recipientSlot?: number;
}

async function recordFlow(db: Queryable, event: StoredEvent, flow: Flow): Promise<void> {
  await db.query(
    `INSERT INTO vault_flows (signature, instruction_index, inner_index, vault, direction, kind, party, recipient_slot, amount, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [...eventKey(event), flow.vault, flow.direction, flow.kind, flow.party, flow.recipientSlot ?? null, flow.amount, event.blockTime]
  );
  const total = flow.direction === "in" ? "total_income" : "total_paid_out";
  await db.query(`UPDATE vaults SET ${total} = ${total} + $2 WHERE address = $1`, [flow.vault, flow.amount]);
}

export const escrowHandlers: Handlers = {
  VaultCreated: async (db, event) => {
    const parent = field(event, "parent_vault");
    await db.query("INSERT INTO vaults (address, model_mint, payment_mint, parent_vault, split_version, created_at) VALUES ($1, $2, $3, $4, $5, $6)", [
      field(event, "vault"), field(event, "model_mint"), field(event, "payment_mint"),
      parent === "11111111111111111111111111111111" ? null : parent, field<number>(event, "split_version"), event.blockTime,
    ]);
  },

  Deposited: (db, event) =>
    recordFlow(db, event, { vault: field(event, "vault"), direction: "in", kind: "deposit", party: field(event, "depositor"), amount: field(event, "amount") }),

  // License revenue: the trend share to the family pool, the rest to the vault.
  LicenseRevenueDeposited: async (db, event) => {
    const pool = field(event, "pool");
    if (field(event, "to_pool") !== "0") {
      await db.query("UPDATE family_pools SET total_income = total_income + $2, updated_at = $3 WHERE address = $1", [pool, field(event, "to_pool"), event.blockTime]);
    }
    if (field(event, "to_vault") !== "0") {
      await recordFlow(db, event, { vault: field(event, "vault"), direction: "in", kind: "deposit", party: null, amount: field(event, "to_vault") });
    }
  },

  TrendShareSet: async (db, event) => {
    await db.query(
      `INSERT INTO family_pools (address, root_mint, payment_mint, trend_share_bps, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (address) DO UPDATE SET trend_share_bps = EXCLUDED.trend_share_bps, updated_at = EXCLUDED.updated_at`,
      [field(event, "pool"), field(event, "root_mint"), field(event, "payment_mint"), field<number>(event, "trend_share_bps"), event.blockTime]
    );
  },

  FamilyRewardCollected: async (db, event) => {
    const [pool, amount] = [field(event, "pool"), field(event, "amount")];
    await db.query("UPDATE family_pools SET total_collected = total_collected + $2, updated_at = $3 WHERE address = $1", [pool, amount, event.blockTime]);
    await recordFlow(db, event, { vault: field(event, "vault"), direction: "in", kind: "family_reward", party: pool, amount });
  },

  // A keeper's payout: the recipient's part is a claim made for it.
  Distributed: async (db, event) => {
    const vault = field(event, "vault");
    await recordFlow(db, event, {
      vault,
      direction: "out",
      kind: "claim",
      party: field(event, "recipient"),
      amount: field(event, "amount"),
      recipientSlot: field<number>(event, "slot"),
    });
    const fee = field(event, "distributor_fee");
    if (fee !== "0") {
      await recordFlow(db, event, { vault, direction: "out", kind: "distributor_fee", party: field(event, "distributor"), amount: fee });
    }
  },

  ReleasedToParent: async (db, event) => {
    const [vault, parent, amount] = [field(event, "vault"), field(event, "parent_vault"), field(event, "amount")];
    await recordFlow(db, event, { vault, direction: "out", kind: "release_out", party: parent, amount });
    await recordFlow(db, event, { vault: parent, direction: "in", kind: "release_in", party: vault, amount });
  },

  Claimed: (db, event) =>
    recordFlow(db, event, {
      vault: field(event, "vault"),
      direction: "out",
      kind: "claim",
      party: field(event, "recipient"),
      amount: field(event, "amount"),
      recipientSlot: field<number>(event, "slot"),
    }),

  SplitSynced: async (db, event) => {
    const vault = field(event, "vault");
    await db.query("UPDATE vaults SET split_version = $2 WHERE address = $1", [vault, field<number>(event, "split_version")]);
    const settled = field(event, "settled_to_replaced");
    if (settled !== "0") await recordFlow(db, event, { vault, direction: "out", kind: "replaced_contributors", party: null, amount: settled });
  },

  // No tokens move: the previous owner's share is set aside in the vault.
  OwnerPeriodSettled: async (db, event) => {
    await db.query("UPDATE vaults SET owed_to_previous_owners = owed_to_previous_owners + $2 WHERE address = $1", [field(event, "vault"), field(event, "amount")]);
  },

  PreviousOwnerPaid: async (db, event) => {
    const [vault, amount] = [field(event, "vault"), field(event, "amount")];
    await recordFlow(db, event, { vault, direction: "out", kind: "previous_owner", party: field(event, "previous_owner"), amount });
    await db.query("UPDATE vaults SET owed_to_previous_owners = owed_to_previous_owners - $2 WHERE address = $1", [vault, amount]);
  },
};
