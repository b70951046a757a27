import { describe, expect, it } from "vitest";
import { sha256 } from "../crypto/sha256.js";
import { CanonicalJsonError, EventFormatError, InvalidIdentifierError } from "../errors.js";
import { encodeBase64, encodeBase64Url } from "../json/base64.js";
import { canonicalJson } from "../json/canonical-json.js";
import { getRoomVersion } from "../rooms/room-versions.js";
import { computeEventId, computeRoomIdFromCreateEvent, generateServerEventId, toRoomEventFromPdu } from "./event-id.js";
import type { Pdu } from "./pdu.js";
import { computeReferenceHash, referenceHashPreimage } from "./reference-hash.js";

const message: Pdu = {
  type: "m.room.message",
  room_id: "!r:example.org",
  sender: "@u:example.org",
  origin: "example.org",
  origin_server_ts: 1_700_000_000_000,
  content: { body: "hello", msgtype: "m.text" },
  depth: 12,
  prev_events: ["$prev"],
  auth_events: ["$create", "$power", "$member"],
  hashes: { sha256: "SGFzaA" },
  signatures: { "example.org": { "ed25519:1": "c2ln" } },
  unsigned: { age_ts: 1_700_000_000_000 },
};

describe("reference hash (Server-Server API 'Calculating the reference hash for an event')", () => {
  it("is the SHA-256 of the redacted event without signatures and unsigned", () => {
    const v10 = getRoomVersion("10");
    const preimage = referenceHashPreimage(message, v10);
    expect(preimage).toBe(
      canonicalJson({
        type: "m.room.message",
        room_id: "!r:example.org",
        sender: "@u:example.org",
        origin: "example.org",
        origin_server_ts: 1_700_000_000_000,
        content: {},
        depth: 12,
        prev_events: ["$prev"],
        auth_events: ["$create", "$power", "$member"],
        hashes: { sha256: "SGFzaA" },
      }),
    );
    expect(computeReferenceHash(message, v10)).toEqual(sha256(new TextEncoder().encode(preimage)));
  });

  it("does not change with signatures, unsigned or redactable content, but does with hashes", () => {
    const v10 = getRoomVersion("10");
    const base = encodeBase64(computeReferenceHash(message, v10));
    const same = { ...message, signatures: {}, unsigned: { age: 5 }, content: { body: "other" } };
    expect(encodeBase64(computeReferenceHash(same, v10))).toBe(base);
    expect(encodeBase64(computeReferenceHash({ ...message, hashes: { sha256: "b3RoZXI" } }, v10))).not.toBe(base);
  });

  it("uses the room version's redaction: origin is hashed in v10, not in v11", () => {
    const other = { ...message, origin: "elsewhere" };
    expect(computeReferenceHash(other, getRoomVersion("10"))).not.toEqual(computeReferenceHash(message, getRoomVersion("10")));
    expect(computeReferenceHash(other, getRoomVersion("11"))).toEqual(computeReferenceHash(message, getRoomVersion("11")));
  });

  it("is strict canonical JSON from room 6", () => {
    const floatDepth = { ...message, depth: 1.5 };
    expect(() => computeReferenceHash(floatDepth, getRoomVersion("6"))).toThrow(CanonicalJsonError);
    expect(computeReferenceHash(floatDepth, getRoomVersion("5"))).toHaveLength(32);
  });
});

describe("computeEventId", () => {
  it("room 3: $ + unpadded standard base64 of the reference hash (rooms/v3.md 'Event IDs')", () => {
    const v3 = getRoomVersion("3");
    expect(computeEventId(message, v3)).toBe("$" + encodeBase64(computeReferenceHash(message, v3)));
  });

  it("room 4+: $ + URL-safe unpadded base64 (fragment v4-event-ids)", () => {
    for (const id of ["4", "5", "6", "7", "8", "9", "10", "11", "12"]) {
      const version = getRoomVersion(id);
      const eventId = computeEventId(message, version);
      expect(eventId).toBe("$" + encodeBase64Url(computeReferenceHash(message, version)));
      expect(eventId).toMatch(/^\$[A-Za-z0-9_-]{43}$/);
    }
  });

  it("room 3 and room 4 IDs differ only in the alphabet", () => {
    // Same redaction algorithm in both, so the same hash.
    let pdu = message;
    // Find an event whose hash has a '+' or '/' so the alphabets show.
    for (let depth = 0; !/[+/]/.test(computeEventId(pdu, getRoomVersion("3"))); depth++) pdu = { ...message, depth };
    const v3 = computeEventId(pdu, getRoomVersion("3"));
    const v4 = computeEventId(pdu, getRoomVersion("4"));
    expect(v4).not.toBe(v3);
    expect(v4).toBe(v3.replaceAll("+", "-").replaceAll("/", "_"));
  });

  it("rooms 1–2: the event's own event_id (fragment v1-event-ids), checked", () => {
    const v1 = getRoomVersion("1");
    expect(computeEventId({ ...message, event_id: "$abc:example.org" }, v1)).toBe("$abc:example.org");
    expect(computeEventId({ ...message, event_id: "$abc:[::1]:8448" }, getRoomVersion("2"))).toBe("$abc:[::1]:8448");
    const bad: unknown[] = [undefined, 5, "", "abc:example.org", "$abc", "$:example.org", "$abc:", "$abc:bad host", "$" + "a".repeat(250) + ":example.org"];
    for (const eventId of bad) {
      expect(() => computeEventId({ ...message, event_id: eventId }, v1), String(eventId)).toThrow(EventFormatError);
    }
    expect(() => computeEventId(null as unknown as Pdu, v1)).toThrow(EventFormatError);
  });

  it("rejects events it cannot hash with typed errors", () => {
    for (const pdu of [null, [], "x", { content: {} }, { type: "m.room.message", content: 5 }]) {
      expect(() => computeEventId(pdu as unknown as Pdu, getRoomVersion("10"))).toThrow(EventFormatError);
    }
  });
});

describe("computeRoomIdFromCreateEvent (appendix 'Room IDs', rooms/v12.md)", () => {
  const create: Pdu = {
    type: "m.room.create",
    state_key: "",
    sender: "@creator:example.org",
    content: { room_version: "12" },
    origin_server_ts: 1,
    depth: 1,
    prev_events: [],
    auth_events: [],
    hashes: { sha256: "SGFzaA" },
    signatures: {},
  };

  it("is the create event's ID with ! instead of $", () => {
    const v12 = getRoomVersion("12");
    const roomId = computeRoomIdFromCreateEvent(create, v12);
    expect(roomId).toMatch(/^![A-Za-z0-9_-]{43}$/);
    expect(roomId.slice(1)).toBe(computeEventId(create, v12).slice(1));
    expect(toRoomEventFromPdu(create, v12).roomId).toBe(roomId);
  });

  it("only applies to room versions that derive room IDs, and to create events", () => {
    expect(() => computeRoomIdFromCreateEvent(create, getRoomVersion("11"))).toThrow(EventFormatError);
    expect(() => computeRoomIdFromCreateEvent({ ...create, type: "m.room.topic" }, getRoomVersion("12"))).toThrow(EventFormatError);
    expect(() => computeRoomIdFromCreateEvent({ ...create, state_key: "x" }, getRoomVersion("12"))).toThrow(EventFormatError);
    expect(() => computeRoomIdFromCreateEvent(null as unknown as Pdu, getRoomVersion("12"))).toThrow(EventFormatError);
  });
});

describe("generateServerEventId (fragment v1-event-ids: $opaque_id:domain)", () => {
  it("makes distinct IDs of the v1 form for the server", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = generateServerEventId("example.org:8448");
      expect(id).toMatch(/^\$[A-Za-z0-9]{24}:example\.org:8448$/);
      ids.add(id);
    }
    expect(ids.size).toBe(200);
    expect(computeEventId({ ...message, event_id: generateServerEventId("[::1]") }, getRoomVersion("1"))).toMatch(/:\[::1\]$/);
  });

  it("rejects a bad server name with InvalidIdentifierError", () => {
    for (const name of ["", "bad host", "a/b", "x".repeat(240) + ".org", 5 as unknown as string]) {
      expect(() => generateServerEventId(name), String(name)).toThrow(InvalidIdentifierError);
    }
  });
});

describe("toRoomEventFromPdu", () => {
  it("computes the event ID as the room version says", () => {
    expect(toRoomEventFromPdu(message, getRoomVersion("10")).eventId).toBe(computeEventId(message, getRoomVersion("10")));
    const v1Event = { ...message, event_id: "$x:example.org", prev_events: [["$p:example.org", { sha256: "aA" }]] } as Pdu;
    expect(toRoomEventFromPdu(v1Event, getRoomVersion("1"))).toMatchObject({ eventId: "$x:example.org", prevEventIds: ["$p:example.org"] });
  });
});
