import type { RoomEvent } from "../events/pdu.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import type { EventLoader } from "./event-loader.js";

/**
 * Spec v2 "Power events": power levels, join rules, and memberships of
 * `leave` or `ban` sent by someone other than their target (kicks and bans)
 * — the events that can take abilities away.
 */
export function isPowerEvent(event: RoomEvent): boolean {
  if (event.stateKey === undefined) return false;
  if (event.type === "m.room.power_levels" || event.type === "m.room.join_rules") return true;
  if (event.type !== "m.room.member") return false;
  const membership = event.content.membership;
  return (membership === "leave" || membership === "ban") && event.sender !== event.stateKey;
}

/**
 * The ID of the create event an event is authorised under: in room v12 the
 * room ID names it (`!x` ↔ `$x`), earlier rooms list it in `auth_events`
 * (which must then be loaded).
 */
export function createEventIdOf(event: RoomEvent, roomVersion: RoomVersion, loader: EventLoader): string | undefined {
  if (roomVersion.roomIdFromCreateEvent) {
    if (event.type === "m.room.create" && event.stateKey === "") return event.eventId;
    return "$" + event.roomId.slice(1);
  }
  return findAuthEventOfType(event, "m.room.create", loader)?.eventId;
}

/** The auth event of `type` with an empty state key among the event's (loaded) auth events. */
export function findAuthEventOfType(event: RoomEvent, type: string, loader: EventLoader): RoomEvent | undefined {
  for (const id of event.authEventIds) {
    const authEvent = loader.get(id);
    if (authEvent.type === type && authEvent.stateKey === "") return authEvent;
  }
  return undefined;
}
