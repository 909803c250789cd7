// Looking models up for commands: by ownership NFT mint, with their names.
import { getTokenMetadata, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { PublicKey } from "@solana/web3.js";
import { createHash } from "crypto";
import { existsSync, readFileSync } from "fs";
import { createVault, fetchModel, fetchVault, ModelAccount, saleAddress, VaultKey } from "../../sdk";
import { Context, parsePublicKey } from "./context";
import { UserError } from "./errors";

/** The model whose ownership NFT mint is `text`, or a clear error. */
export async function requireModel(ctx: Context, text: string): Promise<ModelAccount> {
  const mint = parsePublicKey(text, "model mint");
  await ctx.ensureHexDeployed();
  const model = await fetchModel(ctx.client, mint);
  if (!model) throw new UserError(`unknown model ${text}: no Hex model has this ownership NFT mint on ${ctx.cluster.url}`);
  return model;
}

/** `model`, when the wallet owns it; otherwise an error naming its owner. */
export function requireOwner(ctx: Context, model: ModelAccount): ModelAccount {
  if (!model.owner.equals(ctx.wallet)) {
    throw new UserError(`your wallet ${ctx.wallet.toBase58()} does not own model ${model.mint.toBase58()}: its owner is ${model.owner.toBase58()}`);
  }
  return model;
}

export interface SaleOffer {
  seller: PublicKey;
  paymentMint: PublicKey;
  price: bigint;
  decimals: number;
}

/** The model's sale offer with its payment mint's decimals, or null when it is not for sale. */
export async function fetchSale(ctx: Context, mint: PublicKey): Promise<SaleOffer | null> {
  const sale = await ctx.client.registry.account.modelSale.fetchNullable(saleAddress(ctx.client, mint));
  if (!sale) return null;
  const { decimals } = await ctx.mint(sale.paymentMint);
  return { seller: sale.seller, paymentMint: sale.paymentMint, price: BigInt(sale.price.toString()), decimals };
}

/** Opens the model's vault for the payment mint unless it exists; the line to print when it did. */
export async function openVaultIfMissing(ctx: Context, key: VaultKey): Promise<string[]> {
  if (await fetchVault(ctx.client, key.modelMint, key.paymentMint)) return [];
  return [`opened the model's vault for this mint: ${ctx.transactionLine(await createVault(ctx.client, key))}`];
}

/** The name in the ownership NFT's metadata (Metaplex imports: the short mint). */
export async function modelName(ctx: Context, mint: PublicKey): Promise<string> {
  try {
    const metadata = await getTokenMetadata(ctx.client.connection, mint, "confirmed", TOKEN_2022_PROGRAM_ID);
    if (metadata?.name) return metadata.name;
  } catch {
    // not a Token-2022 mint with metadata: a Metaplex import
  }
  return shortKey(mint);
}

export function shortKey(key: PublicKey): string {
  const text = key.toBase58();
  return `${text.slice(0, 4)}…${text.slice(-4)}`;
}

/** The content hash from --weights FILE (sha256 of it) or --hash HEX. */
export function contentHash(options: { weights?: string; hash?: string }): Buffer {
  if (options.weights) {
    if (!existsSync(options.weights)) throw new UserError(`no weights file at ${options.weights}`);
    return createHash("sha256").update(readFileSync(options.weights)).digest();
  }
  if (options.hash) {
    if (!/^[0-9a-fA-F]{64}$/.test(options.hash)) throw new UserError(`bad hash "${options.hash}": give the sha256 as 64 hex characters`);
    return Buffer.from(options.hash, "hex");
  }
  throw new UserError("give the weights artifact with --weights FILE or its sha256 with --hash HEX");
}

export function percent(bps: number): string {
  return `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 2)}%`;
}
