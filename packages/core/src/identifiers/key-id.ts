import { type IdentifierCheck, describeCodePoint, fail, ok, parseChecked } from "./text.js";

/**
 * A signing key identifier (appendix "Signing Details"): the signing
 * algorithm and a key version joined by ":", e.g. `ed25519:abc123`.
 */
export interface KeyId {
  readonly keyId: string;
  readonly algorithm: string;
  readonly version: string;
}

// The server keys definition (`verify_keys`, `old_verify_keys`) says the
// version "must have characters matching [a-zA-Z0-9_]". The spec gives the
// algorithm no grammar of its own; the known ones (`ed25519`) fit the same
// set, and unknown algorithms must still parse so that checkers can skip them.
const KEY_ID_PART_CHAR = /^[A-Za-z0-9_]$/;

export function parseKeyId(input: unknown): KeyId {
  return parseChecked("key ID", input, checkKeyId);
}

export function isValidKeyId(input: unknown): input is string {
  return typeof input === "string" && checkKeyId(input).ok;
}

export function checkKeyId(s: string): IdentifierCheck<KeyId> {
  if (s === "") return fail("empty string");
  const colon = s.indexOf(":");
  if (colon < 0) return fail('has no ":" between algorithm and version');
  const algorithm = s.slice(0, colon);
  const version = s.slice(colon + 1);
  const reason = checkPart(algorithm, "algorithm") ?? checkPart(version, "version");
  if (reason) return fail(reason);
  return ok({ keyId: s, algorithm, version });
}

function checkPart(part: string, name: string): string | undefined {
  if (part === "") return `${name} is empty`;
  for (let i = 0; i < part.length; i++) {
    if (!KEY_ID_PART_CHAR.test(part[i]!)) {
      return `${name} contains ${describeCodePoint(part.codePointAt(i)!)}; only A-Z, a-z, 0-9 and "_" are allowed`;
    }
  }
  return undefined;
}
