import { EventFormatError, InvalidIdentifierError, MatrixCoreError } from "../errors.js";
import { checkEventId } from "../identifiers/event-id.js";
import { parseServerName } from "../identifiers/server-name.js";
import { MAX_IDENTIFIER_BYTES, utf8ByteLength } from "../identifiers/text.js";
import { encodeBase64, encodeBase64Url } from "../json/base64.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { assertEventObject } from "./json-object.js";
import { toRoomEvent, type Pdu, type RoomEvent } from "./pdu.js";
import { computeReferenceHash } from "./reference-hash.js";

/**
 * Rooms 1–2 (fragment v1-event-ids): the event ID is the PDU's own
 * `event_id`, `$opaque_id:domain` (appendix "Event IDs"). Returns it and its
 * domain once checked; throws `EventFormatError` when it is missing or not an
 * event ID of `roomVersion`.
 */
export function serverGeneratedEventId(pdu: Pdu | Record<string, unknown>, roomVersion: RoomVersion): { eventId: string; serverName: string } {
  assertEventObject(pdu);
  const id = pdu.event_id;
  if (typeof id !== "string") throw new EventFormatError(`event_id is missing or not a string (room version ${roomVersion.id} carries it in the event)`);
  const checked = checkEventId(id, roomVersion);
  // A server-generated ID always has a domain; the second test is for the type.
  if (!checked.ok || checked.value.serverName === undefined) {
    const reason = checked.ok ? "it has no domain" : checked.reason;
    throw new EventFormatError(`event_id ${JSON.stringify(id.slice(0, 300))} is not a room version ${roomVersion.id} event ID: ${reason}`);
  }
  return { eventId: id, serverName: checked.value.serverName };
}

/**
 * The ID of an event in a room of `roomVersion`: the PDU's `event_id` in rooms
 * 1–2; from room 3 the reference hash, `$` + unpadded base64 (fragment
 * "Event IDs" of rooms/v3.md), from room 4 in the URL-safe alphabet
 * (fragment v4-event-ids).
 */
export function computeEventId(pdu: Pdu | Record<string, unknown>, roomVersion: RoomVersion): string {
  switch (roomVersion.eventIdFormat) {
    case "server-generated":
      return serverGeneratedEventId(pdu, roomVersion).eventId;
    case "base64":
      return "$" + encodeBase64(computeReferenceHash(pdu, roomVersion));
    case "url-safe-base64":
      return "$" + encodeBase64Url(computeReferenceHash(pdu, roomVersion));
    default: {
      const unknown: never = roomVersion.eventIdFormat;
      throw new MatrixCoreError("UNKNOWN_ROOM_VERSION", `unknown event ID format ${String(unknown)}`);
    }
  }
}

/**
 * Room 12+ (appendix "Room IDs", rooms/v12.md): the room ID is the create
 * event's ID with `!` instead of `$`, i.e. `!` + URL-safe reference hash.
 */
export function computeRoomIdFromCreateEvent(createPdu: Pdu | Record<string, unknown>, roomVersion: RoomVersion): string {
  if (!roomVersion.roomIdFromCreateEvent) {
    throw new EventFormatError(`room version ${roomVersion.id} does not derive room IDs from the create event`);
  }
  assertEventObject(createPdu);
  if (createPdu.type !== "m.room.create" || createPdu.state_key !== "") {
    throw new EventFormatError("only an m.room.create event with an empty state_key defines a room ID");
  }
  return "!" + encodeBase64Url(computeReferenceHash(createPdu, roomVersion));
}

const OPAQUE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const OPAQUE_LENGTH = 24;

/**
 * A fresh `$opaque_id:server_name` event ID for rooms 1–2, where the creating
 * server picks the ID. 24 random alphanumeric characters (≈143 bits) from
 * `crypto.getRandomValues`, drawn without modulo bias.
 */
export function generateServerEventId(serverName: string): string {
  parseServerName(serverName);
  const random = globalThis.crypto?.getRandomValues?.bind(globalThis.crypto);
  if (!random) throw new MatrixCoreError("CRYPTO_UNAVAILABLE", "crypto.getRandomValues is not available in this runtime");
  let opaque = "";
  const bytes = new Uint8Array(OPAQUE_LENGTH * 2);
  while (opaque.length < OPAQUE_LENGTH) {
    random(bytes);
    for (const byte of bytes) {
      // 248 = 4 × 62: bytes at or above it would favour the first letters.
      if (byte < 248 && opaque.length < OPAQUE_LENGTH) opaque += OPAQUE_ALPHABET[byte % 62]!;
    }
  }
  const id = `$${opaque}:${serverName}`;
  if (utf8ByteLength(id) > MAX_IDENTIFIER_BYTES) {
    throw new InvalidIdentifierError("server name", serverName, `too long for an event ID of at most ${MAX_IDENTIFIER_BYTES} bytes`);
  }
  return id;
}

/** `toRoomEvent` with the event ID computed as the room version says. */
export function toRoomEventFromPdu(pdu: Pdu, roomVersion: RoomVersion): RoomEvent {
  return toRoomEvent(pdu, computeEventId(pdu, roomVersion), roomVersion);
}
