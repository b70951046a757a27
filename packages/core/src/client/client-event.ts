import { EventFormatError } from "../errors.js";
import { isJsonObject } from "../events/json-object.js";
import { toRoomEvent, type Pdu, type RoomEvent } from "../events/pdu.js";
import type { JsonObject } from "../json/canonical-json.js";
import type { RoomVersion } from "../rooms/room-versions.js";

// Spec: client-server "Room event format" (definitions ClientEvent and
// ClientEventWithoutRoomID), and rooms/v11.md on `redacts` over the
// Client-Server API.

/**
 * `unsigned` of an event served to a client: what the serving homeserver
 * adds. Other keys (`m.relations`, `invite_room_state`, ...) pass through.
 */
export interface UnsignedData {
  /** Milliseconds since the event was sent, by the serving server's clock. */
  age?: number;
  /** The content of the state event this one replaced, if the client may see it. */
  prev_content?: JsonObject;
  /** The event ID of the state event this one replaced (spec v1.19). */
  replaces_state?: string;
  /** The `m.room.redaction` that redacted this event. */
  redacted_because?: ClientEventWithoutRoomId;
  /** The client's transaction ID, for the client that sent the event. */
  transaction_id?: string;
  /** The requesting user's membership at the time of the event (spec v1.11). */
  membership?: string;
  [key: string]: unknown;
}

/** ClientEventWithoutRoomID: the event as `/sync` returns it, the room ID implied. */
export interface ClientEventWithoutRoomId {
  event_id: string;
  type: string;
  content: JsonObject;
  sender: string;
  origin_server_ts: number;
  /** Present if, and only if, this is a state event. */
  state_key?: string;
  unsigned?: UnsignedData;
  /**
   * `m.room.redaction` only: the redacted event. Servers serve it at the top
   * level and in `content` in every room version (rooms/v11.md).
   */
  redacts?: string;
}

/** ClientEvent: the format of events returned to clients and sent to application services. */
export interface ClientEvent extends ClientEventWithoutRoomId {
  room_id: string;
}

export interface ClientEventOptions {
  readonly roomVersion: RoomVersion;
  /** Data the serving server adds; omitted from the event when not given. */
  readonly unsigned?: UnsignedData;
}

/** A received event: its format-independent view, or its PDU and ID. */
export type ServedEvent = RoomEvent | { readonly pdu: Pdu; readonly eventId: string };

function asRoomEvent(event: ServedEvent, roomVersion: RoomVersion): RoomEvent {
  if (event === null || typeof event !== "object") throw new EventFormatError("expected a RoomEvent or { pdu, eventId }");
  if ("roomId" in event) return event;
  if (typeof event.eventId !== "string" || !isJsonObject(event.pdu)) {
    throw new EventFormatError("expected a RoomEvent or { pdu, eventId }");
  }
  return toRoomEvent(event.pdu, event.eventId, roomVersion);
}

/**
 * The client format of an event without its room ID. The federation-only
 * keys (`hashes`, `signatures`, `depth`, `prev_events`, `auth_events`,
 * `origin`, the PDU's own `unsigned`, ...) are left behind; `unsigned` is
 * what the caller passes. An `m.room.redaction` names the redacted event both
 * at the top level and in `content`, whichever its room version uses, as
 * rooms/v11.md asks servers to serve it for older and newer clients alike.
 *
 * `content` is a new object at its top level; values below it are shared
 * with the input.
 */
export function toClientEventWithoutRoomId(event: ServedEvent, options: ClientEventOptions): ClientEventWithoutRoomId {
  const roomEvent = asRoomEvent(event, options.roomVersion);
  const out: ClientEventWithoutRoomId = {
    event_id: roomEvent.eventId,
    type: roomEvent.type,
    content: { ...roomEvent.content },
    sender: roomEvent.sender,
    origin_server_ts: roomEvent.originServerTs,
  };
  if (roomEvent.stateKey !== undefined) out.state_key = roomEvent.stateKey;
  if (roomEvent.redacts !== undefined) {
    out.redacts = roomEvent.redacts;
    out.content.redacts = roomEvent.redacts;
  }
  if (options.unsigned !== undefined) out.unsigned = { ...options.unsigned };
  return out;
}

/** The client format of an event (ClientEvent), with its room ID; see `toClientEventWithoutRoomId`. */
export function toClientEvent(event: ServedEvent, options: ClientEventOptions): ClientEvent {
  const roomEvent = asRoomEvent(event, options.roomVersion);
  const { event_id, ...rest } = toClientEventWithoutRoomId(roomEvent, options);
  // Key order as the spec's examples list them: event_id, room_id first.
  return { event_id, room_id: roomEvent.roomId, ...rest };
}
