// Text helpers shared by the identifier parsers: byte lengths (the appendix
// measures IDs in UTF-8 bytes), readable descriptions of characters for
// error reasons, and the public parse wrapper around a `check…` function.
import { InvalidIdentifierError } from "../errors.js";

/** What a parser returns internally before the public wrapper throws. */
export type IdentifierCheck<T> = { ok: true; value: T } | { ok: false; reason: string };

export function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/**
 * UTF-8 length without allocating the encoded bytes. A lone surrogate counts
 * as the 3 bytes of U+FFFD, which is what an encoder would emit; parsers
 * reject lone surrogates separately.
 */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** `"A" (U+0041)`: the character and its code point, safe to print. */
export function describeCodePoint(cp: number): string {
  const hex = cp.toString(16).toUpperCase().padStart(4, "0");
  // Control characters and surrogates would garble the message; show only the code point.
  const printable = cp > 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp <= 0x9f) && !(cp >= 0xd800 && cp <= 0xdfff);
  return printable ? `${JSON.stringify(String.fromCodePoint(cp))} (U+${hex})` : `U+${hex}`;
}

/**
 * Checks the rule several localparts share (room ID, room alias, historical
 * user ID and v1 event ID localparts): any non-surrogate code point except
 * `:` and NUL. Returns a reason or undefined.
 */
export function checkOpaqueLocalpart(localpart: string, partName: string): string | undefined {
  for (let i = 0; i < localpart.length; i++) {
    const unit = localpart.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < localpart.length && isLowSurrogate(localpart.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    if (unit >= 0xd800 && unit <= 0xdfff) return `${partName} contains a lone surrogate ${describeCodePoint(unit)} at index ${i}`;
    if (unit === 0) return `${partName} contains NUL (U+0000) at index ${i}`;
    if (unit === 0x3a) return `${partName} contains ":" at index ${i}`;
  }
  return undefined;
}

/** Typed rejection of a non-string input, without calling its toString. */
export function describeNonString(input: unknown): string {
  const type = input === null ? "null" : Array.isArray(input) ? "array" : typeof input;
  return `expected a string, got ${type}`;
}

/** The 255-byte limit the appendix sets for user IDs, room IDs, aliases and event IDs. */
export const MAX_IDENTIFIER_BYTES = 255;

export function checkIdentifierLength(s: string, what: string): string | undefined {
  const bytes = utf8ByteLength(s);
  return bytes > MAX_IDENTIFIER_BYTES ? `is ${bytes} bytes long; ${what}s must not exceed ${MAX_IDENTIFIER_BYTES} bytes` : undefined;
}

/**
 * The opening checks of the sigil IDs (user IDs, room IDs, aliases, event
 * IDs): the sigil, then the 255-byte limit. Returns a reason or undefined.
 */
export function checkSigilAndLength(s: string, sigil: string, what: string): string | undefined {
  if (!s.startsWith(sigil)) return s === "" ? "empty string" : `does not start with the sigil ${JSON.stringify(sigil)}`;
  return checkIdentifierLength(s, what);
}

/**
 * What every `parse…` function does with its `check…` function: refuse
 * non-strings without calling their toString, and turn a failed check into
 * an `InvalidIdentifierError` of `kind` carrying its reason.
 */
export function parseChecked<T>(kind: string, input: unknown, check: (s: string) => IdentifierCheck<T>): T {
  if (typeof input !== "string") throw new InvalidIdentifierError(kind, "", describeNonString(input));
  const checked = check(input);
  if (!checked.ok) throw new InvalidIdentifierError(kind, input, checked.reason);
  return checked.value;
}
