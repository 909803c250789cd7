// Hex's NFTs as a wallet sees them: the mint read through
// `getParsedAccountInfo` (jsonParsed, which the chain encodes with Agave's own
// account decoder), whose Token-2022 extensions carry the name, symbol, URI
// and additional metadata; and the holder's token accounts listed the way a
// wallet lists its tokens.
import { getOrCreateAssociatedTokenAccount, getTokenMetadata, mintTo, TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID, createMint } from "@solana/spl-token";
import { Keypair, ParsedAccountData, PublicKey } from "@solana/web3.js";
import { expect } from "chai";
import { buyLicense, createListing, createVault, HexClient, licensePda, registerModel } from "../sdk";
import { clientFor, connection, fundedKeypair, sharedPlatform } from "./helpers";

const USDC = 1_000_000n;

interface UiExtension {
  extension: string;
  state: Record<string, unknown>;
}

/** The jsonParsed mint: its program, its info and its extensions. */
async function parsedMint(mint: PublicKey) {
  const account = await connection.getParsedAccountInfo(mint, "confirmed");
  const data = account.value!.data as ParsedAccountData;
  expect(data.program).to.equal("spl-token-2022");
  expect(data.parsed.type).to.equal("mint");
  const info = data.parsed.info as { supply: string; decimals: number; mintAuthority: string | null; extensions: UiExtension[] };
  const extension = (name: string) => info.extensions.find((candidate) => candidate.extension === name)?.state;
  return { info, extension };
}

describe("a wallet's view of Hex's NFTs (jsonParsed)", () => {
  let owner: HexClient;
  let buyer: HexClient;
  let modelMint: PublicKey;
  let listing: PublicKey;
  const listingUri = "https://licenses.hex.example/wallet-view.json";

  before(async () => {
    await sharedPlatform();
    [owner, buyer] = await Promise.all([0, 1].map(async () => clientFor(await fundedKeypair())));
    ({ mint: modelMint } = await registerModel(owner, {
      name: "Wallet View Model",
      symbol: "HEXW",
      uri: "https://models.hex.example/wallet-view.json",
      contentHash: new Uint8Array(32).fill(9),
      openSource: true,
      forkRoyaltyBps: 1_000,
      creatorResaleRoyaltyBps: 500,
    }));
    const mintAuthority = await fundedKeypair();
    const paymentMint = await createMint(connection, mintAuthority, mintAuthority.publicKey, null, 6, Keypair.generate(), { commitment: "confirmed" }, TOKEN_PROGRAM_ID);
    await createVault(owner, { modelMint, paymentMint, tokenProgram: TOKEN_PROGRAM_ID });
    ({ listing } = await createListing(owner, modelMint, paymentMint, { pricing: { kind: "oneTime", price: USDC }, uri: listingUri }));
    const buyerKeypair = (buyer.provider.wallet as unknown as { payer: Keypair }).payer;
    const account = await getOrCreateAssociatedTokenAccount(connection, buyerKeypair, paymentMint, buyer.wallet, false, "confirmed");
    await mintTo(connection, mintAuthority, paymentMint, account.address, mintAuthority, 5n * USDC, [], { commitment: "confirmed" });
  });

  it("finds a license NFT's name, symbol, URI and additional metadata in its mint's extensions", async () => {
    const { mint } = await buyLicense(buyer, listing, USDC);
    const { info, extension } = await parsedMint(mint);
    expect([info.supply, info.decimals, info.mintAuthority]).to.deep.equal(["1", 0, null], "one token, minted for good");
    expect(extension("metadataPointer")).to.deep.include({ metadataAddress: mint.toBase58() });

    const metadata = extension("tokenMetadata") as {
      name: string;
      symbol: string;
      uri: string;
      mint: string;
      updateAuthority: string;
      additionalMetadata: [string, string][];
    };
    expect([metadata.name, metadata.symbol, metadata.uri]).to.deep.equal(["Hex License", "HEXL", listingUri]);
    expect(metadata.mint).to.equal(mint.toBase58());
    expect(metadata.updateAuthority).to.equal(licensePda(mint, buyer.market.programId).toBase58());
    const fields = Object.fromEntries(metadata.additionalMetadata);
    expect(Object.keys(fields)).to.have.members(["model", "listing", "terms", "expires", "license_terms"]);
    expect(fields.model).to.equal(modelMint.toBase58());
    expect(fields.listing).to.equal(listing.toBase58());

    // The same as @solana/spl-token reads from the mint's raw bytes.
    const raw = (await getTokenMetadata(connection, mint, "confirmed", TOKEN_2022_PROGRAM_ID))!;
    expect(metadata.additionalMetadata).to.deep.equal(raw.additionalMetadata.map(([key, value]) => [key, value]));
    expect([metadata.name, metadata.symbol, metadata.uri]).to.deep.equal([raw.name, raw.symbol, raw.uri]);

    // The holder's token account, as a wallet lists its tokens: one, frozen
    // (a license moves only through the market).
    const held = await connection.getParsedTokenAccountsByOwner(buyer.wallet, { mint }, "confirmed");
    expect(held.value).to.have.length(1);
    const token = held.value[0].account.data.parsed.info as { tokenAmount: { uiAmountString: string }; state: string; owner: string };
    expect([token.tokenAmount.uiAmountString, token.state, token.owner]).to.deep.equal(["1", "frozen", buyer.wallet.toBase58()]);
  });

  it("finds a model NFT's metadata, its content hash among the additional fields", async () => {
    const { extension } = await parsedMint(modelMint);
    const metadata = extension("tokenMetadata") as { name: string; symbol: string; uri: string; additionalMetadata: [string, string][] };
    expect([metadata.name, metadata.symbol, metadata.uri]).to.deep.equal(["Wallet View Model", "HEXW", "https://models.hex.example/wallet-view.json"]);
    const raw = (await getTokenMetadata(connection, modelMint, "confirmed", TOKEN_2022_PROGRAM_ID))!;
    expect(metadata.additionalMetadata).to.deep.equal(raw.additionalMetadata.map(([key, value]) => [key, value]));
    expect(Object.fromEntries(metadata.additionalMetadata)).to.have.property("content_hash");
  });
});
