import { describe, expect, it } from "vitest";
import { isValidRoomAlias, parseRoomAlias } from "./room-alias.js";
import { identifierRejection } from "../../test/helpers/identifier-rejection.js";

const reasonFor = (input: unknown): string => identifierRejection("room alias", parseRoomAlias, input);

describe('appendix "Room Aliases": #room_alias:domain', () => {
  it("parses the aliases of the m.room.canonical_alias example", () => {
    expect(parseRoomAlias("#somewhere:localhost")).toEqual({ alias: "#somewhere:localhost", localpart: "somewhere", serverName: "localhost" });
    expect(parseRoomAlias("#myroom:example.com:8448").serverName).toBe("example.com:8448");
  });

  it("allows any non-surrogate code point except ':' and NUL in the localpart", () => {
    expect(parseRoomAlias("#Straße 🎉\t!:example.org").localpart).toBe("Straße 🎉\t!");
    expect(reasonFor("#a\u0000:example.org")).toMatch(/NUL/);
    expect(reasonFor("#a\udfff:example.org")).toMatch(/lone surrogate U\+DFFF/);
  });

  it("rejects empty parts, a bad server name and a wrong sigil", () => {
    expect(reasonFor("#:example.org")).toMatch(/localpart is empty/);
    expect(reasonFor("#room:")).toMatch(/server name is empty/);
    expect(reasonFor("#room")).toMatch(/no ":"/);
    expect(reasonFor("#room:exa!mple.org")).toMatch(/"!"/);
    expect(reasonFor("!room:example.org")).toMatch(/sigil "#"/);
    expect(reasonFor(false)).toMatch(/got boolean/);
  });

  it("limits the alias, sigil and domain included, to 255 bytes", () => {
    const ok = `#${"r".repeat(255 - 1 - ":example.org".length)}:example.org`;
    expect(isValidRoomAlias(ok)).toBe(true);
    expect(reasonFor(`#r${ok.slice(1)}`)).toMatch(/256 bytes long/);
  });
});
