// What every command needs: the cluster, the wallet, the Hex client and an
// output that speaks to people or, with --json, to scripts.
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { getMint, Mint } from "@solana/spl-token";
import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { existsSync, readFileSync } from "fs";
import { homedir } from "os";
import path from "path";
import { HexClient, MODEL_REGISTRY_PROGRAM_ID } from "../../sdk";
import { UserError } from "./errors";

const MONIKERS: Record<string, string> = {
  localnet: "http://127.0.0.1:8899",
  devnet: "https://api.devnet.solana.com",
  testnet: "https://api.testnet.solana.com",
  "mainnet-beta": "https://api.mainnet-beta.solana.com",
};

export interface GlobalOptions {
  url?: string;
  keypair?: string;
  json?: boolean;
}

/** The cluster moniker or URL named in Anchor.toml's [provider], if any. */
function anchorTomlCluster(): string | undefined {
  const file = path.join(__dirname, "..", "..", "Anchor.toml");
  if (!existsSync(file)) return undefined;
  const provider = /\[provider\]([^[]*)/.exec(readFileSync(file, "utf8"))?.[1] ?? "";
  return /^\s*cluster\s*=\s*"([^"]+)"/m.exec(provider)?.[1];
}

/** --url, then ANCHOR_PROVIDER_URL, then Anchor.toml; monikers or URLs. */
export function resolveCluster(option?: string): { url: string; moniker?: string } {
  const chosen = option ?? process.env.ANCHOR_PROVIDER_URL ?? anchorTomlCluster() ?? "localnet";
  const lower = chosen.toLowerCase();
  const moniker = lower === "mainnet" ? "mainnet-beta" : lower;
  if (MONIKERS[moniker]) return { url: MONIKERS[moniker], moniker };
  if (!/^https?:\/\//.test(chosen)) {
    throw new UserError(`unknown cluster "${chosen}": use localnet, devnet, testnet, mainnet-beta or an http(s) URL`);
  }
  const known = Object.entries(MONIKERS).find(([, url]) => url === chosen);
  return { url: chosen, moniker: known?.[0] };
}

/** The keypair in `option`, else ANCHOR_WALLET, else the Solana CLI's; `flag` names the option in errors. */
export function loadKeypair(option?: string, flag = "--keypair"): Keypair {
  const file = option ?? process.env.ANCHOR_WALLET ?? path.join(homedir(), ".config", "solana", "id.json");
  const resolved = file.startsWith("~") ? path.join(homedir(), file.slice(1)) : file;
  if (!existsSync(resolved)) throw new UserError(`no keypair at ${resolved}: pass ${flag} FILE (solana-keygen new makes one)`);
  try {
    return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(resolved, "utf8"))));
  } catch {
    throw new UserError(`${resolved} is not a Solana keypair file (a JSON array of 64 numbers)`);
  }
}

export function parsePublicKey(text: string, what: string): PublicKey {
  try {
    return new PublicKey(text);
  } catch {
    throw new UserError(`bad ${what} "${text}": give a base58 address`);
  }
}

/** The payment mint named by --mint, with its decimals and token program. */
export class Context {
  readonly connection: Connection;
  private loadedKeypair?: Keypair;
  private loadedClient?: HexClient;
  private deployed?: Promise<void>;

  /** The keypair is read on first use: a command that needs no wallet (an airdrop elsewhere) needs no keypair file. */
  constructor(readonly options: GlobalOptions, readonly cluster: { url: string; moniker?: string }, keypair?: Keypair) {
    this.connection = new Connection(cluster.url, "confirmed");
    this.loadedKeypair = keypair;
  }

  static from(options: GlobalOptions): Context {
    return new Context(options, resolveCluster(options.url));
  }

  get keypair(): Keypair {
    this.loadedKeypair ??= loadKeypair(this.options.keypair);
    return this.loadedKeypair;
  }

  get client(): HexClient {
    this.loadedClient ??= new HexClient(new AnchorProvider(this.connection, new Wallet(this.keypair), { commitment: "confirmed" }));
    return this.loadedClient;
  }

  get wallet(): PublicKey {
    return this.keypair.publicKey;
  }

  /** Fails with one clear line when the cluster has no Hex programs (wrong --url). */
  ensureHexDeployed(): Promise<void> {
    this.deployed ??= this.client.connection.getAccountInfo(MODEL_REGISTRY_PROGRAM_ID).then((account) => {
      if (!account?.executable) {
        throw new UserError(`the Hex programs are not deployed on ${this.cluster.url}: check --url`);
      }
    });
    return this.deployed;
  }

  /** The mint and its token program (SPL Token or Token-2022). */
  async mint(address: PublicKey): Promise<Mint & { tokenProgram: PublicKey }> {
    const account = await this.connection.getAccountInfo(address);
    if (!account) throw new UserError(`no mint at ${address.toBase58()} on this cluster`);
    try {
      return { ...(await getMint(this.connection, address, "confirmed", account.owner)), tokenProgram: account.owner };
    } catch {
      throw new UserError(`${address.toBase58()} is not a token mint`);
    }
  }

  /** The payment mint named by --mint, with its decimals and token program. */
  async paymentMint(text: string | undefined): Promise<Mint & { tokenProgram: PublicKey }> {
    if (!text) throw new UserError("give the payment mint with --mint ADDRESS");
    return this.mint(parsePublicKey(text, "payment mint"));
  }

  /** An explorer link for a transaction on public clusters; none locally. */
  explorerLink(signature: string): string | undefined {
    const moniker = this.cluster.moniker;
    if (!moniker || moniker === "localnet") return undefined;
    const suffix = moniker === "mainnet-beta" ? "" : `?cluster=${moniker}`;
    return `https://explorer.solana.com/tx/${signature}${suffix}`;
  }

  /** Prints `lines` for people, or `data` as one JSON document with --json. */
  print(lines: string[], data: unknown): void {
    if (this.options.json) {
      console.log(JSON.stringify(data, (_key, value) => (typeof value === "bigint" ? value.toString() : value instanceof PublicKey ? value.toBase58() : value), 2));
    } else {
      for (const line of lines) console.log(line);
    }
  }

  /** "Transaction <sig>" plus the explorer link where there is one. */
  transactionLine(signature: string): string {
    const link = this.explorerLink(signature);
    return link ? `transaction ${signature}\n  ${link}` : `transaction ${signature}`;
  }
}
