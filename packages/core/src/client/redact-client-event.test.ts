import { describe, expect, it } from "vitest";
import { EventFormatError } from "../errors.js";
import type { Pdu } from "../events/pdu.js";
import { redactEvent } from "../events/redaction.js";
import type { JsonObject } from "../json/canonical-json.js";
import { getRoomVersion, KNOWN_ROOM_VERSION_IDS } from "../rooms/room-versions.js";
import { toClientEvent, type ClientEvent } from "./client-event.js";
import { redactClientEvent } from "./redact-client-event.js";

// Client-server "Redactions": a client that receives an m.room.redaction
// "SHOULD change the affected event in the same way a server does", and
// servers serve the redaction as `unsigned.redacted_because`.

const ROOM = "!room:example.org";
const FEDERATION = { depth: 3, hashes: { sha256: "h" }, signatures: {}, prev_events: [], auth_events: [], origin: "example.org" };

function pdu(fields: { type: string; content: JsonObject; state_key?: string; event_id: string }): Pdu {
  return { room_id: ROOM, sender: "@alice:example.org", origin_server_ts: 10, ...FEDERATION, ...fields };
}

const redactionOf = (target: string): ClientEvent => ({
  event_id: "$redaction",
  room_id: ROOM,
  type: "m.room.redaction",
  sender: "@mod:example.org",
  origin_server_ts: 20,
  content: { reason: "spam", redacts: target },
  redacts: target,
});

const SAMPLES = [
  pdu({ event_id: "$message", type: "m.room.message", content: { msgtype: "m.text", body: "rude" } }),
  pdu({ event_id: "$member", type: "m.room.member", state_key: "@alice:example.org", content: { membership: "join", displayname: "A", join_authorised_via_users_server: "@b:example.org" } }),
  pdu({ event_id: "$create", type: "m.room.create", state_key: "", content: { creator: "@alice:example.org", room_version: "1", "m.federate": false } }),
  pdu({ event_id: "$rules", type: "m.room.join_rules", state_key: "", content: { join_rule: "restricted", allow: [{ type: "m.room_membership", room_id: "!o:example.org" }] } }),
  pdu({ event_id: "$pl", type: "m.room.power_levels", state_key: "", content: { invite: 10, kick: 20, users: {}, notifications: { room: 5 } } }),
  pdu({ event_id: "$redact", type: "m.room.redaction", content: { redacts: "$x", reason: "r" } }),
];

describe.each(KNOWN_ROOM_VERSION_IDS)("redactClientEvent in room version %s", (id) => {
  const version = getRoomVersion(id);

  it.each(SAMPLES.map((p) => [p.type, p] as const))("%s: content as the server's redaction algorithm leaves it", (_type, sample) => {
    const clientEvent = toClientEvent({ pdu: sample, eventId: sample.event_id! }, { roomVersion: version, unsigned: { age: 5, transaction_id: "t1" } });
    const redacted = redactClientEvent(clientEvent, redactionOf(sample.event_id!), version);
    const serverSide = toClientEvent({ pdu: redactEvent(sample, version), eventId: sample.event_id! }, { roomVersion: version });
    expect(redacted.content).toEqual(serverSide.content);
    expect(redacted.event_id).toBe(sample.event_id);
    expect(redacted.room_id).toBe(clientEvent.room_id);
    expect(redacted.unsigned).toEqual({ age: 5, transaction_id: "t1", redacted_because: redactionOf(sample.event_id!) });
    // The input is left as it was.
    expect(clientEvent.unsigned).toEqual({ age: 5, transaction_id: "t1" });
  });

  it("a redacted message has empty content", () => {
    const sample = SAMPLES[0]!;
    const redacted = redactClientEvent(toClientEvent({ pdu: sample, eventId: "$message" }, { roomVersion: version }), redactionOf("$message"), version);
    expect(redacted).toEqual({
      event_id: "$message",
      room_id: ROOM,
      type: "m.room.message",
      sender: "@alice:example.org",
      origin_server_ts: 10,
      content: {},
      unsigned: { redacted_because: redactionOf("$message") },
    });
  });

  it("a redacted redaction names its target only where the version protects it (rooms/v11.md: content.redacts)", () => {
    const sample = SAMPLES[5]!;
    const served = toClientEvent({ pdu: sample, eventId: "$redact" }, { roomVersion: version });
    const redacted = redactClientEvent(served, redactionOf("$redact"), version);
    if (version.redactsInContent) {
      expect(redacted.content).toEqual({ redacts: "$x" });
      expect(redacted.redacts).toBe("$x");
    } else {
      expect(redacted.content).toEqual({});
      expect(redacted).not.toHaveProperty("redacts");
    }
  });
});

describe("redactClientEvent: bundled edits and misuse", () => {
  const v11 = getRoomVersion("11");
  const message: ClientEvent = { event_id: "$m", room_id: ROOM, type: "m.room.message", sender: "@a:example.org", origin_server_ts: 1, content: { body: "x" } };

  it("drops a bundled m.replace ('Event replacements': not bundled with a redacted original) and keeps other relations", () => {
    const edited = { ...message, unsigned: { "m.relations": { "m.replace": { event_id: "$edit" }, "m.thread": { count: 1 } } } };
    expect(redactClientEvent(edited, redactionOf("$m"), v11).unsigned).toEqual({ "m.relations": { "m.thread": { count: 1 } }, redacted_because: redactionOf("$m") });
    const onlyEdit = { ...message, unsigned: { "m.relations": { "m.replace": { event_id: "$edit" } } } };
    expect(redactClientEvent(onlyEdit, redactionOf("$m"), v11).unsigned).toEqual({ redacted_because: redactionOf("$m") });
  });

  it("accepts a redaction naming its target only at the top level (rooms 1–10 format)", () => {
    const { content: _c, ...rest } = redactionOf("$m");
    expect(redactClientEvent(message, { ...rest, content: {} }, getRoomVersion("5")).content).toEqual({});
  });

  it("throws EventFormatError for a redaction of another event or an event that is not a redaction", () => {
    expect(() => redactClientEvent(message, redactionOf("$other"), v11)).toThrow(EventFormatError);
    expect(() => redactClientEvent(message, { ...redactionOf("$m"), type: "m.room.message" }, v11)).toThrow(EventFormatError);
    expect(() => redactClientEvent({ ...message, content: null as never }, redactionOf("$m"), v11)).toThrow(EventFormatError);
  });
});
