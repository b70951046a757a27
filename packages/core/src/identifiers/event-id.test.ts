import { describe, expect, it } from "vitest";
import { getRoomVersion, KNOWN_ROOM_VERSION_IDS } from "../rooms/room-versions.js";
import { isValidEventId, parseEventId } from "./event-id.js";
import { identifierRejection } from "../../test/helpers/identifier-rejection.js";

const reasonFor = (input: unknown, version?: string): string =>
  identifierRejection("event ID", (s) => parseEventId(s, version === undefined ? undefined : getRoomVersion(version)), input);

// The spec's own examples: rooms/v3.md "Event IDs", fragment v4-event-ids, pdu_v1 definition.
const V3_EXAMPLE = "$CD66HAED5npg6074c6pDtLKalHjVfYb2q4Q3LZgrW6o";
const V4_EXAMPLE = "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg";
const V1_EXAMPLE = "$a4ecee13e2accdadf56c1025:example.com";
// Standard-alphabet only (has "+" and "/").
const STANDARD_ONLY = "$AGt+PzMHZ/pWm9pTQmkwUpnlyj9OOIS3EspYN3K7zl8";

describe('appendix "Event IDs" and the rooms\' "Event IDs" fragments', () => {
  it("rooms 1–2 (fragment v1-event-ids): $opaque_id:domain", () => {
    for (const v of ["1", "2"]) {
      expect(parseEventId(V1_EXAMPLE, getRoomVersion(v))).toEqual({
        eventId: V1_EXAMPLE,
        kind: "server-generated",
        opaqueId: "a4ecee13e2accdadf56c1025",
        serverName: "example.com",
        alphabets: [],
      });
      expect(reasonFor(V4_EXAMPLE, v)).toMatch(new RegExp(`no ":" domain part, which room version ${v} event IDs need`));
    }
    expect(reasonFor("$:example.com", "1")).toMatch(/opaque part is empty/);
    expect(reasonFor("$abc:", "1")).toMatch(/server name is empty/);
    expect(reasonFor("$a\u0000b:example.com", "1")).toMatch(/NUL/);
  });

  it("room 3 (rooms/v3.md): $ + unpadded standard base64 of the reference hash", () => {
    const v3 = getRoomVersion("3");
    expect(parseEventId(V3_EXAMPLE, v3)).toMatchObject({ kind: "reference-hash", opaqueId: V3_EXAMPLE.slice(1), serverName: undefined });
    expect(parseEventId(STANDARD_ONLY, v3).alphabets).toEqual(["standard"]);
    expect(reasonFor(V4_EXAMPLE, "3")).toMatch(/"-" at index 5 is not in the standard base64 alphabet \(that is the URL-safe alphabet\)/);
    expect(reasonFor(V1_EXAMPLE, "3")).toMatch(/not in the standard base64 alphabet/);
  });

  it("rooms 4+ (fragment v4-event-ids): $ + unpadded URL-safe base64 of the reference hash", () => {
    for (const v of KNOWN_ROOM_VERSION_IDS.filter((id) => getRoomVersion(id).eventIdFormat === "url-safe-base64")) {
      expect(parseEventId(V4_EXAMPLE, getRoomVersion(v)).alphabets).toEqual(["url-safe"]);
      expect(reasonFor(STANDARD_ONLY, v)).toMatch(/"\+" at index 4 is not in the url-safe base64 alphabet \(that is the standard alphabet\)/);
      expect(reasonFor("$abc:example.org", v)).toMatch(/":" at index 4/);
    }
    // Letters and digits only: valid in both alphabets.
    expect(parseEventId(V3_EXAMPLE, getRoomVersion("4")).alphabets).toEqual(["standard", "url-safe"]);
  });

  it("checks the hash length and the unused bits of the last character", () => {
    expect(reasonFor(V4_EXAMPLE.slice(0, -1), "10")).toMatch(/42 characters long; the unpadded base64 of a sha256 is 43/);
    expect(reasonFor(V4_EXAMPLE + "A", "10")).toMatch(/44 characters/);
    expect(reasonFor(V4_EXAMPLE.slice(0, -1) + "h", "10")).toMatch(/last character "h" sets bits beyond/);
    expect(reasonFor("$", "10")).toMatch(/0 characters long/);
  });

  it("without a room version accepts any of the three formats", () => {
    expect(parseEventId(V1_EXAMPLE).kind).toBe("server-generated");
    expect(parseEventId(V3_EXAMPLE).kind).toBe("reference-hash");
    expect(parseEventId(V4_EXAMPLE).alphabets).toEqual(["url-safe"]);
    expect(parseEventId(STANDARD_ONLY).alphabets).toEqual(["standard"]);
    expect(reasonFor("$abc")).toMatch(/no ":" domain part and is not "\$" \+ a reference hash: hash part is 3 characters long/);
    expect(reasonFor("$AGt+PzMHZ/pWm9pTQmkwUpnlyj9OOIS3EspYN3K7zl-")).toMatch(/"-" .* not in the standard base64 alphabet/);
  });

  it("limits event IDs, sigil and domain included, to 255 bytes", () => {
    const ok = `$${"e".repeat(255 - 1 - ":example.org".length)}:example.org`;
    expect(isValidEventId(ok, getRoomVersion("1"))).toBe(true);
    expect(reasonFor(`$e${ok.slice(1)}`, "1")).toMatch(/256 bytes long; event IDs must not exceed 255 bytes/);
  });

  it("rejects a wrong sigil and non-strings", () => {
    expect(reasonFor("!" + V4_EXAMPLE.slice(1))).toMatch(/sigil "\$"/);
    expect(reasonFor({})).toMatch(/got object/);
    expect(isValidEventId(null)).toBe(false);
  });
});
