import { describe, expect, it } from "vitest";
import { loadSpecExample } from "../../test/spec/event-examples.js";
import { minimalEventSigned, redactableEvent } from "../../test/spec/signing-vectors.js";
import { CanonicalJsonError, EventFormatError, EventSizeError } from "../errors.js";
import { canonicalJson } from "../json/canonical-json.js";
import { getRoomVersion, KNOWN_ROOM_VERSION_IDS, type RoomVersion } from "../rooms/room-versions.js";
import { PDU_MAX_BYTES, pduSchemaFor } from "./pdu.js";
import { validatePdu } from "./validate-pdu.js";

const v = getRoomVersion;
// Spec examples: rooms/v3.md "Event IDs" (letters and digits only, so valid in
// both alphabets), fragment v4-event-ids (URL-safe only), room_id_v12.yaml.
const HASH_ID = "$CD66HAED5npg6074c6pDtLKalHjVfYb2q4Q3LZgrW6o";
const URL_SAFE_ID = "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg";
const STANDARD_ID = "$AGt+PzMHZ/pWm9pTQmkwUpnlyj9OOIS3EspYN3K7zl8";
const V12_ROOM_ID = "!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ";

type Obj = Record<string, unknown>;

/** A well-formed message PDU for `version`, with `overrides` applied (undefined deletes a key). */
function pdu(version: RoomVersion, overrides: Obj = {}): Obj {
  const v1 = version.eventFormat === "v1";
  const ref = (id: string) => (v1 ? [id, { sha256: "5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos" }] : id);
  const base: Obj = {
    type: "m.room.message",
    room_id: version.roomIdFromCreateEvent ? V12_ROOM_ID : "!room:example.org",
    sender: "@alice:example.org",
    origin: "example.org",
    origin_server_ts: 1600000000000,
    content: { msgtype: "m.text", body: "hello" },
    depth: 5,
    prev_events: [ref(v1 ? "$prev:example.org" : HASH_ID)],
    auth_events: [ref(v1 ? "$create:example.org" : HASH_ID)],
    hashes: { sha256: "5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos" },
    signatures: { "example.org": { "ed25519:1": "sig" } },
    unsigned: { age_ts: 1600000000000 },
    ...(v1 ? { event_id: "$event:example.org" } : {}),
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return base;
}

function thrownBy(input: unknown, version: RoomVersion): unknown {
  try {
    validatePdu(input, version);
  } catch (err) {
    return err;
  }
  throw new Error("the PDU was accepted");
}

/** The message of the EventFormatError (code INVALID_EVENT) validatePdu throws. */
function rejection(input: unknown, version: RoomVersion): string {
  const err = thrownBy(input, version);
  expect(err).toBeInstanceOf(EventFormatError);
  expect((err as EventFormatError).code).toBe("INVALID_EVENT");
  return (err as Error).message;
}

/** The EventSizeError (code JSON_TOO_LARGE, M_TOO_LARGE over the APIs) validatePdu throws. */
function sizeRejection(input: unknown, version: RoomVersion): EventSizeError {
  const err = thrownBy(input, version);
  expect(err).toBeInstanceOf(EventSizeError);
  expect((err as EventSizeError).code).toBe("JSON_TOO_LARGE");
  return err as EventSizeError;
}

describe("validatePdu: the spec's own examples", () => {
  it('accepts the signed minimal event of appendix "Cryptographic Test Vectors" > "Event Signing" in rooms 3–11 only', () => {
    const signed = minimalEventSigned;
    for (const id of KNOWN_ROOM_VERSION_IDS) {
      const version = v(id);
      if (version.eventFormat === "v3") expect(validatePdu(signed, version)).toBe(signed);
    }
    // Rooms 1–2 carry the event ID inside the event (pdu_v1 definition).
    expect(rejection(signed, v("1"))).toMatch(/event_id: is required but missing/);
    // Room 12 room IDs have no domain (room_id_v12).
    expect(rejection(signed, v("12"))).toMatch(/room_id: not a valid room ID: has a ":" domain part/);
  });

  it("rejects the unsigned redactable event of the same section: it has no depth, prev_events, auth_events or hashes", () => {
    const message = rejection(redactableEvent, v("1"));
    for (const key of ["depth", "prev_events", "auth_events", "hashes"]) expect(message).toContain(`${key}: is required but missing`);
  });

  it("accepts the pdu_v1 example (server-server examples/pdu_v1.json) in rooms 1–2", () => {
    const example = loadSpecExample("api/server-server/examples/pdu_v1.json");
    expect(validatePdu(example, v("1"))).toBe(example);
    expect(validatePdu(example, v("2"))).toBe(example);
    expect(rejection(example, v("3"))).toMatch(/auth_events\[0\]: Invalid input: expected string, received array/);
  });

  it("names the placeholder event IDs of the v3, v4 and v12 examples, which are not reference hashes", () => {
    const v3 = rejection(loadSpecExample("api/server-server/examples/pdu_v3.json"), v("3"));
    expect(v3).toMatch(/auth_events\[0\]: not a valid event ID: .*hash part is 20 characters long/);
    expect(v3).toMatch(/prev_events\[1\]: not a valid event ID/);
    const v4 = rejection(loadSpecExample("api/server-server/examples/pdu_v4.json"), v("4"));
    expect(v4).toMatch(/auth_events\[0\]: not a valid event ID/);
    const v12 = rejection(loadSpecExample("api/server-server/examples/pdu_v12.json"), v("12"));
    expect(v12).toMatch(/prev_events\[0\]: not a valid event ID/);
    expect(v12).not.toMatch(/room_id/);
  });
});

describe("validatePdu: required keys and types (pdu_base, pdu_v1/v3/v4/v6/v11/v12 definitions)", () => {
  it("accepts a well-formed PDU in every room version, returning the same object with unknown keys kept", () => {
    for (const id of KNOWN_ROOM_VERSION_IDS) {
      const input = pdu(v(id), { "org.example.unknown": [1, { a: null }] });
      expect(validatePdu(input, v(id))).toBe(input);
      expect(pduSchemaFor(v(id)).parse(input)["org.example.unknown"]).toEqual([1, { a: null }]);
    }
  });

  it("accepts the optional keys absent or empty, and the extra keys servers send (origin, prev_state)", () => {
    for (const id of KNOWN_ROOM_VERSION_IDS) {
      const version = v(id);
      expect(() => validatePdu(pdu(version, { unsigned: undefined }), version), `room ${id}`).not.toThrow();
      expect(() => validatePdu(pdu(version, { state_key: "" }), version), `room ${id}`).not.toThrow();
      expect(() => validatePdu(pdu(version, { origin: "example.org", prev_state: [] }), version), `room ${id}`).not.toThrow();
    }
  });

  it("returns the input typed as a Pdu for callers", () => {
    const received: unknown = structuredClone(pdu(v("10")));
    const checked = validatePdu(received, v("10"));
    expect(checked.sender).toBe("@alice:example.org");
    expect(checked).toBe(received);
  });

  it("names each missing required key", () => {
    const required = ["type", "sender", "origin_server_ts", "content", "depth", "hashes", "signatures", "prev_events", "auth_events", "room_id"];
    for (const id of KNOWN_ROOM_VERSION_IDS) {
      const keys = v(id).eventFormat === "v1" ? [...required, "event_id"] : required;
      for (const key of keys) {
        expect(rejection(pdu(v(id), { [key]: undefined }), v(id)), `room ${id}, ${key}`).toContain(`${key}: is required but missing`);
      }
      expect(rejection(pdu(v(id), { hashes: {} }), v(id))).toContain("hashes.sha256: is required but missing");
    }
  });

  it.each([
    ["content", [], /content: Invalid input: expected record, received array/],
    ["content", "text", /content: Invalid input: expected record/],
    ["depth", "5", /depth: Invalid input: expected/],
    ["depth", 5.5, /depth: .*(int|integer)/],
    ["origin_server_ts", 1.5, /origin_server_ts: .*(int|integer)/],
    ["state_key", 0, /state_key: Invalid input: expected string, received number/],
    ["type", null, /type: Invalid input: expected string, received null/],
    ["sender", "alice", /sender: not a valid user ID: does not start with the sigil "@"/],
    ["sender", "@alice:bad_server", /sender: not a valid user ID: server name part is invalid/],
    ["hashes", { sha256: 5 }, /hashes.sha256: Invalid input: expected string/],
    ["signatures", { "example.org": { "ed25519:1": 5 } }, /signatures.example.org.ed25519:1: Invalid input: expected string/],
    ["signatures", [], /signatures: Invalid input: expected record/],
    ["unsigned", { age: "1" }, /unsigned.age: Invalid input/],
    ["unsigned", 5, /unsigned: Invalid input: expected object/],
    ["prev_events", {}, /prev_events: Invalid input: expected array/],
    ["room_id", "!room", /room_id: not a valid room ID/],
  ])("rejects %s = %j in every room version", (key, value, reason) => {
    for (const id of KNOWN_ROOM_VERSION_IDS) {
      expect(rejection(pdu(v(id), { [key]: value }), v(id)), `room ${id}`).toMatch(reason);
    }
  });

  it("rejects wrongly typed or malformed keys of every kind", () => {
    const bad: [string, unknown][] = [
      ["type", 5],
      ["sender", ["@u:example.org"]],
      ["sender", "u:example.org"],
      ["sender", "@u"],
      ["origin_server_ts", "5"],
      ["content", null],
      ["depth", -1],
      ["depth", 2.5],
      ["state_key", null],
      ["hashes", { sha512: "x" }],
      ["hashes", { sha256: "x", sha512: 5 }],
      ["hashes", []],
      ["signatures", { "example.org": "sig" }],
      ["unsigned", "x"],
      ["room_id", 5],
      ["room_id", "r:example.org"],
      ["prev_events", HASH_ID],
      ["prev_events", [5]],
      ["prev_events", ["p"]],
      ["auth_events", [["$a:example.org", { sha256: "x" }]]],
      ["redacts", 5],
    ];
    for (const [key, value] of bad) {
      expect(rejection(pdu(v("10"), { [key]: value }), v("10")), `${key}: ${JSON.stringify(value)}`).toContain(`: ${key}`);
    }
    expect(rejection(pdu(v("10"), { depth: -1 }), v("10"))).toMatch(/depth: Too small: expected number to be >=0/);
    expect(rejection(pdu(v("10"), { hashes: { sha256: "x", sha512: 5 } }), v("10"))).toMatch(/hashes.sha512: Invalid input: expected string/);
  });

  it("accepts historical user IDs as senders (appendix \"Historical User IDs\")", () => {
    for (const id of KNOWN_ROOM_VERSION_IDS) expect(() => validatePdu(pdu(v(id), { sender: "@Old User:example.org" }), v(id))).not.toThrow();
  });

  it("lists several failures at once, with their paths", () => {
    const message = rejection(pdu(v("10"), { depth: "x", content: [], type: undefined }), v("10"));
    expect(message).toMatch(/^invalid PDU for room version 10: /);
    expect(message).toContain("type: is required but missing");
    expect(message).toContain("depth:");
    expect(message).toContain("content:");
  });

  it("rejects anything that is not an object", () => {
    for (const input of [null, undefined, "{}", 5, [], [pdu(v("10"))]]) {
      expect(rejection(input, v("10"))).toMatch(/expected a JSON object/);
    }
  });
});

describe("validatePdu: event references per format", () => {
  it("rooms 1–2: [event_id, {sha256}] pairs (pdu_v1)", () => {
    const one = v("1");
    expect(rejection(pdu(one, { prev_events: ["$prev:example.org"] }), one)).toMatch(/prev_events\[0\]: Invalid input: expected tuple, received string/);
    expect(rejection(pdu(one, { prev_events: [["$prev:example.org"]] }), one)).toMatch(/prev_events\[0\]: Too small/);
    expect(rejection(pdu(one, { auth_events: [["$a:example.org", {}]] }), one)).toMatch(/auth_events\[0\]\[1\].sha256: is required but missing/);
    expect(rejection(pdu(one, { auth_events: [["$a", { sha256: "x" }]] }), one)).toMatch(/auth_events\[0\]\[0\]: not a valid event ID/);
    expect(rejection(pdu(one, { event_id: HASH_ID }), one)).toMatch(/event_id: not a valid event ID: has no ":" domain part/);
    expect(rejection(pdu(one, { event_id: "$nodomain" }), one)).toMatch(/event_id: not a valid event ID/);
    expect(rejection(pdu(one, { prev_events: [["$p:example.org", {}]] }), one)).toMatch(/prev_events\[0\]\[1\].sha256: is required but missing/);
    expect(rejection(pdu(one, { prev_events: [["$p:example.org", { sha256: "x" }, 1]] }), one)).toMatch(/prev_events\[0\]: Too big/);
    expect(rejection(pdu(one, { auth_events: [[5, { sha256: "x" }]] }), one)).toMatch(/auth_events\[0\]\[0\]: Invalid input: expected string/);
    expect(rejection(pdu(one, { auth_events: [["$a:example.org", { sha256: "x", sha512: 5 }]] }), one)).toMatch(/auth_events\[0\]\[1\].sha512/);
  });

  it("rooms 3+: no event_id key, the ID is the reference hash (rooms/v3.md \"Event IDs\")", () => {
    for (const id of ["3", "4", "10", "11", "12"]) {
      expect(rejection(pdu(v(id), { event_id: HASH_ID }), v(id)), `room ${id}`).toMatch(new RegExp(`event_id: must be absent in room version ${id}`));
    }
    expect(rejection(pdu(v("3"), { event_id: "$x" }), v("3"))).toMatch(/event_id: must be absent/);
  });

  it("room 3: standard-alphabet reference hashes; rooms 4+: URL-safe ones (rooms' \"Event IDs\")", () => {
    expect(() => validatePdu(pdu(v("3"), { prev_events: [STANDARD_ID] }), v("3"))).not.toThrow();
    expect(rejection(pdu(v("3"), { prev_events: [URL_SAFE_ID] }), v("3"))).toMatch(/prev_events\[0\]: not a valid event ID: .*standard base64 alphabet/);
    for (const id of ["4", "10", "11", "12"]) {
      expect(() => validatePdu(pdu(v(id), { prev_events: [URL_SAFE_ID] }), v(id))).not.toThrow();
      expect(rejection(pdu(v(id), { auth_events: [STANDARD_ID] }), v(id))).toMatch(/auth_events\[0\]: not a valid event ID: .*url-safe base64 alphabet/);
      expect(rejection(pdu(v(id), { prev_events: ["$prev:example.org"] }), v(id))).toMatch(/prev_events\[0\]: not a valid event ID/);
    }
  });

  it("allows at most 20 prev_events and 10 auth_events", () => {
    for (const id of ["1", "10"]) {
      const version = v(id);
      const ref = (pdu(version).prev_events as unknown[])[0];
      expect(() => validatePdu(pdu(version, { prev_events: Array(20).fill(ref), auth_events: Array(10).fill(ref) }), version)).not.toThrow();
      expect(rejection(pdu(version, { prev_events: Array(21).fill(ref) }), version)).toMatch(/prev_events: Too big/);
      expect(rejection(pdu(version, { auth_events: Array(11).fill(ref) }), version)).toMatch(/auth_events: Too big/);
    }
  });
});

describe("validatePdu: room IDs and the room-12 create event (pdu_v12, room_id_v12)", () => {
  const twelve = v("12");
  const create = (overrides: Obj = {}) =>
    pdu(twelve, { type: "m.room.create", state_key: "", room_id: undefined, prev_events: [], auth_events: [], depth: 1, content: { room_version: "12" }, ...overrides });

  it("accepts a create event without room_id, and rejects one with it", () => {
    expect(() => validatePdu(create(), twelve)).not.toThrow();
    expect(rejection(create({ room_id: V12_ROOM_ID }), twelve)).toMatch(/room_id: must be absent from m.room.create in room version 12/);
  });

  it('only the create event proper (state_key "", as the m.room.create schema requires) goes without room_id', () => {
    for (const stateKey of ["x", undefined]) {
      expect(rejection(create({ state_key: stateKey }), twelve), String(stateKey)).toMatch(/room_id: is required but missing \(an m.room.create without one must have state_key ""\)/);
    }
    expect(rejection(create({ state_key: "x", room_id: V12_ROOM_ID }), twelve)).toMatch(/room_id: must be absent from m.room.create/);
  });

  it("requires room_id on every other event, in the domain-less form", () => {
    expect(rejection(pdu(twelve, { room_id: undefined }), twelve)).toMatch(/room_id: is required/);
    expect(rejection(pdu(twelve, { room_id: "!room:example.org" }), twelve)).toMatch(/room_id: not a valid room ID: has a ":" domain part/);
  });

  it("requires the domain form, and room_id on create events, before room 12", () => {
    for (const id of ["1", "3", "11"]) {
      expect(rejection(pdu(v(id), { room_id: V12_ROOM_ID }), v(id))).toMatch(/room_id: not a valid room ID: has no ":" domain part/);
      expect(rejection(pdu(v(id), { type: "m.room.create", state_key: "", room_id: undefined }), v(id))).toMatch(/room_id: is required but missing/);
    }
  });
});

describe("validatePdu: redactions name the redacted event (rooms/v11.md moves redacts into content)", () => {
  it("needs a top-level redacts string before room 11", () => {
    for (const id of ["1", "3", "10"]) {
      const version = v(id);
      const redaction = pdu(version, { type: "m.room.redaction", redacts: HASH_ID, content: {} });
      expect(() => validatePdu(redaction, version), `room ${id}`).not.toThrow();
      expect(rejection(pdu(version, { type: "m.room.redaction", content: {} }), version)).toMatch(/redacts: is required on m.room.redaction/);
      expect(rejection({ ...redaction, redacts: 5 }, version)).toMatch(/redacts: Invalid input: expected string/);
    }
  });

  it("needs a content.redacts string from room 11", () => {
    for (const id of ["11", "12"]) {
      const version = v(id);
      const redaction = pdu(version, { type: "m.room.redaction", content: { redacts: HASH_ID } });
      expect(() => validatePdu(redaction, version), `room ${id}`).not.toThrow();
      // A top-level redacts alone no longer counts.
      expect(rejection(pdu(version, { type: "m.room.redaction", redacts: HASH_ID, content: {} }), version)).toMatch(/content.redacts: must be the redacted event's ID/);
      expect(rejection(pdu(version, { type: "m.room.redaction", content: { redacts: 5 } }), version)).toMatch(/content.redacts: must be/);
    }
  });
});

describe('validatePdu: client-server "Size limits" (EventSizeError, code JSON_TOO_LARGE)', () => {
  it("limits type and state_key to 255 bytes", () => {
    for (const id of ["1", "6", "12"]) {
      const version = v(id);
      expect(() => validatePdu(pdu(version, { type: "t".repeat(255), state_key: "s".repeat(255) }), version)).not.toThrow();
      const type = sizeRejection(pdu(version, { type: "t".repeat(256) }), version);
      expect(type.field).toBe("type");
      expect(type.message).toMatch(/type: type is 256 bytes long; it must not exceed 255 bytes/);
      const stateKey = sizeRejection(pdu(version, { state_key: "s".repeat(256) }), version);
      expect(stateKey.field).toBe("state_key");
      expect(stateKey.message).toMatch(/state_key: state_key is 256 bytes long/);
      // 128 × "é" is 256 bytes though only 128 characters.
      expect(sizeRejection(pdu(version, { state_key: "é".repeat(128) }), version).message).toMatch(/state_key is 256 bytes long/);
    }
  });

  it("limits sender, room_id and event_id to the 255 bytes of their identifiers (appendix \"Identifier Grammar\")", () => {
    const long = (prefix: string, bytes: number, suffix = "") => prefix + "a".repeat(bytes - prefix.length - suffix.length) + suffix;
    expect(() => validatePdu(pdu(v("10"), { sender: long("@", 255, ":example.org") }), v("10"))).not.toThrow();
    const cases: [string, string, string][] = [
      ["sender", long("@", 263, ":example.org"), "10"],
      ["room_id", long("!", 263, ":example.org"), "10"],
      ["event_id", long("$", 263, ":example.org"), "1"],
      // Too large and malformed at once: the size is what is reported.
      ["sender", long("@", 256, ":bad host"), "10"],
    ];
    for (const [field, value, id] of cases) {
      const err = sizeRejection(pdu(v(id), { [field]: value }), v(id));
      expect(err, field).toMatchObject({ field });
      expect(err.message).toMatch(new RegExp(`${field}: ${field} is \\d+ bytes long; it must not exceed 255 bytes`));
    }
  });

  it("reports a size failure that comes with format failures as EventFormatError, naming both", () => {
    const message = rejection(pdu(v("10"), { type: "t".repeat(256), depth: "x" }), v("10"));
    expect(message).toContain("type: type is 256 bytes long");
    expect(message).toContain("depth:");
  });

  it("limits the whole event, signatures and unsigned included, to 65536 bytes of canonical JSON", () => {
    for (const id of ["1", "10", "12"]) {
      const version = v(id);
      const sized = (bytes: number) => {
        const event = pdu(version, { content: { body: "" } });
        const overhead = canonicalJson(event).length;
        (event.content as Obj).body = "a".repeat(bytes - overhead);
        return event;
      };
      expect(canonicalJson(sized(PDU_MAX_BYTES))).toHaveLength(PDU_MAX_BYTES);
      expect(() => validatePdu(sized(PDU_MAX_BYTES), version)).not.toThrow();
      const tooLarge = sizeRejection(sized(PDU_MAX_BYTES + 1), version);
      expect(tooLarge.field).toBeUndefined();
      expect(tooLarge.message).toMatch(/the event is 65537 bytes of canonical JSON; it must not exceed 65536 bytes/);
      const padded = sized(PDU_MAX_BYTES - 20);
      (padded.unsigned as Obj).pad = "x".repeat(40);
      expect(sizeRejection(padded, version).message).toMatch(/must not exceed 65536 bytes/);
      const bigSignatures = { ...sized(PDU_MAX_BYTES - 100), signatures: { "example.org": { "ed25519:1": "s".repeat(200) } } };
      expect(sizeRejection(bigSignatures, version).message).toMatch(/must not exceed 65536 bytes/);
    }
  });
});

describe("validatePdu: numbers as the room's canonical JSON allows (fragments v1/v6-canonical-json)", () => {
  it("rejects floats and integers beyond ±(2^53−1) from room 6, accepts them before", () => {
    for (const id of KNOWN_ROOM_VERSION_IDS) {
      const version = v(id);
      const floaty = pdu(version, { content: { body: "x", n: 1.5 } });
      const bigDepth = pdu(version, { depth: 2 ** 53 });
      if (version.strictCanonicalJson) {
        expect(rejection(floaty, version)).toMatch(/content.n: not encodable as canonical JSON: 1.5 is not an integer/);
        expect(rejection(bigDepth, version)).toMatch(/depth: Too big/);
      } else {
        expect(() => validatePdu(floaty, version)).not.toThrow();
        expect(() => validatePdu(bigDepth, version)).not.toThrow();
      }
    }
  });

  it("rejects every number strict canonical JSON cannot carry in room 6, anywhere in the content; room 5 takes them", () => {
    for (const content of [{ n: 1.5 }, { n: 2 ** 53 }, { n: -(2 ** 53) }, { nested: [{ n: 0.1 }] }]) {
      const err = thrownBy(pdu(v("6"), { content }), v("6"));
      expect(err, JSON.stringify(content)).toBeInstanceOf(EventFormatError);
      expect((err as Error).message).toMatch(/: content\.\S+: not encodable as canonical JSON/);
      expect((err as Error).cause).toBeInstanceOf(CanonicalJsonError);
      expect(() => validatePdu(pdu(v("5"), { content }), v("5")), JSON.stringify(content)).not.toThrow();
    }
  });

  it("rejects depth beyond 2^63 in rooms 1–5, and text that no JSON can carry", () => {
    expect(rejection(pdu(v("5"), { depth: 2 ** 64 }), v("5"))).toMatch(/depth: .*64-bit integer range/);
    expect(rejection(pdu(v("10"), { content: { body: "lone \ud800" } }), v("10"))).toMatch(/content.body: not encodable as canonical JSON: .*lone surrogate/);
    expect(rejection(pdu(v("5"), { depth: Number.NaN }), v("5"))).toMatch(/depth:/);
  });
});

describe("validatePdu throws only EventFormatError", () => {
  it("for any JSON value in any key of any version (pseudo-random)", () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values: unknown[] = [null, true, 0, -1, 1.5, 2 ** 60, "", "x", "@a:b", "$x:y", HASH_ID, [], [1], [[HASH_ID, {}]], {}, { sha256: 1 }, { a: { b: [] } }];
    const keys = ["type", "sender", "room_id", "content", "depth", "prev_events", "auth_events", "hashes", "signatures", "unsigned", "state_key", "event_id", "redacts", "origin_server_ts"];
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      const version = v(KNOWN_ROOM_VERSION_IDS[Math.floor(random() * KNOWN_ROOM_VERSION_IDS.length)]!);
      const key = keys[Math.floor(random() * keys.length)]!;
      const value = values[Math.floor(random() * values.length)];
      try {
        validatePdu(pdu(version, { [key]: value }), version);
      } catch (err) {
        expect(err).toBeInstanceOf(EventFormatError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(1000);
  });
});
