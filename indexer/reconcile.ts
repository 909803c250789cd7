// Checks the index against the chain: every license, listing and vault
// account the programs hold (one getProgramAccounts each, acceptable for an
// occasional audit) against its row, both ways. An empty list means the
// index agrees with the chain.
import { Idl, Program } from "@coral-xyz/anchor";
import { decodeLicense, decodeListing, decodeVault, HexClient } from "../sdk";
import { Queryable } from "./db";

export interface Difference {
  account: "license" | "listing" | "vault";
  address: string;
  field: string;
  index: string | null;
  chain: string | null;
}

type Values = Record<string, string>;

/** Compares two maps of address -> field values, each side null when absent. */
function compare(account: Difference["account"], index: Map<string, Values>, chain: Map<string, Values>): Difference[] {
  const differences: Difference[] = [];
  for (const address of new Set([...index.keys(), ...chain.keys()])) {
    const [ours, theirs] = [index.get(address), chain.get(address)];
    if (!ours || !theirs) {
      differences.push({ account, address, field: "exists", index: String(Boolean(ours)), chain: String(Boolean(theirs)) });
      continue;
    }
    for (const field of Object.keys(theirs)) {
      if (ours[field] !== theirs[field]) differences.push({ account, address, field, index: ours[field] ?? null, chain: theirs[field] });
    }
  }
  return differences.sort((a, b) => a.address.localeCompare(b.address) || a.field.localeCompare(b.field));
}

/** Every account of type `name` that `program` owns, by its discriminator. */
function accounts(program: Program<Idl>, name: string) {
  const filter = program.coder.accounts.memcmp(name) as { offset: number; bytes: string };
  return program.provider.connection.getProgramAccounts(program.programId, { commitment: "confirmed", filters: [{ memcmp: filter }] });
}

export async function reconcile(db: Queryable, client: HexClient): Promise<Difference[]> {
  const market = client.market as unknown as Program<Idl>;
  const escrow = client.escrow as unknown as Program<Idl>;

  // Refunded and revoked licenses are closed on chain: only active ones should exist.
  const licenseRows = await db.query<Values>(
    `SELECT address, holder, expires_at::text AS "expiresAt", units_used::text AS "totalUnits", credits::text AS credits,
       coalesce(resale_price, 0)::text AS "resalePrice" FROM licenses WHERE status = 'active'`
  );
  const licenseAccounts = (await accounts(market, "license")).map(({ pubkey, account }) => decodeLicense(client, pubkey, account));
  const licenses = compare(
    "license",
    new Map(licenseRows.map(({ address, ...values }) => [address, values])),
    new Map(
      licenseAccounts.map((license) => [
        license.address.toBase58(),
        { holder: license.holder.toBase58(), expiresAt: String(license.expiresAt), totalUnits: license.totalUnits.toString(), credits: license.credits.toString(), resalePrice: license.resalePrice.toString() },
      ])
    )
  );

  const listingRows = await db.query<Values>(
    `SELECT address, price::text AS price, supply_cap::text AS "supplyCap", active::text AS active, closed::text AS closed, meter_authority AS "meterAuthority" FROM listings`
  );
  const listingAccounts = (await accounts(market, "listing")).map(({ pubkey, account }) => decodeListing(client, pubkey, account));
  const listings = compare(
    "listing",
    new Map(listingRows.map(({ address, ...values }) => [address, values])),
    new Map(
      listingAccounts.map((listing) => [
        listing.address.toBase58(),
        { price: listing.pricing.price.toString(), supplyCap: listing.supplyCap.toString(), active: String(listing.active), closed: String(listing.closed), meterAuthority: listing.meterAuthority.toBase58() },
      ])
    )
  );

  const vaultRows = await db.query<Values>(
    `SELECT address, total_income::text AS "totalIncome", total_paid_out::text AS "totalPaidOut", owed_to_previous_owners::text AS "owedToPreviousOwners" FROM vaults`
  );
  const vaultAccounts = (await accounts(escrow, "vault")).map(({ pubkey, account }) => decodeVault(client, pubkey, account));
  const vaults = compare(
    "vault",
    new Map(vaultRows.map(({ address, ...values }) => [address, values])),
    new Map(
      vaultAccounts.map((vault) => [
        vault.address.toBase58(),
        { totalIncome: vault.totalIncome.toString(), totalPaidOut: vault.totalPaidOut.toString(), owedToPreviousOwners: vault.owedToPreviousOwners.toString() },
      ])
    )
  );
  return [...licenses, ...listings, ...vaults];
}
