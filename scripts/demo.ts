// The demo (`npm run demo`): on a fresh embedded chain, initialise the
// platform, register a model, and show its ownership NFT and Model account.
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { getMint, getTokenMetadata, TOKEN_2022_PROGRAM_ID } from "@solana/spl-token";
import { Connection, Keypair, LAMPORTS_PER_SOL } from "@solana/web3.js";
import { createHash } from "crypto";
import { defaultPlatformSettings, fetchModel, HexClient, initializePlatform, registerModel } from "../sdk";

async function fund(connection: Connection, keypair: Keypair, sol: number) {
  const signature = await connection.requestAirdrop(keypair.publicKey, sol * LAMPORTS_PER_SOL);
  await connection.confirmTransaction({ signature, ...(await connection.getLatestBlockhash()) }, "confirmed");
}

async function main() {
  const url = process.env.ANCHOR_PROVIDER_URL ?? "http://127.0.0.1:8899";
  const connection = new Connection(url, "confirmed");
  const creatorKeypair = Keypair.generate();
  await fund(connection, creatorKeypair, 10);
  const client = new HexClient(new AnchorProvider(connection, new Wallet(creatorKeypair), { commitment: "confirmed" }));
  console.log(`Chain: ${url} (solana-core ${(await connection.getVersion())["solana-core"]})`);

  const treasury = Keypair.generate().publicKey;
  await initializePlatform(client, defaultPlatformSettings(treasury));
  console.log(`Platform initialised: authority ${client.wallet.toBase58()}, treasury ${treasury.toBase58()}`);

  const weights = "demo weights: llama3-8b fine-tuned on clinical notes";
  const registered = await registerModel(client, {
    name: "Llama-3 Med Tuned",
    symbol: "HEXM",
    uri: "https://models.hex.example/llama3-med.json",
    contentHash: createHash("sha256").update(weights).digest(),
    openSource: true,
    forkRoyaltyBps: 1_000,
    creatorResaleRoyaltyBps: 750,
  });
  console.log(`\nModel registered in transaction ${registered.signature}`);

  const mint = await getMint(connection, registered.mint, "confirmed", TOKEN_2022_PROGRAM_ID);
  const metadata = await getTokenMetadata(connection, registered.mint, "confirmed", TOKEN_2022_PROGRAM_ID);
  console.log(`\nOwnership NFT (Token-2022 mint ${registered.mint.toBase58()})`);
  console.log(`  supply ${mint.supply}, decimals ${mint.decimals}, mint authority ${mint.mintAuthority ?? "none"}`);
  console.log(`  freeze authority ${mint.freezeAuthority?.toBase58()} (the Model PDA)`);
  console.log(`  name   ${metadata?.name}`);
  console.log(`  symbol ${metadata?.symbol}`);
  console.log(`  uri    ${metadata?.uri}`);
  for (const [key, value] of metadata?.additionalMetadata ?? []) console.log(`  ${key.padEnd(6)} ${value}`);

  const model = await fetchModel(client, registered.mint);
  if (!model) throw new Error("the Model account was not found");
  console.log(`\nModel account ${model.address.toBase58()}`);
  console.log(`  creator        ${model.creator.toBase58()}`);
  console.log(`  root           ${model.root.toBase58()} (depth ${model.depth}, parent ${model.parent ?? "none"})`);
  console.log(`  content hash   ${Buffer.from(model.contentHash).toString("hex")}`);
  console.log(`  version        ${model.modelVersion}`);
  console.log(`  open source    ${model.openSource}`);
  console.log(`  fork royalty   ${model.forkRoyaltyBps} bps`);
  console.log(`  resale royalty ${model.creatorResaleRoyaltyBps} bps`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
