import { describe, expect, it } from "vitest";
import { sha256 } from "../crypto/sha256.js";
import { CanonicalJsonError, EventFormatError, MatrixCoreError } from "../errors.js";
import { decodeBase64, encodeBase64 } from "../json/base64.js";
import { getRoomVersion } from "../rooms/room-versions.js";
import { checkContentHash, computeContentHash, contentHashPreimage } from "./content-hash.js";
import type { Pdu } from "./pdu.js";

// Server-Server API, "Calculating the content hash for an event".

const v10 = getRoomVersion("10");
const v5 = getRoomVersion("5");

const pdu: Pdu = {
  type: "m.room.message",
  room_id: "!r:example.org",
  sender: "@u:example.org",
  origin_server_ts: 5,
  content: { body: "é", msgtype: "m.text" },
  depth: 2,
  prev_events: ["$p"],
  auth_events: ["$a"],
  hashes: { sha256: "placeholder", sha512: "other" },
  signatures: { "example.org": { "ed25519:1": "sig" } },
  unsigned: { age_ts: 1 },
};

function expectMismatch(fn: () => unknown): void {
  expect(fn).toThrow(MatrixCoreError);
  expect(fn).toThrow(expect.objectContaining({ code: "CONTENT_HASH_MISMATCH" }));
}

describe("content hash", () => {
  it("covers the canonical JSON of the event without unsigned, signatures and hashes", () => {
    expect(contentHashPreimage(pdu, v10)).toBe(
      '{"auth_events":["$a"],"content":{"body":"é","msgtype":"m.text"},"depth":2,"origin_server_ts":5,"prev_events":["$p"],"room_id":"!r:example.org","sender":"@u:example.org","type":"m.room.message"}',
    );
    const expected = encodeBase64(sha256(new TextEncoder().encode(contentHashPreimage(pdu, v10))));
    expect(computeContentHash(pdu, v10)).toBe(expected);
    expect(decodeBase64(expected)).toHaveLength(32);
    expect(expected).not.toContain("=");
  });

  it("ignores what it excludes and changes with anything else", () => {
    const base = computeContentHash(pdu, v10);
    expect(computeContentHash({ ...pdu, unsigned: { age: 99 }, signatures: {}, hashes: { sha256: "x" } }, v10)).toBe(base);
    expect(computeContentHash({ ...pdu, content: { body: "e" } }, v10)).not.toBe(base);
    expect(computeContentHash({ ...pdu, origin: "example.org" }, v10)).not.toBe(base);
  });

  it("checkContentHash accepts the right hash, padded or not", () => {
    const good = { ...pdu, hashes: { sha256: computeContentHash(pdu, v10) } };
    expect(() => checkContentHash(good, v10)).not.toThrow();
    expect(() => checkContentHash({ ...good, hashes: { sha256: good.hashes.sha256 + "=" } }, v10)).not.toThrow();
  });

  it("checkContentHash reports a wrong or undecodable hash as CONTENT_HASH_MISMATCH", () => {
    const right = computeContentHash(pdu, v10);
    expectMismatch(() => checkContentHash({ ...pdu, hashes: { sha256: right }, content: { body: "changed" } }, v10));
    expectMismatch(() => checkContentHash({ ...pdu, hashes: { sha256: "not base64!" } }, v10));
    expectMismatch(() => checkContentHash({ ...pdu, hashes: { sha256: right.slice(0, 20) } }, v10));
    expectMismatch(() => checkContentHash({ ...pdu, hashes: { sha256: "" } }, v10));
  });

  it("checkContentHash reports a missing or malformed hashes object as EventFormatError", () => {
    for (const hashes of [undefined, null, "abc", [], {}, { sha256: 5 }]) {
      expect(() => checkContentHash({ ...pdu, hashes }, v10), JSON.stringify(hashes)).toThrow(EventFormatError);
    }
    for (const notAnEvent of [null, [], "x", 1]) {
      expect(() => checkContentHash(notAnEvent as unknown as Pdu, v10)).toThrow(EventFormatError);
      expect(() => computeContentHash(notAnEvent as unknown as Pdu, v10)).toThrow(EventFormatError);
    }
  });

  it("is strict canonical JSON in room 6+ and lenient in rooms 1–5 (fragments v6-canonical-json, v1-canonical-json)", () => {
    const floaty = { ...pdu, content: { n: 1.5 } };
    const huge = { ...pdu, content: { n: 2 ** 60 } };
    expect(() => computeContentHash(floaty, v10)).toThrow(CanonicalJsonError);
    expect(() => computeContentHash(huge, v10)).toThrow(CanonicalJsonError);
    expect(() => checkContentHash(floaty, v10)).toThrow(CanonicalJsonError);
    expect(computeContentHash(floaty, v5)).toMatch(/^[A-Za-z0-9+/]{43}$/);
    expect(computeContentHash(huge, v5)).toMatch(/^[A-Za-z0-9+/]{43}$/);
  });

  it("reports values with no JSON form as CanonicalJsonError, not TypeError", () => {
    expect(() => computeContentHash({ ...pdu, content: { f: () => 1 } }, v5)).toThrow(CanonicalJsonError);
    expect(() => computeContentHash({ ...pdu, content: { n: Number.NaN } }, v5)).toThrow(CanonicalJsonError);
    expect(() => computeContentHash({ ...pdu, extra: undefined }, v5)).toThrow(CanonicalJsonError);
  });
});
