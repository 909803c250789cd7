-- The Hex index. Amounts are base units of their payment mint (numeric: u64
-- does not fit in bigint); keys are base58; times are the block times of the
-- transactions that changed them.

-- Which cluster this database follows, and where each program's history was
-- read up to (the newest signature whose transaction is fully indexed).
CREATE TABLE meta (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE cursors (
  program text PRIMARY KEY,
  signature text NOT NULL,
  slot bigint NOT NULL
);

-- Successful transactions that emitted at least one Hex event. A row here
-- means its events and everything derived from them are stored.
CREATE TABLE transactions (
  signature text PRIMARY KEY,
  slot bigint NOT NULL,
  block_time timestamptz NOT NULL
);

-- Every event, decoded from the IDLs: a new event type lands here with no
-- indexer change, and gets its own table when a query needs one.
CREATE TABLE events (
  signature text NOT NULL REFERENCES transactions (signature),
  instruction_index int NOT NULL,
  inner_index int NOT NULL,
  slot bigint NOT NULL,
  block_time timestamptz NOT NULL,
  program text NOT NULL,
  name text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (signature, instruction_index, inner_index)
);
CREATE INDEX events_name ON events (name, slot);

-- Models by ownership NFT mint. Category and tags are filled once the
-- registry's events carry them.
CREATE TABLE models (
  mint text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY, -- chain order
  address text NOT NULL UNIQUE,
  creator text NOT NULL,
  owner text NOT NULL,
  parent_mint text REFERENCES models (mint),
  root_mint text NOT NULL,
  depth int NOT NULL,
  parent_royalty_bps int NOT NULL,
  name text, -- null for Metaplex imports: their metadata account has it
  uri text,
  content_hash text NOT NULL,
  open_source boolean NOT NULL,
  fork_royalty_bps int NOT NULL,
  creator_resale_royalty_bps int, -- not in fork and Metaplex events
  version int NOT NULL,
  split_version int NOT NULL,
  taken_down boolean NOT NULL DEFAULT false,
  category text,
  tags text[] NOT NULL DEFAULT '{}',
  sale_payment_mint text,
  sale_price numeric,
  created_at timestamptz NOT NULL,
  signature text NOT NULL
);
CREATE INDEX models_parent ON models (parent_mint);
CREATE INDEX models_creator ON models (creator);
CREATE INDEX models_owner ON models (owner);

CREATE TABLE model_versions (
  model_mint text NOT NULL REFERENCES models (mint),
  version int NOT NULL,
  content_hash text NOT NULL,
  uri text NOT NULL,
  published_at timestamptz NOT NULL,
  signature text NOT NULL,
  PRIMARY KEY (model_mint, version)
);

CREATE TABLE contributors (
  model_mint text NOT NULL REFERENCES models (mint),
  split_version int NOT NULL,
  wallet text NOT NULL,
  share_bps int NOT NULL,
  PRIMARY KEY (model_mint, split_version, wallet)
);

-- Who held each model's ownership NFT, and from when to when.
CREATE TABLE model_owners (
  seq bigint GENERATED ALWAYS AS IDENTITY, -- chain order: rows go in as the chain made them
  model_mint text NOT NULL REFERENCES models (mint),
  owner text NOT NULL,
  acquired_at timestamptz NOT NULL,
  released_at timestamptz,
  via text NOT NULL, -- registered | sale
  price numeric,
  payment_mint text,
  signature text NOT NULL,
  PRIMARY KEY (model_mint, acquired_at, signature)
);

CREATE TABLE model_sales (
  signature text NOT NULL,
  instruction_index int NOT NULL,
  inner_index int NOT NULL,
  model_mint text NOT NULL REFERENCES models (mint),
  seller text NOT NULL,
  buyer text NOT NULL,
  payment_mint text NOT NULL,
  price numeric NOT NULL,
  platform_fee numeric NOT NULL,
  creator_royalty numeric NOT NULL,
  seller_proceeds numeric NOT NULL,
  first_sale boolean NOT NULL,
  sold_at timestamptz NOT NULL,
  PRIMARY KEY (signature, instruction_index, inner_index)
);

CREATE TABLE listings (
  address text PRIMARY KEY,
  model_mint text NOT NULL REFERENCES models (mint),
  listing_id numeric NOT NULL,
  payment_mint text NOT NULL,
  kind text NOT NULL,
  price numeric NOT NULL,
  period_secs bigint NOT NULL,
  usage_cap numeric NOT NULL,
  revenue_share_bps int NOT NULL,
  compute_share_bps int NOT NULL,
  supply_cap numeric NOT NULL,
  refund_window_secs bigint NOT NULL,
  transferable boolean NOT NULL,
  resale_royalty_bps int NOT NULL,
  derivative_rights boolean NOT NULL,
  meter_authority text NOT NULL,
  compute_node text NOT NULL,
  active boolean NOT NULL,
  closed boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE INDEX listings_model ON listings (model_mint);

CREATE TABLE licenses (
  address text PRIMARY KEY,
  mint text NOT NULL UNIQUE,
  listing text NOT NULL REFERENCES listings (address),
  model_mint text NOT NULL REFERENCES models (mint),
  holder text NOT NULL,
  kind text NOT NULL,
  counted_as_sale boolean NOT NULL,
  expires_at bigint NOT NULL,
  -- An escrowed purchase's payment and fee, until settled or refunded.
  pending_amount numeric NOT NULL DEFAULT 0,
  pending_fee numeric NOT NULL DEFAULT 0,
  credits numeric NOT NULL DEFAULT 0,
  units_used numeric NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'active', -- active | refunded | revoked
  resale_price numeric,
  purchased_at timestamptz NOT NULL
);
CREATE INDEX licenses_model ON licenses (model_mint);
CREATE INDEX licenses_holder ON licenses (holder);

-- Who held each license NFT, and from when to when.
CREATE TABLE license_holders (
  seq bigint GENERATED ALWAYS AS IDENTITY, -- chain order
  license text NOT NULL REFERENCES licenses (address),
  holder text NOT NULL,
  acquired_at timestamptz NOT NULL,
  released_at timestamptz,
  via text NOT NULL, -- purchase | resale
  seller text, -- the previous holder, for a resale
  price numeric NOT NULL,
  model_royalty numeric NOT NULL DEFAULT 0,
  seller_proceeds numeric NOT NULL DEFAULT 0,
  ended text, -- refunded | revoked, when the license itself ended
  signature text NOT NULL,
  PRIMARY KEY (license, acquired_at, signature)
);
CREATE INDEX license_holders_holder ON license_holders (holder);

-- Money paid for a model's licenses, exactly what the market counts as the
-- creator's sales: purchases paid at once, settled escrowed purchases,
-- renewals, usage and revenue shares (`amount` includes the platform fee
-- and the compute share). A refunded escrowed purchase never gets here.
CREATE TABLE payments (
  signature text NOT NULL,
  instruction_index int NOT NULL,
  inner_index int NOT NULL,
  kind text NOT NULL, -- purchase | settlement | renewal | usage | revenue_share
  license text NOT NULL REFERENCES licenses (address),
  model_mint text NOT NULL REFERENCES models (mint),
  payment_mint text NOT NULL,
  payer text NOT NULL,
  amount numeric NOT NULL,
  platform_fee numeric NOT NULL,
  compute_share numeric NOT NULL DEFAULT 0,
  node text,
  paid_at timestamptz NOT NULL,
  PRIMARY KEY (signature, instruction_index, inner_index)
);
CREATE INDEX payments_model_time ON payments (model_mint, paid_at);
CREATE INDEX payments_time ON payments (paid_at);

CREATE TABLE usage (
  signature text NOT NULL,
  instruction_index int NOT NULL,
  inner_index int NOT NULL,
  license text NOT NULL REFERENCES licenses (address),
  model_mint text NOT NULL REFERENCES models (mint),
  meter text NOT NULL,
  units numeric NOT NULL,
  sequence numeric NOT NULL,
  cost numeric NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (signature, instruction_index, inner_index)
);
CREATE INDEX usage_model_time ON usage (model_mint, recorded_at);

CREATE TABLE reviews (
  address text PRIMARY KEY,
  license text NOT NULL REFERENCES licenses (address),
  model_mint text NOT NULL REFERENCES models (mint),
  reviewer text NOT NULL,
  rating int NOT NULL,
  uri text NOT NULL,
  reviewed_at timestamptz NOT NULL
);
CREATE INDEX reviews_model ON reviews (model_mint);

CREATE TABLE vaults (
  address text PRIMARY KEY,
  model_mint text NOT NULL REFERENCES models (mint),
  payment_mint text NOT NULL,
  parent_vault text,
  split_version int NOT NULL,
  total_income numeric NOT NULL DEFAULT 0,
  total_paid_out numeric NOT NULL DEFAULT 0,
  owed_to_previous_owners numeric NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL
);
CREATE INDEX vaults_model ON vaults (model_mint);

-- Every unit into and out of a vault. `party` is the depositor (deposit),
-- the child or parent vault (release_in, release_out), the recipient
-- (claim, previous_owner); null where the event does not name one
-- (replaced_contributors: contributors a split change removed).
CREATE TABLE vault_flows (
  signature text NOT NULL,
  instruction_index int NOT NULL,
  inner_index int NOT NULL,
  vault text NOT NULL REFERENCES vaults (address),
  direction text NOT NULL, -- in | out
  kind text NOT NULL, -- deposit | release_in | release_out | claim | previous_owner | replaced_contributors
  party text,
  recipient_slot int,
  amount numeric NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (signature, instruction_index, inner_index, vault)
);
CREATE INDEX vault_flows_vault ON vault_flows (vault, at);
CREATE INDEX vault_flows_party ON vault_flows (party, at);

-- Claims are the vault outflows a wallet took for itself.
CREATE VIEW claims AS
  SELECT signature, instruction_index, inner_index, vault, party AS recipient, recipient_slot AS slot, amount, at
  FROM vault_flows WHERE kind = 'claim';

-- Family pools (trend rewards per lineage root) are not on chain yet: their
-- tables come in a later migration, with a handler file beside the others.
