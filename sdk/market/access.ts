// License access proofs: a licensee signs a short challenge with its wallet;
// a download or API gateway checks the signature, the freshness, the nonce
// and the license's validity on chain before it serves the model or
// releases its decryption key.
import { ed25519 } from "@noble/curves/ed25519";
import { Keypair, PublicKey } from "@solana/web3.js";
import bs58 from "bs58";
import { HexClient } from "../core/programs";
import { fetchLicense } from "./accounts";
import { LicenseTermsParams } from "./instructions";
import { LicenseValidityName, verifyLicenseAnswer } from "./actions";

const PROOF_HEADER = "Hex license access proof v1";
/** Longest lifetime a gateway accepts by default: a proof is for one request. */
export const DEFAULT_MAX_PROOF_TTL_SECS = 300;

export interface AccessChallenge {
  model: PublicKey;
  license: PublicKey;
  holder: PublicKey;
  /** Random, unique per proof: a gateway accepts each nonce once. */
  nonce: string;
  /** Unix seconds after which the proof is refused. */
  expiresAt: number;
}

export interface AccessProof extends AccessChallenge {
  /** The holder's ed25519 signature of `accessProofMessage(challenge)`, base58. */
  signature: string;
}

/** What the holder signs: readable in a wallet's sign-message prompt. */
export function accessProofMessage(challenge: AccessChallenge): Uint8Array {
  const text = [
    PROOF_HEADER,
    `model: ${challenge.model.toBase58()}`,
    `license: ${challenge.license.toBase58()}`,
    `holder: ${challenge.holder.toBase58()}`,
    `nonce: ${challenge.nonce}`,
    `expires: ${challenge.expiresAt}`,
  ].join("\n");
  return new TextEncoder().encode(text);
}

/** A wallet able to sign messages (wallet adapters have this shape). */
export interface MessageSigner {
  publicKey: PublicKey;
  signMessage(message: Uint8Array): Promise<Uint8Array>;
}

/** Wraps a keypair as a message signer (scripts, servers, tests). */
export function keypairSigner(keypair: Keypair): MessageSigner {
  return {
    publicKey: keypair.publicKey,
    signMessage: async (message) => ed25519.sign(message, keypair.secretKey.slice(0, 32)),
  };
}

function randomNonce(): string {
  return Array.from(ed25519.utils.randomPrivateKey().slice(0, 16), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Signs a fresh proof that `signer` holds `license` of `model`, valid for `ttlSecs`. */
export async function createAccessProof(
  signer: MessageSigner,
  params: { model: PublicKey; license: PublicKey; ttlSecs?: number; now?: number }
): Promise<AccessProof> {
  const ttl = params.ttlSecs ?? 60;
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error(`ttlSecs must be a positive whole number of seconds, got ${ttl}`);
  const now = params.now ?? Math.floor(Date.now() / 1000);
  const challenge: AccessChallenge = {
    model: params.model,
    license: params.license,
    holder: signer.publicKey,
    nonce: randomNonce(),
    expiresAt: now + ttl,
  };
  const signature = await signer.signMessage(accessProofMessage(challenge));
  return { ...challenge, signature: bs58.encode(signature) };
}

/** Remembers the nonces a gateway has accepted, until their proofs expire. */
export class NonceRegistry {
  private readonly seen = new Map<string, number>();

  /** Records the nonce; false if it was already used. */
  claim(nonce: string, expiresAt: number, now: number): boolean {
    for (const [key, expiry] of this.seen) if (expiry < now) this.seen.delete(key);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, expiresAt);
    return true;
  }
}

/** What a request needs the license's terms to allow. */
export interface AccessRequirement {
  /** The use is commercial: the terms must allow commercial use. */
  commercialUse?: boolean;
  /** Where the use happens, an ISO 3166-1 alpha-2 code ("US"): the terms' territories must include it. */
  territory?: string;
  /** The use builds a derivative: the terms must allow derivatives (approved by the creator where they require it). */
  derivatives?: boolean;
}

export type AccessDenial =
  | "badSignature"
  | "nonCommercial"
  | "territory"
  | "noDerivatives"
  | "derivativeNotApproved"
  | "expired"
  | "tooLongLived"
  | "replayed"
  | "wrongModel"
  | "noLicense"
  | Exclude<LicenseValidityName, "valid">;

export type AccessVerdict = { granted: true } | { granted: false; reason: AccessDenial };

/**
 * Why `terms` (a license's, as verify_license returns them) refuse a use
 * that needs `requirement`, or null if they allow it. `derivativeApproved`:
 * the creator approved the holder's derivative, for terms requiring it.
 */
export function termsDenial(terms: LicenseTermsParams, requirement: AccessRequirement, derivativeApproved = false): AccessDenial | null {
  if (requirement.commercialUse && !terms.commercialUse) return "nonCommercial";
  if (requirement.territory !== undefined) {
    const code = requirement.territory.toUpperCase();
    const listed = terms.territories.includes(code);
    if ((terms.territoryScope === "only" && !listed) || (terms.territoryScope === "except" && listed)) return "territory";
  }
  if (requirement.derivatives) {
    if (terms.derivatives === "none") return "noDerivatives";
    if (terms.derivatives === "approvalRequired" && !derivativeApproved) return "derivativeNotApproved";
  }
  return null;
}

/**
 * Checks a proof as a gateway would: the signature is the holder's, the
 * proof is fresh and not replayed, the license is of this model and is
 * valid for the holder on chain now, and its terms allow what the request
 * needs (`require`: commercial use, a territory, derivatives). Two RPC
 * round trips (the license account, then a simulation of verify_license,
 * whose terms are enforced); the gateway's wallet needs no SOL.
 */
export async function verifyAccessProof(
  client: HexClient,
  proof: AccessProof,
  options: { nonces: NonceRegistry; now?: number; maxTtlSecs?: number; require?: AccessRequirement }
): Promise<AccessVerdict> {
  const deny = (reason: AccessDenial): AccessVerdict => ({ granted: false, reason });
  const now = options.now ?? Math.floor(Date.now() / 1000);
  let signatureValid = false;
  try {
    signatureValid = ed25519.verify(bs58.decode(proof.signature), accessProofMessage(proof), proof.holder.toBytes());
  } catch {
    signatureValid = false;
  }
  if (!signatureValid) return deny("badSignature");
  if (proof.expiresAt <= now) return deny("expired");
  if (proof.expiresAt - now > (options.maxTtlSecs ?? DEFAULT_MAX_PROOF_TTL_SECS)) return deny("tooLongLived");
  const license = await fetchLicense(client, proof.license);
  if (!license) return deny("noLicense");
  if (!license.modelMint.equals(proof.model)) return deny("wrongModel");
  // The license's holder of record, who paid for it, names the simulation's
  // fee payer: the gateway itself needs no funds.
  const answer = await verifyLicenseAnswer(client, license, proof.holder, undefined, license.holder);
  if (!answer) return deny("noLicense");
  if (answer.validity !== "valid") return deny(answer.validity);
  const refused = options.require ? termsDenial(answer.terms, options.require, license.derivativeApproved) : null;
  if (refused) return deny(refused);
  if (!options.nonces.claim(proof.nonce, proof.expiresAt, now)) return deny("replayed");
  return { granted: true };
}
