// Initialises the platform config on a cluster where the programs are
// deployed. Idempotent: does nothing if the config exists.
//   ANCHOR_PROVIDER_URL=... ANCHOR_WALLET=... [HEX_TREASURY=<pubkey>] npx ts-node migrations/deploy.ts
import { AnchorProvider } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";
import { defaultPlatformSettings, ensurePlatform, HexClient } from "../sdk";

async function main() {
  const client = new HexClient(AnchorProvider.env());
  const treasury = process.env.HEX_TREASURY ? new PublicKey(process.env.HEX_TREASURY) : client.wallet;
  const { config, signature } = await ensurePlatform(client, defaultPlatformSettings(treasury));
  console.log(
    signature
      ? `Platform config initialised at ${config.toBase58()} (treasury ${treasury.toBase58()}): ${signature}`
      : `Platform config already initialised at ${config.toBase58()}`
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
