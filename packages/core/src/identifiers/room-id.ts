import type { RoomVersion } from "../rooms/room-versions.js";
import { checkLocalpartAndServer } from "./common-format.js";
import { checkReferenceHash } from "./reference-hash.js";
import { type IdentifierCheck, checkSigilAndLength, fail, ok, parseChecked } from "./text.js";

/**
 * A room ID (appendix "Room IDs"): `!opaque_id:domain` (rooms 1–11), or in
 * rooms whose version derives the room ID from the create event (12+), `!` +
 * the create event's ID without its `$`, with no domain.
 */
export interface RoomId {
  readonly roomId: string;
  readonly kind: "with-domain" | "create-event-hash";
  /** The localpart, or the hash for `create-event-hash` IDs. */
  readonly opaqueId: string;
  readonly serverName: string | undefined;
}

/**
 * Parses a room ID. Given a room version, the ID must have the form that
 * version uses; without one, either form is accepted (an ID with a ":" is
 * taken as the domain form).
 */
export function parseRoomId(input: unknown, roomVersion?: RoomVersion): RoomId {
  return parseChecked("room ID", input, (s) => checkRoomId(s, roomVersion));
}

export function isValidRoomId(input: unknown, roomVersion?: RoomVersion): input is string {
  return typeof input === "string" && checkRoomId(input, roomVersion).ok;
}

export function checkRoomId(s: string, roomVersion?: RoomVersion): IdentifierCheck<RoomId> {
  const opening = checkSigilAndLength(s, "!", "room ID");
  if (opening) return fail(opening);
  const colon = s.indexOf(":");
  const hashForm = roomVersion ? roomVersion.roomIdFromCreateEvent : colon < 0;

  if (hashForm) {
    if (colon >= 0) {
      return fail(`has a ":" domain part, but room version ${roomVersion?.id ?? ""} room IDs are the create event's hash without a domain`);
    }
    const opaqueId = s.slice(1);
    // "The grammar is otherwise inherited verbatim" from the create event's ID.
    const alphabet = roomVersion?.eventIdFormat === "base64" ? "standard" : "url-safe";
    const reason = checkReferenceHash(opaqueId, alphabet);
    if (reason) return fail(`is not "!" + a create event's reference hash: ${reason}`);
    return ok({ roomId: s, kind: "create-event-hash", opaqueId, serverName: undefined });
  }

  if (colon < 0) {
    return fail(`has no ":" domain part, which room version ${roomVersion?.id ?? ""} room IDs need`);
  }
  const parts = checkLocalpartAndServer(s, colon, "localpart");
  if (!parts.ok) return parts;
  return ok({ roomId: s, kind: "with-domain", opaqueId: parts.value.localpart, serverName: parts.value.serverName });
}
