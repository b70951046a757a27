import { describe, expect, it } from "vitest";
import { getRoomVersion } from "../rooms/room-versions.js";
import { isValidRoomId, parseRoomId } from "./room-id.js";
import { identifierRejection } from "../../test/helpers/identifier-rejection.js";

const reasonFor = (input: unknown, version?: string): string =>
  identifierRejection("room ID", (s) => parseRoomId(s, version === undefined ? undefined : getRoomVersion(version)), input);

// The room-12 room ID the spec itself uses (server-server definitions, components/room_id_v12.yaml).
const V12_ROOM_ID = "!Nhcu5BS-UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ";

describe('appendix "Room IDs": !opaque_id:domain', () => {
  it("parses the domain form", () => {
    expect(parseRoomId("!jEsUZKDJdhlrceRyVU:example.org")).toEqual({
      roomId: "!jEsUZKDJdhlrceRyVU:example.org",
      kind: "with-domain",
      opaqueId: "jEsUZKDJdhlrceRyVU",
      serverName: "example.org",
    });
    expect(parseRoomId("!abc:example.org:8448", getRoomVersion("11")).serverName).toBe("example.org:8448");
  });

  it("allows any non-surrogate code point except ':' and NUL in the localpart, control characters included", () => {
    expect(parseRoomId("!ÄÖ ü\u0001/+=:example.org").opaqueId).toBe("ÄÖ ü\u0001/+=");
    expect(reasonFor("!a\u0000b:example.org")).toMatch(/NUL/);
    expect(reasonFor("!a\ud800b:example.org")).toMatch(/lone surrogate/);
  });

  it("rejects an empty localpart, a missing or bad domain and a wrong sigil", () => {
    expect(reasonFor("!:example.org")).toMatch(/localpart is empty/);
    expect(reasonFor("!abc:")).toMatch(/server name is empty/);
    expect(reasonFor("!abc:example.org:65536")).toMatch(/port 65536/);
    expect(reasonFor("$abc:example.org")).toMatch(/sigil "!"/);
    expect(reasonFor("")).toMatch(/empty string/);
    expect(reasonFor(7)).toMatch(/expected a string, got number/);
  });

  it("limits the whole ID to 255 bytes", () => {
    const ok = `!${"x".repeat(255 - 1 - ":example.org".length)}:example.org`;
    expect(ok).toHaveLength(255);
    expect(isValidRoomId(ok)).toBe(true);
    expect(reasonFor(`!x${ok.slice(1)}`)).toMatch(/256 bytes long; room IDs must not exceed 255 bytes/);
  });

  it("demands the domain form for room versions 1–11", () => {
    expect(reasonFor(V12_ROOM_ID, "11")).toMatch(/no ":" domain part, which room version 11 room IDs need/);
    expect(reasonFor(V12_ROOM_ID, "1")).toMatch(/room version 1 room IDs need/);
  });
});

describe('appendix "Room IDs", domain-less form (room version 12)', () => {
  it("accepts ! + the URL-safe unpadded base64 of a sha256 (43 characters), with no server part", () => {
    expect(parseRoomId(V12_ROOM_ID, getRoomVersion("12"))).toEqual({
      roomId: V12_ROOM_ID,
      kind: "create-event-hash",
      opaqueId: V12_ROOM_ID.slice(1),
      serverName: undefined,
    });
    expect(parseRoomId(V12_ROOM_ID).kind).toBe("create-event-hash");
  });

  it("rejects the domain form in room 12", () => {
    expect(reasonFor("!abc:example.org", "12")).toMatch(/has a ":" domain part, but room version 12 room IDs/);
  });

  it("rejects wrong lengths, the standard alphabet and bits beyond 32 bytes", () => {
    expect(reasonFor(V12_ROOM_ID.slice(0, -1), "12")).toMatch(/42 characters long/);
    expect(reasonFor(V12_ROOM_ID + "A", "12")).toMatch(/44 characters long/);
    expect(reasonFor("!" + "A".repeat(42) + "=", "12")).toMatch(/"=" at index 43 is not in the url-safe base64 alphabet/);
    expect(reasonFor("!Nhcu5BS+UMnFX7hBVfVSoXiD7OgH6iRT-xyIuqDnpYQ", "12")).toMatch(/"\+" at index 8 .*standard alphabet/);
    // "R" is 17: its two low bits would lie beyond the 256 bits of a sha256.
    expect(reasonFor(V12_ROOM_ID.slice(0, -1) + "R", "12")).toMatch(/last character "R" sets bits beyond/);
    expect(reasonFor("!short")).toMatch(/5 characters long/);
    expect(reasonFor("!", "12")).toMatch(/0 characters long/);
  });
});
