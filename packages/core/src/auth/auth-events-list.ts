import type { RoomEvent } from "../events/pdu.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { authTypesFor } from "./auth-events-selection.js";
import { ruleNumbers } from "./rule-numbers.js";
import { ALLOWED, rejected, type AuthVerdict } from "./verdict.js";

function describe(event: RoomEvent): string {
  return `${event.eventId} (${event.type}, ${JSON.stringify(event.stateKey ?? null)})`;
}

/**
 * The rules on the event's cited `auth_events` (rule 2 of rooms 1–11, rules 2
 * and 3 of room 12), applied in the spec's order, each over the whole list:
 * duplicate `(type, state_key)` pairs, pairs the auth events selection would
 * not pick, entries that were themselves rejected, no create event (rooms
 * 1–11), entries from another room. Room 12 also requires the room ID to name
 * a create event that was not rejected.
 *
 * `authEvents` are the events the event's `auth_events` name, as fetched;
 * `isRejected` says whether the receiving server rejected an event (checks on
 * receipt of a PDU). The create event itself is governed by rule 1 alone
 * (it is allowed or rejected before rule 2 is reached): `authorize` checks it.
 */
export function checkAuthEventsList(
  event: RoomEvent,
  authEvents: readonly RoomEvent[],
  roomVersion: RoomVersion,
  isRejected?: (eventId: string) => boolean,
): AuthVerdict {
  if (event.type === "m.room.create") return ALLOWED;
  const rules = ruleNumbers(roomVersion);

  if (roomVersion.roomIdFromCreateEvent) {
    // Room 12 rule 2: the room ID is the create event's ID with `!` for `$`.
    if (!event.roomId.startsWith("!")) {
      return rejected(rules.top.roomIdIsCreate, `room ID ${JSON.stringify(event.roomId)} is not a create event ID`);
    }
    const createEventId = "$" + event.roomId.slice(1);
    if (isRejected?.(createEventId)) {
      return rejected(rules.top.roomIdIsCreate, `the room's create event ${createEventId} was rejected`);
    }
  }

  const seen = new Map<string, RoomEvent>();
  for (const authEvent of authEvents) {
    const key = JSON.stringify([authEvent.type, authEvent.stateKey ?? null]);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      return rejected(rules.authEvents.duplicate, `auth events ${earlier.eventId} and ${authEvent.eventId} share the key (${authEvent.type}, ${JSON.stringify(authEvent.stateKey ?? null)})`);
    }
    seen.set(key, authEvent);
  }

  const selected = new Set(authTypesFor(event, roomVersion).map(([type, stateKey]) => JSON.stringify([type, stateKey])));
  for (const authEvent of authEvents) {
    const key = JSON.stringify([authEvent.type, authEvent.stateKey ?? null]);
    if (!selected.has(key)) {
      return rejected(rules.authEvents.notSelected, `auth event ${describe(authEvent)} is not one the auth events selection picks for this event`);
    }
  }

  if (isRejected !== undefined) {
    for (const authEvent of authEvents) {
      if (isRejected(authEvent.eventId)) return rejected(rules.authEvents.rejectedEntry, `auth event ${describe(authEvent)} was rejected`);
    }
  }

  if (!roomVersion.createEventNotInAuthEvents) {
    if (!authEvents.some((e) => e.type === "m.room.create" && e.stateKey === "")) {
      return rejected(rules.authEvents.noCreate, "there is no m.room.create event among the auth events");
    }
  }

  for (const authEvent of authEvents) {
    if (authEvent.roomId !== event.roomId) {
      return rejected(rules.authEvents.otherRoom, `auth event ${describe(authEvent)} belongs to room ${authEvent.roomId}, not ${event.roomId}`);
    }
  }
  return ALLOWED;
}
