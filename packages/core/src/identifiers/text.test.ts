import { describe, expect, it } from "vitest";
import { MAX_IDENTIFIER_BYTES, checkIdentifierLength, utf8ByteLength } from "./text.js";

// The appendix measures identifiers in UTF-8 bytes ("Identifier Grammar":
// user IDs, room IDs, aliases and event IDs are at most 255 bytes).
describe("identifier text helpers", () => {
  it("utf8ByteLength counts UTF-8 bytes like TextEncoder, lone surrogates as U+FFFD", () => {
    const encoder = new TextEncoder();
    for (const s of ["", "abc", "é", "日本", "😀", "a😀é", "\u{10FFFF}", "\ud800", "x\udc00y", "\ud800\ud800\udc00"]) {
      expect(utf8ByteLength(s), JSON.stringify(s)).toBe(encoder.encode(s).length);
    }
  });

  it("checkIdentifierLength allows 255 bytes and names the byte count above", () => {
    expect(MAX_IDENTIFIER_BYTES).toBe(255);
    expect(checkIdentifierLength("a".repeat(255), "user ID")).toBeUndefined();
    expect(checkIdentifierLength("é".repeat(128), "user ID")).toBe("is 256 bytes long; user IDs must not exceed 255 bytes");
  });
});
