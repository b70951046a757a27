import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EVENT_EXAMPLES_DIR, loadEventExamples } from "../../test/spec/event-examples.js";
import { EventFormatError } from "../errors.js";
import type { Pdu } from "../events/pdu.js";
import { toRoomEvent } from "../events/pdu.js";
import type { JsonObject } from "../json/canonical-json.js";
import { getRoomVersion, type RoomVersion } from "../rooms/room-versions.js";
import { toClientEvent, toClientEventWithoutRoomId, type ClientEvent, type UnsignedData } from "./client-event.js";

// Client-server "Room event format": ClientEvent / ClientEventWithoutRoomID
// (data/api/client-server/definitions/client_event*.yaml), checked against
// the spec's event examples (data/event-schemas/examples/), which are in
// that format.

/** Federation-only keys a PDU has and a client event must not. */
const FEDERATION_KEYS = { depth: 12, hashes: { sha256: "hash" }, signatures: { "example.org": { "ed25519:1": "sig" } }, prev_events: [], auth_events: [], origin: "example.org" };

/**
 * The PDU a server would hold for a client-format example: its keys plus the
 * federation ones, `unsigned` of its own (a server's `age_ts`), and in rooms
 * 1–2 the event ID inside it.
 */
function pduOf(example: Record<string, unknown>, roomVersion: RoomVersion): { pdu: Pdu; eventId: string } {
  const { unsigned: _clientUnsigned, event_id, ...rest } = example;
  const pdu = { ...rest, ...FEDERATION_KEYS, unsigned: { age_ts: 1 } } as unknown as Pdu;
  if (roomVersion.eventIdFormat === "server-generated") pdu.event_id = event_id as string;
  return { pdu, eventId: event_id as string };
}

/** Room events among the examples: those with the ClientEvent's required keys. */
const roomEventExamples = [...new Set(readdirSync(EVENT_EXAMPLES_DIR).filter((f) => f.endsWith(".yaml")).map((f) => f.replace(/(\$.*)?\.yaml$/, "")))]
  .flatMap((type) => loadEventExamples(type))
  .filter(({ event }) => ["event_id", "room_id", "sender", "origin_server_ts"].every((key) => key in event) && event.type !== "m.room.redaction");

describe("toClientEvent against the spec's event examples (client-server 'Room event format')", () => {
  it("covers the room event examples", () => {
    expect(roomEventExamples.length).toBeGreaterThan(40);
  });

  it.each(roomEventExamples.map((e) => [e.file, e.event] as const))("%s", (_file, example) => {
    const v1 = getRoomVersion("1");
    const served = pduOf(example, v1);
    const unsigned = example.unsigned as UnsignedData | undefined;
    const clientEvent = toClientEvent(served, { roomVersion: v1, ...(unsigned === undefined ? {} : { unsigned }) });
    expect(clientEvent).toEqual(example);
    // ClientEventWithoutRoomID (/sync) is the same without room_id.
    const { room_id: _roomId, ...withoutRoomId } = example;
    expect(toClientEventWithoutRoomId(served, { roomVersion: v1, ...(unsigned === undefined ? {} : { unsigned }) })).toEqual(withoutRoomId);
  });

  it("takes a RoomEvent as well as a PDU and event ID", () => {
    const [{ event }] = loadEventExamples("m.room.name") as unknown as [{ event: Record<string, unknown> }];
    const v10 = getRoomVersion("10");
    const { pdu, eventId } = pduOf(event, v10);
    const fromPdu = toClientEvent({ pdu, eventId }, { roomVersion: v10 });
    expect(toClientEvent(toRoomEvent(pdu, eventId, v10), { roomVersion: v10 })).toEqual(fromPdu);
    // No unsigned given: none served (the PDU's own unsigned is the server's business).
    expect(fromPdu).not.toHaveProperty("unsigned");
    expect(Object.keys(fromPdu).sort()).toEqual(["content", "event_id", "origin_server_ts", "room_id", "sender", "state_key", "type"]);
  });

  it("serves a room 12 create event with the room ID derived from its event ID (rooms/v12.md)", () => {
    const v12 = getRoomVersion("12");
    const eventId = "$" + "A".repeat(43);
    const pdu = { type: "m.room.create", state_key: "", sender: "@alice:example.org", content: { room_version: "12" }, origin_server_ts: 1, ...FEDERATION_KEYS } as unknown as Pdu;
    expect(toClientEvent({ pdu, eventId }, { roomVersion: v12 }).room_id).toBe("!" + "A".repeat(43));
  });

  it("does not share its content object with the PDU", () => {
    const v10 = getRoomVersion("10");
    const pdu = { type: "m.room.message", room_id: "!r:example.org", sender: "@a:example.org", content: { body: "hi" }, origin_server_ts: 1, ...FEDERATION_KEYS } as unknown as Pdu;
    const clientEvent = toClientEvent({ pdu, eventId: "$e" }, { roomVersion: v10 });
    clientEvent.content.body = "changed";
    expect(pdu.content.body).toBe("hi");
  });

  it("throws EventFormatError for what is not an event", () => {
    const v10 = getRoomVersion("10");
    expect(() => toClientEvent(null as never, { roomVersion: v10 })).toThrow(EventFormatError);
    expect(() => toClientEvent({ pdu: { type: 1 } as never, eventId: "$e" }, { roomVersion: v10 })).toThrow(EventFormatError);
    expect(() => toClientEvent({ pdu: [] as never, eventId: "$e" }, { roomVersion: v10 })).toThrow(EventFormatError);
  });
});

describe("m.room.redaction in client format (rooms/v11.md: servers add `redacts` at the top level and in content)", () => {
  it("room 11+: the spec's m.room.redaction example (redacts in content) also gets a top-level redacts", () => {
    const [{ event }] = loadEventExamples("m.room.redaction") as unknown as [{ event: Record<string, unknown> }];
    const v11 = getRoomVersion("11");
    const clientEvent = toClientEvent(pduOf(event, v11), { roomVersion: v11, unsigned: event.unsigned as UnsignedData });
    const content = event.content as JsonObject;
    expect(clientEvent).toEqual({ ...event, redacts: content.redacts });
  });

  it("rooms 1–10: ClientEvent's redacted_because example (top-level redacts) also gets content.redacts", () => {
    // The example of unsigned.redacted_because in definitions/client_event.yaml (a YAML
    // definition, not a JSON example file), copied as written there.
    const example = {
      type: "m.room.redaction",
      sender: "@moderator:example.org",
      content: { reason: "spam" },
      redacts: "$26RqwJMLw-yds1GAH_QxjHRC1Da9oasK0e5VLnck_45",
      event_id: "$Nhl3rsgHMjk-DjMJANawr9HHAhLg4GcoTYrSiYYGqEE",
      origin_server_ts: 1632491098485,
      room_id: "!jEsUZKDJdhlrceRyVU:example.org",
      unsigned: { age: 1257 },
    } satisfies ClientEvent;
    const v10 = getRoomVersion("10");
    const clientEvent = toClientEvent(pduOf(example, v10), { roomVersion: v10, unsigned: example.unsigned });
    expect(clientEvent).toEqual({ ...example, content: { reason: "spam", redacts: example.redacts } });
  });
});
