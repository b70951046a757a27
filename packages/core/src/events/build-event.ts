import { CanonicalJsonError, EventFormatError } from "../errors.js";
import { isValidServerName } from "../identifiers/server-name.js";
import type { JsonObject } from "../json/canonical-json.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { validatePdu } from "../schemas/validate-pdu.js";
import type { SigningIdentity } from "../signing/sign-json.js";
import { computeEventId, generateServerEventId } from "./event-id.js";
import { depthAfter, formatEventReferences, isList, type EventReference, type PrevEventReference } from "./event-references.js";
import { isJsonObject } from "./json-object.js";
import { toRoomEvent, type Pdu, type RoomEvent } from "./pdu.js";
import { signEvent } from "./sign-event.js";

// Spec: server-server "PDUs" and the room versions' event formats; hashes and
// signatures as in "Adding hashes and signatures to outgoing events".

/** What a server decides about a new event; the builder fills in the rest. */
export interface EventDraft {
  readonly roomVersion: RoomVersion;
  /** Required, except for the create event of a room whose ID derives from it (room 12+), which must have none. */
  readonly roomId?: string;
  readonly type: string;
  /** Present for state events (often `""`). */
  readonly stateKey?: string;
  readonly sender: string;
  readonly content: JsonObject;
  /** The room's forward extremities this event follows (none for the create event). */
  readonly prevEvents: readonly (RoomEvent | PrevEventReference)[];
  /**
   * The events that authorise this one (see `selectAuthEvents`). In rooms
   * where the create event is never cited (room 12+) a create event given
   * here is left out.
   */
  readonly authEvents: readonly (RoomEvent | EventReference)[];
  /** Milliseconds since the epoch on the origin server: the caller's clock, so the builder stays pure. */
  readonly originServerTs: number;
  /** For `m.room.redaction`: the redacted event, written where the room version keeps it. */
  readonly redacts?: string;
  /** The top-level `origin` some servers still write (protected from redaction until room 11). */
  readonly origin?: string;
  /**
   * Rooms 1–2 only, whose events carry a server-chosen ID: the ID to use.
   * Default: a fresh `generateServerEventId(signer.entity)`.
   */
  readonly eventId?: string;
}

export interface BuiltEvent {
  /** The signed PDU, as it goes over federation; it has no `unsigned`. */
  readonly pdu: Pdu;
  readonly eventId: string;
  readonly roomEvent: RoomEvent;
}

function isCreateEvent(type: string, stateKey: string | undefined): boolean {
  return type === "m.room.create" && stateKey === "";
}

function roomIdField(draft: EventDraft): { room_id?: string } {
  const { roomVersion, roomId } = draft;
  if (roomVersion.roomIdFromCreateEvent && isCreateEvent(draft.type, draft.stateKey)) {
    if (roomId !== undefined) {
      throw new EventFormatError(`the create event of a room version ${roomVersion.id} room has no room_id: the room ID is derived from its event ID`);
    }
    return {};
  }
  if (typeof roomId !== "string") throw new EventFormatError("roomId is required");
  return { room_id: roomId };
}

/**
 * `content` with `redacts` where the room version keeps it: top-level until
 * room 11, in `content` from room 11 (rooms/v11.md, "Moving the `redacts`
 * property of `m.room.redaction` events to a `content` property").
 */
function placeRedacts(draft: EventDraft): { content: JsonObject; redacts?: string } {
  const { content, redacts, roomVersion } = draft;
  if (!isJsonObject(content)) throw new EventFormatError("content is not an object");
  if (redacts === undefined) return { content };
  if (draft.type !== "m.room.redaction") throw new EventFormatError(`only m.room.redaction events redact; this is ${draft.type}`);
  if (typeof redacts !== "string") throw new EventFormatError("redacts is not a string");
  if (roomVersion.redactsInContent) {
    if (content.redacts !== undefined && content.redacts !== redacts) {
      throw new EventFormatError(`redacts ${redacts} disagrees with content.redacts ${JSON.stringify(content.redacts)}`);
    }
    return { content: { ...content, redacts } };
  }
  return { content, redacts };
}

/**
 * Room 12+: the room ID stands for the create event, which is never cited
 * (rooms/v12.md, "Authorization rules": "MUST NOT be selected"), so a create
 * event among the auth events is dropped rather than making the event invalid.
 */
function citedAuthEvents(draft: EventDraft): readonly (RoomEvent | EventReference)[] {
  if (!isList(draft.authEvents)) throw new EventFormatError("auth_events is not an array");
  if (!draft.roomVersion.createEventNotInAuthEvents) return draft.authEvents;
  // Entries that are not objects are left for formatEventReferences to report.
  return draft.authEvents.filter((event) => !(event !== null && typeof event === "object" && "pdu" in event && isCreateEvent(event.type, event.stateKey)));
}

function originField(origin: string | undefined): { origin?: string } {
  if (origin === undefined) return {};
  if (!isValidServerName(origin)) throw new EventFormatError(`origin ${JSON.stringify(String(origin).slice(0, 300))} is not a server name`);
  return { origin };
}

function serverChosenId(draft: EventDraft, signer: SigningIdentity): { event_id?: string } {
  if (draft.roomVersion.eventIdFormat !== "server-generated") {
    if (draft.eventId !== undefined) {
      throw new EventFormatError(`room version ${draft.roomVersion.id} event IDs are reference hashes; an eventId cannot be chosen`);
    }
    return {};
  }
  return { event_id: draft.eventId ?? generateServerEventId(signer.entity) };
}

/**
 * Builds, hashes and signs a new event of `draft.roomVersion`:
 * - `depth` is one more than the deepest prev event, capped at the format's
 *   integer limit;
 * - `prev_events`/`auth_events` in the version's format (`[id, {sha256}]`
 *   pairs with the cited events' reference hashes in rooms 1–2, IDs after);
 * - `event_id` in rooms 1–2; in room 12+ the create event has no `room_id`
 *   and its room ID is derived from its event ID;
 * - `redacts` where the version keeps it;
 * - the content hash and `signer`'s signature (`signEvent`), then the event
 *   ID (`computeEventId`).
 *
 * The result passes `validatePdu` or nothing is returned: a draft that makes
 * a bad PDU throws `EventSizeError` (over a size limit, e.g. content making
 * the event larger than 65536 bytes) or `EventFormatError` (anything else,
 * including numbers the room's canonical JSON cannot carry). Whether the
 * event is *allowed* is the authorization rules' question (`authorize`).
 */
export async function buildEvent(draft: EventDraft, signer: SigningIdentity): Promise<BuiltEvent> {
  if (!isJsonObject(draft) || !isJsonObject(draft.roomVersion)) throw new EventFormatError("expected an event draft with its room version");
  const { roomVersion } = draft;
  if (!isList(draft.prevEvents)) throw new EventFormatError("prev_events is not an array");
  const { content, redacts } = placeRedacts(draft);
  const unsignedPdu: Record<string, unknown> = {
    ...roomIdField(draft),
    type: draft.type,
    ...(draft.stateKey === undefined ? {} : { state_key: draft.stateKey }),
    sender: draft.sender,
    content,
    ...originField(draft.origin),
    origin_server_ts: draft.originServerTs,
    depth: depthAfter(draft.prevEvents, roomVersion),
    prev_events: formatEventReferences(draft.prevEvents, roomVersion, "prev_events"),
    auth_events: formatEventReferences(citedAuthEvents(draft), roomVersion, "auth_events"),
    ...(redacts === undefined ? {} : { redacts }),
    ...serverChosenId(draft, signer),
  };

  let signed: Record<string, unknown>;
  try {
    signed = await signEvent(unsignedPdu, signer, roomVersion);
  } catch (err) {
    // Same report as validatePdu gives a received event with such a number.
    if (err instanceof CanonicalJsonError) {
      throw new EventFormatError(`invalid event for room version ${roomVersion.id}: ${err.path || "(root)"}: not encodable as canonical JSON: ${err.message}`, { cause: err });
    }
    throw err;
  }
  const pdu = validatePdu(signed, roomVersion);
  const eventId = computeEventId(pdu, roomVersion);
  return { pdu, eventId, roomEvent: toRoomEvent(pdu, eventId, roomVersion) };
}
