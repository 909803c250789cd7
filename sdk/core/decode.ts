// From Anchor's decoded accounts to the SDK's types, in one generic pass:
// integers Anchor decodes as BN (u64, i64, u128) become bigint, unit enums
// (`{ oneTime: {} }`) their variant's name (`"oneTime"`), structs and arrays
// are mapped field by field, and everything else (numbers, booleans,
// strings, public keys) stays as it is. The result is typed from the
// program's IDL type, so tsc checks each account's converter against the
// SDK's interface; a converter then makes only its account's semantic
// adjustments (a default key meaning none, a count slicing an array, ...).
import { BN } from "@coral-xyz/anchor";
import { PublicKey } from "@solana/web3.js";

/** The part of a program's IDL type (sdk/idl/<program>.ts) the decoded types are read from. */
interface IdlTypes {
  types: readonly { name: string; type: unknown }[];
}

type IdlTypeDef<Idl extends IdlTypes, Name> = Extract<Idl["types"][number], { name: Name }>["type"];

/** What `decodeFields` makes of a value of the IDL type `T` (a type expression of `Idl`). */
export type IdlValue<Idl extends IdlTypes, T> = T extends "u8" | "i8" | "u16" | "i16" | "u32" | "i32" | "f32" | "f64"
  ? number
  : T extends "u64" | "i64" | "u128" | "i128"
    ? bigint
    : T extends "bool"
      ? boolean
      : T extends "string"
        ? string
        : T extends "pubkey"
          ? PublicKey
          : T extends { array: readonly [infer Element, number] }
            ? IdlValue<Idl, Element>[]
            : T extends { vec: infer Element }
              ? IdlValue<Idl, Element>[]
              : T extends { option: infer Inner }
                ? IdlValue<Idl, Inner> | null
                : T extends { defined: { name: infer Name } }
                  ? IdlDefined<Idl, IdlTypeDef<Idl, Name>>
                  : unknown;

/** A struct as an object of its fields; an enum of unit variants as its variants' names. */
type IdlDefined<Idl extends IdlTypes, Def> = Def extends { kind: "struct"; fields: readonly unknown[] }
  ? { [Field in Def["fields"][number] as Field extends { name: infer Key extends string } ? Key : never]: Field extends { type: infer T } ? IdlValue<Idl, T> : never }
  : Def extends { kind: "enum"; variants: readonly { name: infer Variant }[] }
    ? Def["variants"][number] extends { fields: unknown } ? unknown : Variant
    : unknown;

/** The SDK's view of the IDL type named `Name` (an account, a struct, an enum). */
export type IdlDecoded<Idl extends IdlTypes, Name extends Idl["types"][number]["name"]> = IdlValue<Idl, { defined: { name: Name } }>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** The variant's name of a unit enum value (`{ oneTime: {} }`), or null for anything else. */
function unitVariant(value: Record<string, unknown>): string | null {
  const keys = Object.keys(value);
  if (keys.length !== 1) return null;
  const inner = value[keys[0]];
  return isPlainObject(inner) && Object.keys(inner).length === 0 ? keys[0] : null;
}

/** `raw` (Anchor-decoded) with BN as bigint and unit enums as names, recursively; other values as they are. */
export function decodeFields(raw: unknown): unknown {
  if (BN.isBN(raw)) return BigInt((raw as { toString(): string }).toString());
  if (Array.isArray(raw)) return raw.map(decodeFields);
  if (!isPlainObject(raw)) return raw;
  return unitVariant(raw) ?? Object.fromEntries(Object.entries(raw).map(([key, field]) => [key, decodeFields(field)]));
}

/** Layout bookkeeping every Hex account carries, which the SDK's account types leave out. */
const BOOKKEEPING = ["accountVersion", "bump", "tokensBump", "reserved"] as const;

/** Fields `T` as decoded, without the accounts' bookkeeping, the `Numbers` fields (unix times) as numbers. */
export type DecodedAccount<T, Numbers extends keyof T = never> = Omit<
  { [K in keyof T]: K extends Numbers ? number : T[K] },
  (typeof BOOKKEEPING)[number]
>;

/**
 * The decoder of a program's accounts and types, typed by its IDL type:
 * `decode("listing", raw, ["createdAt"])` is `decodeFields(raw)` without
 * the account's bookkeeping (layout version, bumps, reserved bytes), the i64
 * fields named last (unix times) as numbers, typed as the IDL's `listing`.
 */
export function idlDecoder<Idl extends IdlTypes>() {
  return <Name extends Idl["types"][number]["name"], Numbers extends keyof IdlDecoded<Idl, Name> = never>(
    _type: Name,
    raw: object,
    numbers: readonly Numbers[] = []
  ): DecodedAccount<IdlDecoded<Idl, Name>, Numbers> => {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
      if ((BOOKKEEPING as readonly string[]).includes(key)) continue;
      fields[key] = (numbers as readonly PropertyKey[]).includes(key) ? (value as BN).toNumber() : decodeFields(value);
    }
    return fields as DecodedAccount<IdlDecoded<Idl, Name>, Numbers>;
  };
}

/**
 * `value`, typed as exactly `T`: tsc refuses a key `T` does not have, so a
 * field an account gains on chain cannot slip into the SDK's type unseen.
 */
export function exactly<T>() {
  return <U extends T>(value: U & Record<Exclude<keyof U, keyof T>, never>): T => value;
}

/** A key the program leaves at the default (all zeros) to mean none: null then. */
export function optionalKey(key: PublicKey): PublicKey | null {
  return key.equals(PublicKey.default) ? null : key;
}
