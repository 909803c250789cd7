import { AnchorProvider, Program } from "@coral-xyz/anchor";
import { Connection, PublicKey } from "@solana/web3.js";
import type { ModelRegistry } from "../idl/model_registry";
import type { LicenseMarket } from "../idl/license_market";
import type { RoyaltyEscrow } from "../idl/royalty_escrow";
import modelRegistryIdl from "../idl/model_registry.json";
import licenseMarketIdl from "../idl/license_market.json";
import royaltyEscrowIdl from "../idl/royalty_escrow.json";
import { checkSendOptions, SendOptions } from "./tx";

/** The three Hex programs, typed by their IDLs, bound to one provider. */
export class HexClient {
  readonly registry: Program<ModelRegistry>;
  readonly market: Program<LicenseMarket>;
  readonly escrow: Program<RoyaltyEscrow>;

  /**
   * `sendOptions` apply to every transaction the client's actions send:
   * priority fee, compute-unit limit, v0 with address lookup tables.
   */
  constructor(
    readonly provider: AnchorProvider,
    readonly sendOptions: SendOptions = {}
  ) {
    checkSendOptions(sendOptions);
    this.registry = new Program(modelRegistryIdl as ModelRegistry, provider);
    this.market = new Program(licenseMarketIdl as LicenseMarket, provider);
    this.escrow = new Program(royaltyEscrowIdl as RoyaltyEscrow, provider);
  }

  /**
   * The same wallet and programs, sending with `options` merged over this
   * client's, e.g. `client.withSendOptions({ priorityFeeMicroLamports: 10_000,
   * computeUnitLimit: 400_000, lookupTables: [table] })`.
   */
  withSendOptions(options: SendOptions): HexClient {
    return new HexClient(this.provider, { ...this.sendOptions, ...options });
  }

  get connection(): Connection {
    return this.provider.connection;
  }

  /** The wallet that pays for and signs the client's transactions. */
  get wallet(): PublicKey {
    return this.provider.wallet.publicKey;
  }
}
