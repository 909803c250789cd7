// Looking listings and licenses up for commands, with their mint's decimals.
import { fetchLicense, fetchListing, LicenseAccount, ListingAccount } from "../../sdk";
import { Context, parsePublicKey } from "./context";
import { UserError } from "./errors";

export type ListingWithDecimals = ListingAccount & { decimals: number };

export async function requireListing(ctx: Context, text: string): Promise<ListingWithDecimals> {
  const address = parsePublicKey(text, "listing");
  await ctx.ensureHexDeployed();
  const listing = await fetchListing(ctx.client, address);
  if (!listing) throw new UserError(`unknown listing ${text} on ${ctx.cluster.url}`);
  return { ...listing, decimals: (await ctx.mint(listing.paymentMint)).decimals };
}

export async function requireLicense(ctx: Context, text: string): Promise<{ license: LicenseAccount; listing: ListingWithDecimals }> {
  const address = parsePublicKey(text, "license");
  await ctx.ensureHexDeployed();
  const license = await fetchLicense(ctx.client, address);
  if (!license) throw new UserError(`unknown license ${text}: no license account at this address on ${ctx.cluster.url} (refunded licenses are closed)`);
  return { license, listing: await requireListing(ctx, license.listing.toBase58()) };
}
