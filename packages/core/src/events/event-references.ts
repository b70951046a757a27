import { Base64Error, EventFormatError } from "../errors.js";
import { decodeBase64, encodeBase64 } from "../json/base64.js";
import { MAX_SAFE_CANONICAL_INTEGER } from "../json/canonical-json.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import type { EventReferencePair, RoomEvent } from "./pdu.js";
import { computeReferenceHash } from "./reference-hash.js";

// How a new event cites other events (`prev_events`, `auth_events`) and the
// depth it takes from them, per event format (server-server "PDUs";
// definitions pdu_v1 / pdu_v3+ and depth_v6).

/**
 * An event cited by ID. Rooms 1–2 cite events as `[event_id, {sha256}]`, so
 * there `referenceHash` (the cited event's reference hash, unpadded standard
 * base64) is required; later rooms ignore it.
 */
export interface EventReference {
  readonly eventId: string;
  readonly referenceHash?: string;
}

/** A `prev_events` entry cited by ID: its depth is needed for the new event's. */
export interface PrevEventReference extends EventReference {
  readonly depth: number;
}

/** `Array.isArray` without narrowing a typed list to `any[]`. */
export function isList(value: unknown): boolean {
  return Array.isArray(value);
}

function isRoomEvent(event: RoomEvent | EventReference): event is RoomEvent {
  return "pdu" in event;
}

/**
 * The reference hash rooms 1–2 put beside a cited event's ID: computed from
 * the event itself, or taken from the reference after checking that it is a
 * 32-byte SHA-256 in base64.
 */
function citedHash(event: RoomEvent | EventReference, roomVersion: RoomVersion, field: string): string {
  if (isRoomEvent(event)) return encodeBase64(computeReferenceHash(event.pdu, roomVersion));
  const hash = event.referenceHash;
  if (typeof hash !== "string") {
    throw new EventFormatError(`${field}: room version ${roomVersion.id} cites events with their reference hash, but ${event.eventId} has none`);
  }
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(hash);
  } catch (err) {
    if (err instanceof Base64Error) throw new EventFormatError(`${field}: reference hash of ${event.eventId} is not base64`, { cause: err });
    throw err;
  }
  if (bytes.length !== 32) throw new EventFormatError(`${field}: reference hash of ${event.eventId} is ${bytes.length} bytes, not a SHA-256`);
  return hash;
}

/**
 * The list as the room version's event format writes it: plain IDs from room
 * 3, `[id, {sha256}]` pairs in rooms 1–2. An event cited twice is cited once.
 */
export function formatEventReferences(
  events: readonly (RoomEvent | EventReference)[],
  roomVersion: RoomVersion,
  field: "prev_events" | "auth_events",
): string[] | EventReferencePair[] {
  // Drafts may come from untyped JSON: check before iterating.
  if (!isList(events)) throw new EventFormatError(`${field} is not an array`);
  const unique: (RoomEvent | EventReference)[] = [];
  const seen = new Set<string>();
  for (const event of events) {
    if (event === null || typeof event !== "object" || typeof event.eventId !== "string") {
      throw new EventFormatError(`${field}: every entry needs an eventId`);
    }
    if (seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    unique.push(event);
  }
  if (roomVersion.eventFormat === "v1") return unique.map((event): EventReferencePair => [event.eventId, { sha256: citedHash(event, roomVersion, field) }]);
  return unique.map((event) => event.eventId);
}

/**
 * The largest depth the room version's integers can hold: 2^53−1 where
 * canonical JSON is strict (room 6+, depth_v6); 2^63−1 before, of which a
 * JavaScript number can reach 2^63−1024 at most (the next double is 2^63).
 */
export function maxDepth(roomVersion: RoomVersion): number {
  return roomVersion.strictCanonicalJson ? MAX_SAFE_CANONICAL_INTEGER : 2 ** 63 - 1024;
}

/**
 * "The maximum depth of the `prev_events`, plus one", held at the limit once
 * the room reaches it ("If the room's depth is already at the limit, the depth
 * must be set to the limit"). An event without prev events (the create event)
 * has depth 1.
 */
export function depthAfter(prevEvents: readonly (RoomEvent | PrevEventReference)[], roomVersion: RoomVersion): number {
  let deepest = 0;
  for (const event of prevEvents) {
    if (event === null || typeof event !== "object") throw new EventFormatError("prev_events: every entry must be an event or a reference");
    const depth: unknown = event.depth;
    if (typeof depth !== "number" || !Number.isInteger(depth) || depth < 0) {
      throw new EventFormatError(`prev_events: depth of ${event.eventId} is not a non-negative integer`);
    }
    deepest = Math.max(deepest, depth);
  }
  return Math.min(deepest + 1, maxDepth(roomVersion));
}
