// What a projection handler receives: one stored event with where and when
// it happened, and the open database transaction to project it in.
import { Queryable } from "../db";
import { DecodedEvent } from "../decode";

export interface StoredEvent extends DecodedEvent {
  signature: string;
  slot: number;
  blockTime: Date;
}

/** Projects one event into the query tables. Runs exactly once per event. */
export type Handler = (db: Queryable, event: StoredEvent) => Promise<void>;

/** Handlers of one program, by event name as its IDL spells it. */
export type Handlers = Record<string, Handler>;

/** The event's own key, first columns of every table with a row per event. */
export function eventKey(event: StoredEvent): [string, number, number] {
  return [event.signature, event.instructionIndex, event.innerIndex];
}

/** A field of the event's data, as decoded (see decode.ts). */
export function field<T = string>(event: StoredEvent, name: string): T {
  if (!(name in event.data)) throw new Error(`event ${event.name} has no field ${name}`);
  return event.data[name] as T;
}
