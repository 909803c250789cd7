// Reading what the programs publish in their IDLs (sdk/idl/*.json): seeds,
// byte offsets of account fields, limits, and the shapes of their types.
// Each program's module reads its own constants through these helpers.

type IdlWithConstants = { constants: readonly { name: string; value: string }[] };

/** The IDL's numeric constant `name`; throws naming it when the IDL has none. */
export function idlNumber(idl: IdlWithConstants, name: string): number {
  const constant = idl.constants.find((entry) => entry.name === name);
  if (constant === undefined) throw new Error(`the IDL publishes no constant ${name}`);
  return Number(constant.value);
}
