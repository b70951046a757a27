import type { RoomEvent } from "../events/pdu.js";
import type { JsonObject } from "../json/canonical-json.js";
import { own } from "../power-levels/json-access.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import type { AuthState } from "./auth-state.js";

/** What the selection reads of an event (a `RoomEvent` qualifies). */
export interface AuthSelectionInput {
  type: string;
  sender: string;
  stateKey?: string | undefined;
  content: JsonObject;
}

/**
 * The `(type, state_key)` pairs whose current events belong in the event's
 * `auth_events` (server-server "Auth events selection"); empty for the
 * create event. Without duplicates, in the order the spec lists them.
 */
export function authTypesFor(event: AuthSelectionInput, roomVersion: RoomVersion): Array<[type: string, stateKey: string]> {
  if (event.type === "m.room.create") return [];
  const out: Array<[string, string]> = [];
  const seen = new Set<string>();
  const add = (type: string, stateKey: string) => {
    const key = JSON.stringify([type, stateKey]);
    if (seen.has(key)) return;
    seen.add(key);
    out.push([type, stateKey]);
  };
  // Room 12: the create event is implied by the room ID and must not be listed.
  if (!roomVersion.createEventNotInAuthEvents) add("m.room.create", "");
  add("m.room.power_levels", "");
  add("m.room.member", event.sender);
  if (event.type === "m.room.member") {
    const membership = own(event.content, "membership");
    if (event.stateKey !== undefined) add("m.room.member", event.stateKey);
    if (membership === "join" || membership === "invite" || membership === "knock") add("m.room.join_rules", "");
    if (membership === "invite" && Object.hasOwn(event.content, "third_party_invite")) {
      const token = own(own(own(event.content, "third_party_invite"), "signed"), "token");
      if (typeof token === "string") add("m.room.third_party_invite", token);
    }
    if (membership === "join" && roomVersion.restrictedJoins) {
      const authoriser = own(event.content, "join_authorised_via_users_server");
      if (typeof authoriser === "string") add("m.room.member", authoriser);
    }
  }
  return out;
}

/** The selected auth events that exist in `authState`, in selection order. */
export function authEventsFor(event: AuthSelectionInput, authState: AuthState, roomVersion: RoomVersion): RoomEvent[] {
  const out: RoomEvent[] = [];
  for (const [type, stateKey] of authTypesFor(event, roomVersion)) {
    const found = authState.get(type, stateKey);
    if (found !== undefined) out.push(found);
  }
  return out;
}
