import { type IdentifierCheck, describeCodePoint, fail, ok, parseChecked } from "./text.js";

/**
 * Opaque Identifier Grammar (appendix "Opaque Identifiers"): the RFC 3986
 * unreserved characters, 1 to 255 of them unless the identifier's own
 * definition says otherwise.
 */
export interface OpaqueIdOptions {
  /** Defaults to 1. */
  minLength?: number;
  /** Defaults to 255. */
  maxLength?: number;
}

const OPAQUE_CHAR = /^[0-9A-Za-z\-._~]$/;

export function parseOpaqueId(input: unknown, options: OpaqueIdOptions = {}): string {
  return parseChecked("opaque ID", input, (s) => checkOpaqueId(s, options));
}

export function isValidOpaqueId(input: unknown, options: OpaqueIdOptions = {}): input is string {
  return typeof input === "string" && checkOpaqueId(input, options).ok;
}

export function checkOpaqueId(s: string, options: OpaqueIdOptions = {}): IdentifierCheck<string> {
  const min = options.minLength ?? 1;
  const max = options.maxLength ?? 255;
  if (s.length < min) return fail(s === "" ? "empty string" : `is ${s.length} characters long; at least ${min} are needed`);
  if (s.length > max) return fail(`is ${s.length} characters long; at most ${max} are allowed`);
  for (let i = 0; i < s.length; i++) {
    if (!OPAQUE_CHAR.test(s[i]!)) {
      return fail(`contains ${describeCodePoint(s.codePointAt(i)!)} at index ${i}; only A-Z, a-z, 0-9, "-", ".", "_" and "~" are allowed`);
    }
  }
  return ok(s);
}
