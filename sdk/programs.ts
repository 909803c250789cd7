import { AnchorProvider, Program } from "@coral-xyz/anchor";
import { Connection, PublicKey } from "@solana/web3.js";
import type { ModelRegistry } from "./idl/model_registry";
import type { LicenseMarket } from "./idl/license_market";
import type { RoyaltyEscrow } from "./idl/royalty_escrow";
import modelRegistryIdl from "./idl/model_registry.json";
import licenseMarketIdl from "./idl/license_market.json";
import royaltyEscrowIdl from "./idl/royalty_escrow.json";

/** The three Hex programs, typed by their IDLs, bound to one provider. */
export class HexClient {
  readonly registry: Program<ModelRegistry>;
  readonly market: Program<LicenseMarket>;
  readonly escrow: Program<RoyaltyEscrow>;

  constructor(readonly provider: AnchorProvider) {
    this.registry = new Program(modelRegistryIdl as ModelRegistry, provider);
    this.market = new Program(licenseMarketIdl as LicenseMarket, provider);
    this.escrow = new Program(royaltyEscrowIdl as RoyaltyEscrow, provider);
  }

  get connection(): Connection {
    return this.provider.connection;
  }

  /** The wallet that pays for and signs the client's transactions. */
  get wallet(): PublicKey {
    return this.provider.wallet.publicKey;
  }
}
