-- Family reward pools: one per (lineage root, payment mint). Members' license
-- revenue pays the trend share in; rewards go out to member vaults.
CREATE TABLE family_pools (
  address text PRIMARY KEY,
  root_mint text NOT NULL,
  payment_mint text NOT NULL,
  trend_share_bps int NOT NULL,
  total_income numeric NOT NULL DEFAULT 0,
  total_collected numeric NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL
);
CREATE INDEX family_pools_root ON family_pools (root_mint);

-- Vault flows gain two kinds: family_reward (in, from the pool) and
-- distributor_fee (out, to the keeper that distributed a payout). A
-- distribution makes two flows of one vault in one event: the kind joins
-- the key.
ALTER TABLE vault_flows DROP CONSTRAINT vault_flows_pkey;
ALTER TABLE vault_flows ADD PRIMARY KEY (signature, instruction_index, inner_index, vault, kind);
