import { type IdentifierCheck, describeCodePoint, fail, ok, parseChecked } from "./text.js";

/** Common Namespaced Identifier Grammar (appendix of that name). */
export interface NamespacedIdentifier {
  readonly identifier: string;
  /** Starts with `m.`: reserved for identifiers the Matrix specification defines. */
  readonly reserved: boolean;
}

const MAX_LENGTH = 255;

export function parseNamespacedIdentifier(input: unknown): NamespacedIdentifier {
  return parseChecked("namespaced identifier", input, checkNamespacedIdentifier);
}

export function isValidNamespacedIdentifier(input: unknown): input is string {
  return typeof input === "string" && checkNamespacedIdentifier(input).ok;
}

export function checkNamespacedIdentifier(s: string): IdentifierCheck<NamespacedIdentifier> {
  if (s === "") return fail("empty string");
  if (s.length > MAX_LENGTH) return fail(`is ${s.length} characters long; at most ${MAX_LENGTH} are allowed`);
  if (!/^[a-z]$/.test(s[0]!)) return fail(`starts with ${describeCodePoint(s.codePointAt(0)!)}; it must start with a-z`);
  for (let i = 1; i < s.length; i++) {
    if (!/^[a-z0-9\-_.]$/.test(s[i]!)) {
      return fail(`contains ${describeCodePoint(s.codePointAt(i)!)} at index ${i}; only a-z, 0-9, "-", "_" and "." are allowed`);
    }
  }
  return ok({ identifier: s, reserved: s.startsWith("m.") });
}
