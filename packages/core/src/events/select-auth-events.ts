import type { AuthState } from "../auth/auth-state.js";
import { authEventsFor, type AuthSelectionInput } from "../auth/auth-events-selection.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import type { RoomEvent } from "./pdu.js";

/**
 * The auth events a new event should cite, picked from `authState` (the
 * room's current state, or the state the event is built on) by the
 * server-server "Auth events selection": the create event (not in room 12+),
 * the power levels, the sender's membership, and for member events the
 * target's membership, the join rules, the third-party invite and the
 * authorising user of a restricted join, as the event needs them. Entries the
 * state does not have are left out. Pass the result as `authEvents` to
 * `buildEvent`.
 */
export function selectAuthEvents(eventDraft: AuthSelectionInput, authState: AuthState, roomVersion: RoomVersion): RoomEvent[] {
  return authEventsFor(eventDraft, authState, roomVersion);
}
