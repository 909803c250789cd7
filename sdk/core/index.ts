// What every program's module builds on: the client, sending transactions,
// events, account reads, basis-point math, lookup tables and Metaplex NFTs.
export * from "./programs";
export * from "./tx";
export * from "./events";
export * from "./accounts";
export * from "./math";
export * from "./lookup-table";
export * from "./metaplex";
