import { EventFormatError } from "../errors.js";
import { isJsonObject } from "../events/json-object.js";
import type { RoomEvent } from "../events/pdu.js";
import { isValidUserId } from "../identifiers/user-id.js";
import type { JsonObject } from "../json/canonical-json.js";

// Spec: client-server "Stripped state" (event schema StrippedStateEvent).

/** A stripped state event: only `type`, `state_key`, `sender` and `content`. */
export interface StrippedStateEvent {
  type: string;
  state_key: string;
  sender: string;
  content: JsonObject;
}

/**
 * The state events stripped state "should contain some or all of", in the
 * spec's order. `m.room.create` is required in `invite_state`/`knock_state`
 * and in `invite_room_state`/`knock_room_state` (since v1.16).
 */
export const STRIPPED_STATE_TYPES = [
  "m.room.create",
  "m.room.name",
  "m.room.avatar",
  "m.room.topic",
  "m.room.join_rules",
  "m.room.canonical_alias",
  "m.room.encryption",
] as const;

/** A state event in any of the shapes core handles: a RoomEvent, a PDU, a client event, stripped state. */
export type StateEventLike = RoomEvent | { type: string; state_key?: string; sender: string; content: JsonObject };

/**
 * The stripped form of a state event. Servers must prune what they received
 * over federation before passing it on (v1.16), so the input is checked, not
 * trusted: `EventFormatError` unless it is a state event with a string type
 * and state key, a user ID as sender and an object as content.
 */
export function toStrippedStateEvent(event: StateEventLike): StrippedStateEvent {
  if (!isJsonObject(event)) throw new EventFormatError("a stripped state event comes from an object");
  const stateKey: unknown = "stateKey" in event ? event.stateKey : event.state_key;
  const { type, sender, content } = event as Record<string, unknown>;
  if (typeof type !== "string") throw new EventFormatError("type is missing or not a string");
  if (typeof stateKey !== "string") throw new EventFormatError(`${type} is not a state event: it has no state_key`);
  if (!isValidUserId(sender, { historical: true })) throw new EventFormatError("sender is missing or not a user ID");
  if (!isJsonObject(content)) throw new EventFormatError("content is missing or not an object");
  return { type, state_key: stateKey, sender, content: content as JsonObject };
}

/** Looks up the current state event of a `(type, state_key)`; an `AuthState` qualifies. */
export interface StrippedStateSource {
  get(type: string, stateKey: string): StateEventLike | undefined;
}

/**
 * The stripped state a server includes with an invite or knock: each of
 * `types` (default `STRIPPED_STATE_TYPES`) with state key `""` that the room
 * has, stripped, in that order.
 */
export function strippedStateOf(state: StrippedStateSource, types: readonly string[] = STRIPPED_STATE_TYPES): StrippedStateEvent[] {
  const out: StrippedStateEvent[] = [];
  for (const type of types) {
    const event = state.get(type, "");
    if (event !== undefined) out.push(toStrippedStateEvent(event));
  }
  return out;
}
