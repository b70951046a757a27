import { describe, expect, it } from "vitest";
import { InvalidIdentifierError } from "../errors.js";
import { isValidNamespacedIdentifier, parseNamespacedIdentifier } from "./namespaced-id.js";

describe('appendix "Common Namespaced Identifier Grammar"', () => {
  it("accepts [a-z] followed by [a-z0-9-_.], and flags the reserved m. namespace", () => {
    expect(parseNamespacedIdentifier("m.room_membership")).toEqual({ identifier: "m.room_membership", reserved: true });
    expect(parseNamespacedIdentifier("com.example.identifier")).toEqual({ identifier: "com.example.identifier", reserved: false });
    expect(isValidNamespacedIdentifier("a")).toBe(true);
    expect(isValidNamespacedIdentifier("a".repeat(255))).toBe(true);
  });

  it.each([
    ["", /empty string/],
    ["a".repeat(256), /256 characters long/],
    ["1abc", /starts with "1"/],
    [".abc", /starts with "\."/],
    ["Abc", /starts with "A"/],
    ["com.Example", /"E" \(U\+0045\) at index 4/],
    ["com.example/x", /"\/"/],
  ])("rejects %j", (id, reason) => {
    expect(() => parseNamespacedIdentifier(id)).toThrow(InvalidIdentifierError);
    expect(() => parseNamespacedIdentifier(id)).toThrow(reason);
  });

  it("rejects non-strings", () => {
    expect(() => parseNamespacedIdentifier(1)).toThrow(/got number/);
  });
});
