// Events decoded generically from the programs' IDLs (sdk/idl/*.json) into
// plain JSON: a new event type in an IDL is decoded and stored with no
// change here. Field names stay as the IDL spells them (snake_case).
import { Idl } from "@coral-xyz/anchor";
import { VersionedTransactionResponse } from "@solana/web3.js";
import { Buffer } from "buffer";
import { decodeEvents, eventCoders } from "../sdk";
import modelRegistryIdl from "../sdk/idl/model_registry.json";
import licenseMarketIdl from "../sdk/idl/license_market.json";
import royaltyEscrowIdl from "../sdk/idl/royalty_escrow.json";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** An event as the index stores it. */
export interface DecodedEvent {
  program: string;
  name: string;
  data: { [field: string]: Json };
  instructionIndex: number;
  innerIndex: number;
}

type IdlType = Idl["types"] extends (infer T)[] | undefined ? (T extends { type: infer U } ? U : never) : never;
type FieldType = string | { [kind: string]: unknown };

export const HEX_IDLS = [modelRegistryIdl, licenseMarketIdl, royaltyEscrowIdl] as unknown as Idl[];

/** The program ids the indexer follows, by program name. */
export const HEX_PROGRAMS: Record<string, string> = Object.fromEntries(HEX_IDLS.map((idl) => [idl.metadata.name, idl.address]));

const coders = eventCoders(HEX_IDLS);
const typesByProgram = new Map(HEX_IDLS.map((idl) => [idl.address, new Map((idl.types ?? []).map((type) => [type.name, type.type as IdlType]))]));

const SMALL_INTEGERS = new Set(["u8", "i8", "u16", "i16", "u32", "i32", "f32", "f64"]);
const LARGE_INTEGERS = new Set(["u64", "i64", "u128", "i128", "u256", "i256"]);

/** A decoded value as JSON: keys in base58, 64-bit and larger integers as decimal strings, byte arrays in hex, enums by variant name. */
function toJson(value: unknown, type: FieldType, types: Map<string, IdlType>): Json {
  if (typeof type === "string") {
    if (type === "pubkey") return (value as { toBase58(): string }).toBase58();
    if (LARGE_INTEGERS.has(type)) return (value as { toString(base: number): string }).toString(10);
    if (SMALL_INTEGERS.has(type) || type === "bool" || type === "string") return value as Json;
    if (type === "bytes") return Buffer.from(value as Uint8Array).toString("hex");
    throw new Error(`unsupported IDL type ${type}`);
  }
  if ("option" in type) return value === null || value === undefined ? null : toJson(value, type.option as FieldType, types);
  if ("vec" in type) return (value as unknown[]).map((item) => toJson(item, type.vec as FieldType, types));
  if ("array" in type) {
    const [item] = type.array as [FieldType, number];
    if (item === "u8") return Buffer.from(value as number[]).toString("hex");
    return (value as unknown[]).map((element) => toJson(element, item, types));
  }
  if ("defined" in type) {
    const name = (type.defined as { name: string }).name;
    const defined = types.get(name);
    if (!defined) throw new Error(`IDL type ${name} not found`);
    return definedToJson(value as Record<string, unknown>, defined, types);
  }
  throw new Error(`unsupported IDL type ${JSON.stringify(type)}`);
}

function fieldsToJson(value: Record<string, unknown>, fields: unknown, types: Map<string, IdlType>): { [key: string]: Json } {
  const named = (fields ?? []) as { name: string; type: FieldType }[];
  return Object.fromEntries(named.map((field) => [field.name, toJson(value[field.name], field.type, types)]));
}

function definedToJson(value: Record<string, unknown>, type: IdlType, types: Map<string, IdlType>): Json {
  if (type.kind === "struct") return fieldsToJson(value, type.fields, types);
  if (type.kind === "enum") {
    const [variantName, fields] = Object.entries(value)[0];
    const variant = type.variants.find((candidate) => candidate.name.toLowerCase() === variantName.toLowerCase());
    if (!variant) throw new Error(`unknown enum variant ${variantName}`);
    if (!variant.fields || variant.fields.length === 0) return variant.name;
    return { kind: variant.name, ...fieldsToJson(fields as Record<string, unknown>, variant.fields, types) };
  }
  throw new Error(`unsupported IDL type kind ${type.kind}`);
}

/** The Hex events of a transaction, in order, as JSON. */
export function decodeTransaction(transaction: VersionedTransactionResponse): DecodedEvent[] {
  return decodeEvents(transaction, coders).map((event) => {
    const program = event.program.toBase58();
    const types = typesByProgram.get(program)!;
    const type = types.get(event.name);
    if (!type) throw new Error(`event ${event.name} of ${program} has no type in its IDL`);
    return {
      program,
      name: event.name,
      data: definedToJson(event.data, type, types) as { [field: string]: Json },
      instructionIndex: event.instructionIndex,
      innerIndex: event.innerIndex,
    };
  });
}
