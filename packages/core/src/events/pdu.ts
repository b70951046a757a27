import { EventFormatError } from "../errors.js";
import type { JsonObject } from "../json/canonical-json.js";
import type { RoomVersion } from "../rooms/room-versions.js";

/** `[event_id, {sha256}]` as rooms 1–2 reference other events. */
export type EventReferencePair = [string, { sha256: string }];

/**
 * A PDU as it travels between servers (spec "Server-Server API", room
 * version event formats). Fields beyond these are kept as they are: they are
 * covered by hashes and signatures.
 */
export interface Pdu {
  type: string;
  room_id?: string;
  sender: string;
  origin_server_ts: number;
  content: JsonObject;
  state_key?: string;
  depth: number;
  prev_events: string[] | EventReferencePair[];
  auth_events: string[] | EventReferencePair[];
  hashes: { sha256: string; [algorithm: string]: string };
  signatures: Record<string, Record<string, string>>;
  unsigned?: JsonObject;
  /** Rooms 1–10: top-level on `m.room.redaction`; 11+ moved it into `content`. */
  redacts?: string;
  /** Rooms 1–2 only: the server-generated event ID is part of the event. */
  event_id?: string;
  [key: string]: unknown;
}

/**
 * What the authorization rules and state resolution read of an event, the
 * same for every event format. `pdu` is the event as received.
 */
export interface RoomEvent {
  readonly eventId: string;
  readonly roomId: string;
  readonly type: string;
  readonly stateKey: string | undefined;
  readonly sender: string;
  readonly content: JsonObject;
  readonly originServerTs: number;
  readonly depth: number;
  readonly prevEventIds: readonly string[];
  readonly authEventIds: readonly string[];
  /** The event an `m.room.redaction` redacts, wherever this format keeps it. */
  readonly redacts: string | undefined;
  readonly pdu: Pdu;
}

function referencedIds(list: unknown, field: string): string[] {
  if (!Array.isArray(list)) throw new EventFormatError(`${field} is not an array`);
  return list.map((item: unknown, i) => {
    if (typeof item === "string") return item;
    if (Array.isArray(item) && typeof item[0] === "string") return item[0];
    throw new EventFormatError(`${field}[${i}] is neither an event ID nor an [event_id, hashes] pair`);
  });
}

/**
 * The format-independent view of a PDU. `eventId` is the event's ID (for
 * rooms 1–2 the one inside the PDU; for 3+ the reference hash the caller
 * computed). For a room-12 create event the room ID is derived from its ID.
 */
export function toRoomEvent(pdu: Pdu, eventId: string, roomVersion: RoomVersion): RoomEvent {
  if (typeof pdu.type !== "string") throw new EventFormatError("type is not a string");
  if (typeof pdu.sender !== "string") throw new EventFormatError("sender is not a string");
  if (pdu.content === null || typeof pdu.content !== "object" || Array.isArray(pdu.content)) {
    throw new EventFormatError("content is not an object");
  }
  if (pdu.state_key !== undefined && typeof pdu.state_key !== "string") throw new EventFormatError("state_key is not a string");
  const isV12Create = roomVersion.roomIdFromCreateEvent && pdu.type === "m.room.create" && pdu.state_key === "";
  let roomId: string;
  if (isV12Create) {
    roomId = "!" + eventId.slice(1);
  } else {
    if (typeof pdu.room_id !== "string") throw new EventFormatError("room_id is not a string");
    roomId = pdu.room_id;
  }
  let redacts: string | undefined;
  if (pdu.type === "m.room.redaction") {
    const value = roomVersion.redactsInContent ? pdu.content.redacts : pdu.redacts;
    redacts = typeof value === "string" ? value : undefined;
  }
  return {
    eventId,
    roomId,
    type: pdu.type,
    stateKey: pdu.state_key,
    sender: pdu.sender,
    content: pdu.content,
    originServerTs: pdu.origin_server_ts,
    depth: pdu.depth,
    prevEventIds: referencedIds(pdu.prev_events, "prev_events"),
    authEventIds: referencedIds(pdu.auth_events, "auth_events"),
    redacts,
    pdu,
  };
}

/** `type` and `state_key` joined, the key of a room's state map. */
export type StateKey = string;

export function stateKeyOf(type: string, stateKey: string): StateKey {
  // U+0000 cannot appear in either part of real events' identifiers... but
  // state keys are free-form, so use JSON to keep the pair unambiguous.
  return JSON.stringify([type, stateKey]);
}

export function parseStateKey(key: StateKey): [type: string, stateKey: string] {
  return JSON.parse(key) as [string, string];
}
