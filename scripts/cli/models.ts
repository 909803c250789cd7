// Looking models up for commands: by ownership NFT mint, with their names.
import { getTokenMetadata, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { PublicKey } from "@solana/web3.js";
import { createHash } from "crypto";
import { existsSync, readFileSync } from "fs";
import { fetchModel, ModelAccount } from "../../sdk";
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
