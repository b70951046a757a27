import { z } from "zod";
import type { SizeLimitedEventKey } from "../errors.js";
import type { Pdu } from "../events/pdu.js";
import { MAX_IDENTIFIER_BYTES, utf8ByteLength } from "../identifiers/text.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { eventIdSchema, roomIdSchema, userIdSchema } from "./identifier-schemas.js";

// The PDU formats of the server-server definitions pdu_v1 (rooms 1–2),
// pdu_v3/pdu_v4/pdu_v6/pdu_v11 (rooms 3–11) and pdu_v12, with the
// components they share (pdu_base, event_hash, room_id_*, depth_v6,
// auth_events_prev_events_v4), and the client-server "Size limits". Unknown
// keys stay: they are covered by the hashes and signatures.

/** "Must contain less than or equal to 10 events." */
export const PDU_MAX_AUTH_EVENTS = 10;
/** "Must contain less than or equal to 20 events." */
export const PDU_MAX_PREV_EVENTS = 20;
/**
 * Client-server "Size limits": `type` and `state_key` MUST NOT exceed 255
 * bytes. (`sender`, `room_id` and `event_id` have the limit of their
 * identifier, `MAX_IDENTIFIER_BYTES`.)
 */
export const PDU_MAX_KEY_BYTES = 255;
/** Client-server "Size limits": the complete event, as canonical JSON, at most 65536 bytes. */
export const PDU_MAX_BYTES = 65536;

/**
 * components/event_hash.yaml: `sha256` is required; other algorithms may sit
 * beside it, and every hash is a string.
 */
export const eventHashSchema = z.object({ sha256: z.string() }).catchall(z.string());

/** `signatures`: server name → signing key ID → signature. */
export const signaturesSchema = z.record(z.string(), z.record(z.string(), z.string()));

/** The `params` key that marks a zod issue as a "Size limits" failure; its value is the key. */
const SIZE_LIMITED_KEY = "sizeLimitedKey";

/**
 * A "Size limits" key: a string of at most `maxBytes` UTF-8 bytes, then
 * (for identifiers) its grammar. The byte count comes first so that an
 * over-long ID is reported as too large, not as malformed.
 */
function sizeLimited(key: SizeLimitedEventKey, maxBytes: number, grammar: z.ZodString = z.string()) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const bytes = utf8ByteLength(value);
      if (bytes > maxBytes) {
        ctx.addIssue({ code: "custom", message: `${key} is ${bytes} bytes long; it must not exceed ${maxBytes} bytes`, input: value, params: { [SIZE_LIMITED_KEY]: key } });
      }
    })
    .pipe(grammar);
}

/** The key of a size-limit issue raised by `sizeLimited`, or undefined for any other issue. */
export function sizeLimitedKeyOf(issue: z.core.$ZodIssue): SizeLimitedEventKey | undefined {
  return issue.code === "custom" ? (issue.params?.[SIZE_LIMITED_KEY] as SizeLimitedEventKey | undefined) : undefined;
}

/**
 * Integers of the event. Rooms 6+ use strict canonical JSON, which limits
 * integers to ±(2^53−1) (depth_v6). Earlier rooms allow depth up to 2^63−1;
 * a JSON number that large is only approximate in JavaScript, so any
 * integral number up to that bound is accepted.
 */
function integerSchema(roomVersion: RoomVersion): z.ZodNumber {
  if (roomVersion.strictCanonicalJson) return z.int();
  return z.number().superRefine((value, ctx) => {
    if (!Number.isInteger(value)) ctx.addIssue({ code: "custom", message: `${value} is not an integer`, input: value });
    else if (Math.abs(value) > 2 ** 63) ctx.addIssue({ code: "custom", message: `${value} is outside the 64-bit integer range`, input: value });
  });
}

function buildPduSchema(roomVersion: RoomVersion) {
  const integer = integerSchema(roomVersion);
  const eventId = eventIdSchema(roomVersion);
  const serverGeneratedIds = roomVersion.eventIdFormat === "server-generated";
  // Rooms 1–2 reference events as [event_id, {sha256}] pairs, later rooms by ID alone.
  const reference = roomVersion.eventFormat === "v1" ? z.tuple([eventId, eventHashSchema]) : eventId;
  const roomId = sizeLimited("room_id", MAX_IDENTIFIER_BYTES, roomIdSchema(roomVersion));

  const shape = {
    type: sizeLimited("type", PDU_MAX_KEY_BYTES),
    sender: sizeLimited("sender", MAX_IDENTIFIER_BYTES, userIdSchema),
    origin_server_ts: integer,
    content: z.record(z.string(), z.unknown()),
    state_key: sizeLimited("state_key", PDU_MAX_KEY_BYTES).optional(),
    // "The maximum depth of the prev_events, plus one": never negative.
    depth: integer.min(0),
    hashes: eventHashSchema,
    signatures: signaturesSchema,
    unsigned: z.looseObject({ age: integer.optional() }).optional(),
    prev_events: z.array(reference).max(PDU_MAX_PREV_EVENTS),
    auth_events: z.array(reference).max(PDU_MAX_AUTH_EVENTS),
    // room_v12: "Omitted from m.room.create events"; checked below.
    room_id: roomVersion.roomIdFromCreateEvent ? roomId.optional() : roomId,
    // Top-level `redacts` until room 11 moved it into the content.
    ...(roomVersion.redactsInContent ? {} : { redacts: z.string().optional() }),
    // Rooms 1–2 carry their server-chosen ID; later IDs are the reference hash (checked below).
    ...(serverGeneratedIds ? { event_id: sizeLimited("event_id", MAX_IDENTIFIER_BYTES, eventId) } : {}),
  };

  return z.looseObject(shape).superRefine((pdu, ctx) => {
    const issue = (path: string, message: string, input: unknown) => ctx.addIssue({ code: "custom", message, path: path.split("."), input });

    if (!serverGeneratedIds && pdu.event_id !== undefined) {
      // The ID is the reference hash, over the redacted event, which keeps
      // `event_id`: a key in the event could only disagree with its own ID.
      issue("event_id", `must be absent in room version ${roomVersion.id}: the event ID is the event's reference hash`, pdu.event_id);
    }

    if (roomVersion.roomIdFromCreateEvent) {
      // Auth rule 1 rejects every m.room.create with a room ID: the room ID
      // is derived from the create event's ID. Every other event names its
      // room, and so does a create event whose state_key is not the "" the
      // m.room.create schema requires: it cannot be the room's create event.
      const isCreate = pdu.type === "m.room.create";
      if (isCreate && pdu.room_id !== undefined) {
        issue("room_id", `must be absent from m.room.create in room version ${roomVersion.id}: the room ID is derived from the event ID`, pdu.room_id);
      } else if (pdu.room_id === undefined && !(isCreate && pdu.state_key === "")) {
        issue("room_id", isCreate ? 'is required but missing (an m.room.create without one must have state_key "")' : "is required but missing", undefined);
      }
    }

    // A redaction names the event it redacts: at the top level until room
    // 11, in the content from room 11 (rooms/v11.md "Moving the redacts
    // property of m.room.redaction events to a content property").
    if (pdu.type === "m.room.redaction") {
      if (roomVersion.redactsInContent) {
        if (typeof pdu.content.redacts !== "string") issue("content.redacts", `must be the redacted event's ID (a string) on m.room.redaction in room version ${roomVersion.id}`, pdu.content.redacts);
      } else if (pdu.redacts === undefined) {
        issue("redacts", `is required on m.room.redaction in room version ${roomVersion.id} but missing`, undefined);
      }
    }
  });
}

const cache = new WeakMap<RoomVersion, z.ZodType<Pdu>>();

/**
 * The zod schema of a PDU in rooms of `roomVersion`: the event format of the
 * version (`eventFormat`), event IDs in its `eventIdFormat`, room IDs in its
 * form, integers as its canonical JSON allows, and the per-key size limits.
 * The 65536-byte limit on the whole event is checked by `validatePdu`.
 */
export function pduSchemaFor(roomVersion: RoomVersion): z.ZodType<Pdu> {
  let schema = cache.get(roomVersion);
  if (!schema) {
    // The inferred type has `content: Record<string, unknown>`; the schema
    // accepts only what JSON can carry there, which is what `Pdu` says.
    schema = buildPduSchema(roomVersion) as unknown as z.ZodType<Pdu>;
    cache.set(roomVersion, schema);
  }
  return schema;
}
