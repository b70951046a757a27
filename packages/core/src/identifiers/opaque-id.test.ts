import { describe, expect, it } from "vitest";
import { InvalidIdentifierError } from "../errors.js";
import { isValidOpaqueId, parseOpaqueId } from "./opaque-id.js";

describe('appendix "Opaque Identifiers"', () => {
  it("accepts the RFC 3986 unreserved characters, 1 to 255 of them", () => {
    const all = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    expect(parseOpaqueId(all)).toBe(all);
    expect(isValidOpaqueId("a")).toBe(true);
    expect(isValidOpaqueId("a".repeat(255))).toBe(true);
  });

  it.each([
    ["", /empty string/],
    ["a".repeat(256), /256 characters long; at most 255/],
    ["a b", /U\+0020 at index 1/],
    ["a/b", /"\/" \(U\+002F\) at index 1/],
    ["a+b", /"\+"/],
    ["ä", /U\+00E4/],
  ])("rejects %j", (id, reason) => {
    expect(() => parseOpaqueId(id)).toThrow(InvalidIdentifierError);
    expect(() => parseOpaqueId(id)).toThrow(reason);
  });

  it("honours limits an identifier's own definition sets, and rejects non-strings", () => {
    expect(isValidOpaqueId("abcd", { maxLength: 3 })).toBe(false);
    expect(isValidOpaqueId("", { minLength: 0 })).toBe(true);
    expect(() => parseOpaqueId(Symbol("x"))).toThrow(/got symbol/);
  });
});
