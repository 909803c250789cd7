// Initialises the platform config on a cluster where the programs are
// deployed. Idempotent: does nothing if the config exists.
//   ANCHOR_PROVIDER_URL=... ANCHOR_WALLET=... [HEX_TREASURY=<pubkey>] npx ts-node migrations/deploy.ts
import { AnchorProvider } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";
import { configPda, defaultPlatformSettings, HexClient, initializePlatform } from "../sdk";

async function main() {
  const client = new HexClient(AnchorProvider.env());
  const config = configPda(client.registry.programId);
  if (await client.connection.getAccountInfo(config)) {
    console.log(`Platform config already initialised at ${config.toBase58()}`);
    return;
  }
  const treasury = process.env.HEX_TREASURY ? new PublicKey(process.env.HEX_TREASURY) : client.wallet;
  const signature = await initializePlatform(client, defaultPlatformSettings(treasury));
  console.log(`Platform config initialised at ${config.toBase58()} (treasury ${treasury.toBase58()}): ${signature}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
