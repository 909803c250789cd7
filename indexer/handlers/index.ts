// The projection handlers of each program. An event without a handler is
// still stored (table `events`); a new program (family pools) adds its file
// here and its tables in a migration.
import { HEX_PROGRAMS } from "../decode";
import { escrowHandlers } from "./escrow";
import { marketHandlers } from "./market";
import { registryHandlers } from "./registry";
import { Handler } from "./types";

const BY_PROGRAM_NAME: Record<string, Record<string, Handler>> = {
  model_registry: registryHandlers,
  license_market: marketHandlers,
  royalty_escrow: escrowHandlers,
};

const BY_PROGRAM_ID = new Map(Object.entries(HEX_PROGRAMS).map(([name, id]) => [id, BY_PROGRAM_NAME[name] ?? {}]));

/** The handler of `name` emitted by program `programId`, if it has one. */
export function handlerFor(programId: string, name: string): Handler | undefined {
  return BY_PROGRAM_ID.get(programId)?.[name];
}

export type { StoredEvent } from "./types";
