// The few things the index reads from accounts rather than events: the
// platform's fee tiers and a payment mint's decimals (for tier progress),
// through a read-only Hex client.
import { AnchorProvider, Wallet } from "@coral-xyz/anchor";
import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { fetchConfig, HexClient } from "../sdk";
import { TierSource } from "./queries";

/** Offset of `decimals` in an SPL Token or Token-2022 mint. */
const MINT_DECIMALS_OFFSET = 44;

/** A Hex client that reads and never signs. */
export function readOnlyClient(connection: Connection): HexClient {
  return new HexClient(new AnchorProvider(connection, new Wallet(Keypair.generate()), { commitment: "confirmed" }));
}

export function chainTierSource(client: HexClient): TierSource {
  const decimals = new Map<string, Promise<number>>();
  return {
    async tiers() {
      const config = await fetchConfig(client);
      return {
        licenseFeeBps: config.fees.licenseFeeBps,
        tiers: config.creatorTiers.map((tier) => ({ minLifetimeSales: BigInt(tier.minLifetimeSales.toString()), licenseFeeBps: tier.licenseFeeBps })),
      };
    },
    decimals(mint) {
      if (!decimals.has(mint)) {
        decimals.set(
          mint,
          client.connection.getAccountInfo(new PublicKey(mint), "confirmed").then((info) => {
            if (!info) throw new Error(`payment mint ${mint} not found on the cluster`);
            return info.data[MINT_DECIMALS_OFFSET];
          })
        );
      }
      return decimals.get(mint)!;
    },
  };
}
