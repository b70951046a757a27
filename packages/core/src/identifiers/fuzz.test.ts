import { describe, expect, it } from "vitest";
import { InvalidIdentifierError } from "../errors.js";
import { getRoomVersion, KNOWN_ROOM_VERSION_IDS } from "../rooms/room-versions.js";
import { parseEventId } from "./event-id.js";
import { parseKeyId } from "./key-id.js";
import { parseNamespacedIdentifier } from "./namespaced-id.js";
import { parseOpaqueId } from "./opaque-id.js";
import { parseRoomAlias } from "./room-alias.js";
import { parseRoomId } from "./room-id.js";
import { serverNameOf } from "./server-name-of.js";
import { parseServerName } from "./server-name.js";
import { parseUserId } from "./user-id.js";

// Every parser either returns or throws InvalidIdentifierError, whatever the
// input; and long inputs are refused quickly, not scanned for ever.

const versions = KNOWN_ROOM_VERSION_IDS.map(getRoomVersion);
const parsers: ((s: unknown) => unknown)[] = [
  parseServerName,
  (s) => parseUserId(s),
  (s) => parseUserId(s, { historical: true }),
  (s) => parseRoomId(s),
  ...versions.map((version) => (s: unknown) => parseRoomId(s, version)),
  parseRoomAlias,
  (s) => parseEventId(s),
  ...versions.map((version) => (s: unknown) => parseEventId(s, version)),
  parseKeyId,
  (s) => parseOpaqueId(s),
  parseNamespacedIdentifier,
  serverNameOf,
];

function parsesOrThrowsTyped(input: unknown): void {
  for (const parse of parsers) {
    try {
      parse(input);
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidIdentifierError);
    }
  }
}

describe("identifier parsers throw only InvalidIdentifierError", () => {
  it("for pseudo-random strings built from the characters that matter to the grammars", () => {
    const alphabet = ["@", "!", "#", "$", ":", "[", "]", ".", "-", "_", "+", "/", "=", "a", "Z", "0", "9", "f", " ", "\u0000", "\ud800", "\udc00", "é", "🐇", "%", "~"];
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const length = Math.floor(random() * 50);
      let s = "";
      for (let j = 0; j < length; j++) s += alphabet[Math.floor(random() * alphabet.length)]!;
      parsesOrThrowsTyped(s);
    }
  });

  it("for every kind of non-string", () => {
    for (const input of [undefined, null, 0, NaN, true, 10n, Symbol("s"), {}, [], () => "@a:b", new String("@a:b")]) {
      for (const parse of parsers) expect(() => parse(input)).toThrow(InvalidIdentifierError);
    }
  });

  it("for inputs of megabytes, quickly", () => {
    const started = Date.now();
    for (const input of ["@" + "a".repeat(2_000_000) + ":example.org", "@a:" + "b".repeat(2_000_000), "[" + ":".repeat(2_000_000) + "]", "$" + "A".repeat(2_000_000)]) {
      parsesOrThrowsTyped(input);
    }
    // Generous: this is a guard against quadratic scans, not a benchmark.
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
