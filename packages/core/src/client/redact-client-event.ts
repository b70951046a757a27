import { EventFormatError } from "../errors.js";
import { isJsonObject } from "../events/json-object.js";
import { redactWithout } from "../events/redaction.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import type { ClientEventWithoutRoomId, UnsignedData } from "./client-event.js";

// Spec: client-server "Redactions" ("When a client receives an
// m.room.redaction event, it SHOULD change the affected event in the same way
// a server does"; servers include the redaction as `unsigned.redacted_because`)
// and "Event replacements" ("If the original event is redacted, any
// m.replace relationship should not be bundled with it").

/** The event an `m.room.redaction` names, wherever its format put it. */
function redactedEventId(redaction: ClientEventWithoutRoomId): unknown {
  return redaction.redacts ?? (isJsonObject(redaction.content) ? redaction.content.redacts : undefined);
}

function unsignedAfterRedaction(unsigned: UnsignedData | undefined, redaction: ClientEventWithoutRoomId): UnsignedData {
  const kept: UnsignedData = { ...(unsigned ?? {}) };
  const relations = kept["m.relations"];
  if (isJsonObject(relations) && Object.hasOwn(relations, "m.replace")) {
    const { "m.replace": _edit, ...others } = relations;
    if (Object.keys(others).length > 0) kept["m.relations"] = others;
    else delete kept["m.relations"];
  }
  kept.redacted_because = redaction;
  return kept;
}

/**
 * The client view of `event` once `redaction` has redacted it: the room
 * version's redaction algorithm applied (the same `redactEvent` servers use,
 * so `content` keeps only what the version protects for the type), the
 * server-added `unsigned` data kept, with `redacted_because` set to the
 * redaction and any bundled `m.replace` edit dropped.
 *
 * Throws `EventFormatError` unless `redaction` is an `m.room.redaction` of
 * this very event.
 */
export function redactClientEvent<T extends ClientEventWithoutRoomId>(event: T, redaction: ClientEventWithoutRoomId, roomVersion: RoomVersion): T {
  if (redaction.type !== "m.room.redaction") throw new EventFormatError(`redacted_because must be an m.room.redaction, not ${String(redaction.type)}`);
  const target = redactedEventId(redaction);
  if (target !== event.event_id) {
    throw new EventFormatError(`redaction ${redaction.event_id} redacts ${JSON.stringify(target ?? null)}, not ${event.event_id}`);
  }
  // The algorithm keeps exactly the protected top-level keys; of a client
  // event those are event_id, type, room_id, sender, state_key, content and
  // origin_server_ts. `unsigned` is the server's, added back below.
  const redacted = redactWithout(event, roomVersion, "unsigned") as T;
  const content = redacted.content;
  // A redacted redaction of room 11+ still names its target in content; serve it at the top level too (rooms/v11.md).
  if (event.type === "m.room.redaction" && typeof content.redacts === "string") redacted.redacts = content.redacts;
  redacted.unsigned = unsignedAfterRedaction(event.unsigned, redaction);
  return redacted;
}
