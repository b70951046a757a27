import { describe, expect, it } from "vitest";
import { isValidUserId, parseUserId, type ParseUserIdOptions } from "./user-id.js";
import { identifierRejection } from "../../test/helpers/identifier-rejection.js";

const reasonFor = (input: unknown, options?: ParseUserIdOptions): string => identifierRejection("user ID", (s) => parseUserId(s, options), input);

const historical = { historical: true };

describe('appendix "User Identifiers": new user IDs', () => {
  it("splits a user ID at its first colon", () => {
    expect(parseUserId("@alice:example.org")).toEqual({
      userId: "@alice:example.org",
      localpart: "alice",
      serverName: "example.org",
      historical: false,
      compliant: true,
    });
    expect(parseUserId("@bob:[::1]:8448").serverName).toBe("[::1]:8448");
    expect(parseUserId("@bob:1.2.3.4:8448").serverName).toBe("1.2.3.4:8448");
  });

  it("accepts every character of user_id_char: a-z 0-9 - . = _ / +", () => {
    const all = "abcdefghijklmnopqrstuvwxyz0123456789-.=_/+";
    expect(parseUserId(`@${all}:example.org`).localpart).toBe(all);
  });

  it.each([
    ["@Alice:example.org", /"A" \(U\+0041\) at index 0 \(upper case is not allowed\)/],
    ["@al ice:example.org", /U\+0020 at index 2/],
    ["@al*ice:example.org", /"\*" \(U\+002A\) at index 2/],
    ["@alïce:example.org", /"ï" \(U\+00EF\) at index 2/],
    ["@:example.org", /localpart is empty/],
    ["@alice\u0000:example.org", /U\+0000/],
  ])("rejects %j", (id, reason) => {
    expect(reasonFor(id)).toMatch(reason);
  });

  it("rejects a missing sigil, a missing colon and a bad or empty server name", () => {
    expect(reasonFor("alice:example.org")).toMatch(/does not start with the sigil "@"/);
    expect(reasonFor("#alice:example.org")).toMatch(/sigil "@"/);
    expect(reasonFor("")).toMatch(/empty string/);
    expect(reasonFor("@alice")).toMatch(/no ":"/);
    expect(reasonFor("@alice:")).toMatch(/server name part is invalid: server name is empty/);
    expect(reasonFor("@alice:example.org:0")).toMatch(/port 0 is outside/);
    expect(reasonFor("@alice:exa mple.org")).toMatch(/DNS name contains U\+0020/);
  });

  it("limits the whole ID, sigil and domain included, to 255 bytes", () => {
    const server = "example.org";
    const fill = 255 - 2 - server.length;
    expect(parseUserId(`@${"a".repeat(fill)}:${server}`).userId).toHaveLength(255);
    expect(reasonFor(`@${"a".repeat(fill + 1)}:${server}`)).toMatch(/is 256 bytes long; user IDs must not exceed 255 bytes/);
  });

  it("rejects non-strings with a typed error", () => {
    expect(reasonFor(undefined)).toMatch(/expected a string, got undefined/);
    expect(reasonFor(["@a:b"])).toMatch(/got array/);
    expect(isValidUserId(12)).toBe(false);
  });
});

describe('appendix "Historical User IDs"', () => {
  it("accepts upper case, which only the historical grammar allows, and says so", () => {
    expect(isValidUserId("@Alice:example.org")).toBe(false);
    expect(parseUserId("@Alice:example.org", historical)).toEqual({
      userId: "@Alice:example.org",
      localpart: "Alice",
      serverName: "example.org",
      historical: true,
      compliant: true,
    });
  });

  it("marks strict IDs as not historical even when historical IDs are allowed", () => {
    expect(parseUserId("@alice:example.org", historical).historical).toBe(false);
  });

  it("accepts any non-surrogate code point except ':' and NUL, control characters included", () => {
    for (const localpart of ["ali ce", "al*ce", "ålïçé", "🐇", "tab\there", "\u007f", "\u0001", "a!\"#$%&'()"]) {
      const parsed = parseUserId(`@${localpart}:example.org`, historical);
      expect(parsed.localpart).toBe(localpart);
      expect(parsed.historical).toBe(true);
    }
  });

  it("accepts the empty localpart", () => {
    expect(parseUserId("@:example.org", historical)).toMatchObject({ localpart: "", historical: true, compliant: false });
  });

  it("marks localparts outside U+0021–U+007E, or empty, as non-compliant", () => {
    expect(parseUserId("@Al!ce~:example.org", historical).compliant).toBe(true);
    expect(parseUserId("@al ice:example.org", historical).compliant).toBe(false);
    expect(parseUserId("@ålice:example.org", historical).compliant).toBe(false);
    expect(parseUserId("@a\u007f:example.org", historical).compliant).toBe(false);
  });

  it("still rejects NUL, lone surrogates and a bad server name", () => {
    expect(reasonFor("@al\u0000ice:example.org", historical)).toMatch(/NUL \(U\+0000\) at index 2/);
    expect(reasonFor("@al\ud800ice:example.org", historical)).toMatch(/lone surrogate U\+D800 at index 2/);
    expect(reasonFor("@al\udc00:example.org", historical)).toMatch(/lone surrogate U\+DC00/);
    expect(reasonFor("@alice:exa_mple.org", historical)).toMatch(/server name part is invalid/);
  });

  it("counts the 255-byte limit in UTF-8 bytes", () => {
    // "é" is 2 bytes: 121 of them plus "@" and ":example.org" is 255 bytes.
    expect(parseUserId(`@${"é".repeat(121)}:example.org`, historical).userId).toBeTruthy();
    expect(reasonFor(`@${"é".repeat(122)}:example.org`, historical)).toMatch(/257 bytes long/);
    // U+1F407 is 4 bytes (2 UTF-16 units).
    expect(reasonFor(`@${"🐇".repeat(61)}:example.org`, historical)).toMatch(/257 bytes long/);
  });
});
