import { describe, expect, it } from "vitest";
import { canonicalJson, canonicalJsonBytes, canonicalJsonBytesWithout } from "../../src/json/canonical-json.js";
import { findRoomVersion } from "../../src/rooms/room-versions.js";
import { CanonicalJsonError } from "../../src/errors.js";
import { loadSynapseVectors } from "./load.js";

// Our canonical JSON (appendix "Canonical JSON") against Synapse 1.67's
// `encode_canonical_json` for the 636 PDUs of events.json (README "events.json",
// "How a test should use it", step 2).

interface EventRecord {
  label: string;
  room_version: string;
  tags: string[];
  pdu: Record<string, unknown>;
  canonical_json: string;
  content_hash_preimage: string;
  redacted: Record<string, unknown>;
  redacted_canonical_json: string;
}
interface EventsFile {
  events: EventRecord[];
  client_api_refusals: { room_version: string; refused: boolean; response: { errcode: string } }[];
}

/**
 * Known un-representable with JavaScript numbers. README "Caveats seen in this
 * data" → "Numbers (rooms 1–5)": these 5 events (tags `floats`,
 * `out_of_range_integers`) carry floats that Synapse writes the Python way
 * (`1.0`, `1.5e-07`) and integers beyond 2^53 (2^63−1) that `JSON.parse`
 * cannot keep. The spec allows such events only in rooms 1–5 (appendix
 * "Canonical JSON", warning: "Events in room versions 1, 2, 3, 4, and 5 might
 * not be fully compliant with these restrictions"); canonical JSON itself has
 * no floats, so no spec-conformant encoder can reproduce Synapse's bytes from
 * the parsed numbers.
 */
const NOT_REPRESENTABLE_WITH_JS_NUMBERS = [
  "v1/nonstandard_numbers",
  "v2/nonstandard_numbers",
  "v3/nonstandard_numbers",
  "v4/nonstandard_numbers",
  "v5/nonstandard_numbers",
];

function without(object: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  const copy = { ...object };
  for (const key of keys) delete copy[key];
  return copy;
}

const file = loadSynapseVectors<EventsFile>("events.json");

/** Room versions in which Synapse refused a float from a client (strict canonical JSON). */
const refusedFloats = new Set(file.client_api_refusals.filter((r) => r.refused && r.response.errcode === "M_BAD_JSON").map((r) => r.room_version));

/**
 * Strictness from our room-version record; the three `org.matrix.*` versions
 * are Synapse experiments outside the spec, for which Synapse's own refusal of
 * floats (client_api_refusals) says they are strict.
 */
function strictFor(roomVersion: string): boolean {
  return findRoomVersion(roomVersion)?.strictCanonicalJson ?? refusedFloats.has(roomVersion);
}

const representable = file.events.filter((e) => !NOT_REPRESENTABLE_WITH_JS_NUMBERS.includes(e.label));
const notRepresentable = file.events.filter((e) => NOT_REPRESENTABLE_WITH_JS_NUMBERS.includes(e.label));

function sameBytes(ours: Uint8Array, theirs: string): boolean {
  return Buffer.from(ours.buffer, ours.byteOffset, ours.byteLength).equals(Buffer.from(theirs, "utf8"));
}

describe("canonical JSON vs Synapse 1.67 (events.json)", () => {
  it("has 636 records, 631 of them representable with JS numbers", () => {
    expect(file.events).toHaveLength(636);
    expect(representable).toHaveLength(631);
  });

  it("the records listed as not representable are exactly those tagged floats / out_of_range_integers", () => {
    const tagged = file.events.filter((e) => e.tags.includes("floats") || e.tags.includes("out_of_range_integers")).map((e) => e.label);
    expect(tagged.sort()).toEqual([...NOT_REPRESENTABLE_WITH_JS_NUMBERS].sort());
    expect(notRepresentable.map((e) => e.room_version).sort()).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("our room-version records agree with Synapse on which versions are strict (it refused floats in 6+)", () => {
    for (const version of new Set(file.events.map((e) => e.room_version))) {
      const record = findRoomVersion(version);
      if (record) expect(record.strictCanonicalJson, `room ${version}`).toBe(refusedFloats.has(version));
    }
  });

  it("canonicalJson(pdu minus signatures and unsigned) equals canonical_json byte for byte, for all 631 other records", () => {
    const mismatches: string[] = [];
    for (const record of representable) {
      const ours = canonicalJsonBytes(without(record.pdu, "signatures", "unsigned"), { strict: strictFor(record.room_version) });
      if (!sameBytes(ours, record.canonical_json)) mismatches.push(record.label);
      // The same bytes without copying the PDU (what signingBytes uses).
      const omitted = canonicalJsonBytesWithout(record.pdu, ["signatures", "unsigned"], { strict: strictFor(record.room_version) });
      if (!sameBytes(omitted, record.canonical_json)) mismatches.push(`${record.label} (canonicalJsonBytesWithout)`);
    }
    expect(mismatches).toEqual([]);
  });

  it("content_hash_preimage (pdu minus unsigned, signatures, hashes) and redacted_canonical_json also match", () => {
    const mismatches: string[] = [];
    for (const record of representable) {
      const options = { strict: strictFor(record.room_version) };
      const preimage = canonicalJsonBytes(without(record.pdu, "signatures", "unsigned", "hashes"), options);
      if (!sameBytes(preimage, record.content_hash_preimage)) mismatches.push(`${record.label} (content hash preimage)`);
      const redacted = canonicalJsonBytes(without(record.redacted, "signatures", "unsigned"), options);
      if (!sameBytes(redacted, record.redacted_canonical_json)) mismatches.push(`${record.label} (redacted)`);
    }
    expect(mismatches).toEqual([]);
  });

  it("exercises the interesting tags (escapes, control characters, NUL, non-BMP, key order, integers)", () => {
    for (const tag of ["escapes", "control_chars", "nul", "non_bmp", "key_order", "integers", "unicode"]) {
      expect(representable.filter((e) => e.tags.includes(tag)).length, tag).toBeGreaterThan(0);
    }
  });

  describe("the 5 records with Python floats and integers beyond 2^53 (rooms 1–5)", () => {
    it.each(NOT_REPRESENTABLE_WITH_JS_NUMBERS)("%s is refused in strict mode, and in non-strict mode differs from Synapse only as the README says", (label) => {
      const record = notRepresentable.find((e) => e.label === label)!;
      const pdu = without(record.pdu, "signatures", "unsigned");
      expect(() => canonicalJson(pdu)).toThrow(CanonicalJsonError);
      const ours = canonicalJson(pdu, { strict: false });
      expect(ours).not.toBe(record.canonical_json);
      // Synapse writes Python floats; JSON.parse turned 1.0 into 1 and
      // 2^63−1 into 2^63. Integers that doubles hold exactly come out exact.
      expect(record.canonical_json).toContain('"float_whole":1.0');
      expect(ours).toContain('"float_whole":1,');
      for (const exact of ['"two_pow_53":9007199254740992', '"two_pow_64":18446744073709551616', '"neg_two_pow_63":-9223372036854775808']) {
        expect(record.canonical_json).toContain(exact);
        expect(ours).toContain(exact);
      }
      // Everything outside `content` is the same.
      const outside = (s: string) => s.replace(/"content":\{[^{}]*\}/, '"content":{}');
      expect(outside(ours)).toBe(outside(record.canonical_json));
    });
  });
});
