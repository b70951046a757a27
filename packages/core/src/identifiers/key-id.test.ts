import { describe, expect, it } from "vitest";
import { isValidKeyId, parseKeyId } from "./key-id.js";
import { identifierRejection } from "../../test/helpers/identifier-rejection.js";

const reasonFor = (input: unknown): string => identifierRejection("key ID", parseKeyId, input);

describe('key IDs: appendix "Signing Details" (algorithm:version), server keys definition ([a-zA-Z0-9_] versions)', () => {
  it("splits the examples of the spec into algorithm and version", () => {
    expect(parseKeyId("ed25519:1")).toEqual({ keyId: "ed25519:1", algorithm: "ed25519", version: "1" });
    expect(parseKeyId("ed25519:abc123")).toMatchObject({ algorithm: "ed25519", version: "abc123" });
    expect(parseKeyId("ed25519:0ldK3y").version).toBe("0ldK3y");
    expect(parseKeyId("ed25519:policy_server").version).toBe("policy_server");
    // An algorithm we do not implement still parses, so checkers can skip it.
    expect(parseKeyId("curve25519:a_B9").algorithm).toBe("curve25519");
  });

  it.each([
    ["", /empty string/],
    ["ed25519", /no ":"/],
    [":abc", /algorithm is empty/],
    ["ed25519:", /version is empty/],
    ["ed25519:a-b", /version contains "-"/],
    ["ed25519:a:b", /version contains ":"/],
    ["ed25519:a b", /version contains U\+0020/],
    ["ed.25519:1", /algorithm contains "\."/],
  ])("rejects %j", (id, reason) => {
    expect(reasonFor(id)).toMatch(reason);
  });

  it("rejects non-strings", () => {
    expect(reasonFor(25519)).toMatch(/got number/);
    expect(isValidKeyId(undefined)).toBe(false);
    expect(isValidKeyId("ed25519:auto")).toBe(true);
  });
});
