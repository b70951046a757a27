import type { RoomVersion } from "../rooms/room-versions.js";
import { checkLocalpartAndServer } from "./common-format.js";
import { type Base64Alphabet, checkReferenceHash, referenceHashAlphabets } from "./reference-hash.js";
import { type IdentifierCheck, checkSigilAndLength, fail, ok, parseChecked } from "./text.js";

/**
 * An event ID (appendix "Event IDs" and the rooms' "Event IDs" fragments):
 * `$opaque_id:domain` chosen by the sending server (rooms 1–2), or `$` + the
 * event's reference hash in standard (room 3) or URL-safe (4+) base64.
 */
export interface EventId {
  readonly eventId: string;
  readonly kind: "server-generated" | "reference-hash";
  /** Everything between `$` and the domain (or the end). */
  readonly opaqueId: string;
  readonly serverName: string | undefined;
  /**
   * For reference hashes, the alphabets the hash is valid in: IDs made only
   * of letters and digits are valid in both. Empty for server-generated IDs.
   */
  readonly alphabets: readonly Base64Alphabet[];
}

/**
 * Parses an event ID. Given a room version, the ID must have the format that
 * version's `eventIdFormat` demands; without one, any of the three formats is
 * accepted.
 */
export function parseEventId(input: unknown, roomVersion?: RoomVersion): EventId {
  return parseChecked("event ID", input, (s) => checkEventId(s, roomVersion));
}

export function isValidEventId(input: unknown, roomVersion?: RoomVersion): input is string {
  return typeof input === "string" && checkEventId(input, roomVersion).ok;
}

export function checkEventId(s: string, roomVersion?: RoomVersion): IdentifierCheck<EventId> {
  const opening = checkSigilAndLength(s, "$", "event ID");
  if (opening) return fail(opening);
  const format = roomVersion?.eventIdFormat;
  const colon = s.indexOf(":");

  if (format === "server-generated" || (format === undefined && colon >= 0)) {
    if (colon < 0) return fail(`has no ":" domain part, which room version ${roomVersion?.id ?? ""} event IDs need`);
    const parts = checkLocalpartAndServer(s, colon, "opaque part");
    if (!parts.ok) return parts;
    return ok({ eventId: s, kind: "server-generated", opaqueId: parts.value.localpart, serverName: parts.value.serverName, alphabets: [] });
  }

  const opaqueId = s.slice(1);
  if (format !== undefined) {
    const alphabet: Base64Alphabet = format === "base64" ? "standard" : "url-safe";
    const reason = checkReferenceHash(opaqueId, alphabet);
    if (reason) return fail(`is not "$" + a reference hash as room version ${roomVersion?.id ?? ""} needs: ${reason}`);
    return ok({ eventId: s, kind: "reference-hash", opaqueId, serverName: undefined, alphabets: referenceHashAlphabets(opaqueId) });
  }
  const alphabets = referenceHashAlphabets(opaqueId);
  if (alphabets.length === 0) {
    // Report against the alphabet the ID seems to use.
    const alphabet: Base64Alphabet = /[+/]/.test(opaqueId) ? "standard" : "url-safe";
    return fail(`has no ":" domain part and is not "$" + a reference hash: ${checkReferenceHash(opaqueId, alphabet) ?? ""}`);
  }
  return ok({ eventId: s, kind: "reference-hash", opaqueId, serverName: undefined, alphabets });
}
