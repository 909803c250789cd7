// Reading what the programs publish in their IDLs (sdk/idl/*.json): seeds,
// byte offsets of account fields, limits, and the shapes of their types.
// Each program's module reads its own constants through these helpers, so
// that nothing the programs define is copied by hand.
import { Buffer } from "buffer";

/** The part of an IDL these helpers read. */
export interface IdlShape {
  address: string;
  constants: readonly { name: string; type: unknown; value: string }[];
  types?: readonly { name: string; type: { fields?: readonly { name: string; type: unknown }[] } }[];
}

/**
 * The IDL's constant `name`: a byte string (type `bytes`, written as
 * `"[99, 111, ...]"`) as bytes, anything else as a number. Throws, naming
 * the constant and the program, when the IDL publishes none.
 */
export function idlConstant(idl: IdlShape, name: string): Uint8Array | number {
  const constant = idl.constants.find((entry) => entry.name === name);
  if (constant === undefined) throw new Error(`the IDL of program ${idl.address} publishes no constant ${name}`);
  if (constant.type === "bytes") return Uint8Array.from(JSON.parse(constant.value) as number[]);
  const value = Number(constant.value);
  if (!Number.isSafeInteger(value)) throw new Error(`the IDL constant ${name} is not a whole number: ${constant.value}`);
  return value;
}

/**
 * The IDL's numeric constant `name` (an offset, a size, a limit). The byte
 * offsets of account fields that getProgramAccounts filters on count the
 * 8-byte Anchor discriminator; `account_offsets!` beside each account in
 * programs/<program>/src/state computes them from the layout and fails the build
 * when the layout moves them.
 */
export function idlNumber(idl: IdlShape, name: string): number {
  const value = idlConstant(idl, name);
  if (typeof value !== "number") throw new Error(`the IDL constant ${name} is a byte string, not a number`);
  return value;
}

/** The IDL's byte-string constant `name` (a PDA seed), as a Buffer. */
export function idlBytes(idl: IdlShape, name: string) {
  const value = idlConstant(idl, name);
  if (typeof value === "number") throw new Error(`the IDL constant ${name} is a number, not a byte string`);
  return Buffer.from(value);
}

/**
 * The lengths of the fixed array `field` (its snake_case name) of the IDL's
 * type `typeName`, outermost first: `[[u8; 16]; 4]` gives `[4, 16]`.
 */
export function idlArrayLengths(idl: IdlShape, typeName: string, field: string): number[] {
  const fields = idl.types?.find((type) => type.name === typeName)?.type.fields;
  const entry = fields?.find((candidate) => candidate.name === field);
  if (entry === undefined) throw new Error(`the IDL of program ${idl.address} has no field ${field} in type ${typeName}`);
  const lengths: number[] = [];
  for (let type = entry.type; typeof type === "object" && type !== null && "array" in type; ) {
    const [element, length] = (type as { array: [unknown, number] }).array;
    lengths.push(length);
    type = element;
  }
  if (lengths.length === 0) throw new Error(`${typeName}.${field} is not a fixed array in the IDL of program ${idl.address}`);
  return lengths;
}
