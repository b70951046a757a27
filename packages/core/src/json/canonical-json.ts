import type { Buffer as NodeBuffer } from "node:buffer";
import { CanonicalJsonError, MatrixCoreError } from "../errors.js";

/** A JSON value as Matrix signs it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Largest and smallest integers that canonical JSON allows (appendix "Canonical JSON"). */
export const MAX_SAFE_CANONICAL_INTEGER = 2 ** 53 - 1;
export const MIN_SAFE_CANONICAL_INTEGER = -(2 ** 53 - 1);

export interface CanonicalJsonOptions {
  /**
   * Room versions 6 and later (and every signed object outside rooms) require
   * integers in [-(2^53)+1, 2^53-1] and reject floats. Older room versions
   * let events carry floats and larger numbers; set `strict: false` for them.
   * Defaults to true.
   */
  strict?: boolean;
}

const MAX_DEPTH = 512;

/**
 * Orders strings by Unicode code point. JavaScript's default sort compares
 * UTF-16 code units, which puts U+10000 (a surrogate pair, 0xD800...) before
 * U+E000; the spec orders by code point, so surrogates must sort last.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/**
 * Why a value has no canonical form, thrown from deep inside the encoder. The
 * path is collected on the way out (each container adds its key or index), so
 * the hot path never builds path strings for values that are fine.
 */
class Unencodable extends Error {
  /** Innermost first. */
  readonly segments: (string | number)[] = [];
  constructor(readonly reason: string) {
    super(reason);
  }
}

function pathOf(segments: readonly (string | number)[]): string {
  let path = "";
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    path += typeof segment === "number" ? `[${segment}]` : path ? `.${segment}` : segment;
  }
  return path;
}

// Code units that need more than copying: '"', '\\', controls (escaped) and
// surrogates (must be checked for pairing). No `u` flag: match code units.
// eslint-disable-next-line no-control-regex
const NEEDS_CARE = /["\\\u0000-\u001f\ud800-\udfff]/;

function encodeString(s: string): string {
  if (!NEEDS_CARE.test(s)) return `"${s}"`;
  if (!s.isWellFormed()) throw new Unencodable("string contains a lone surrogate (not encodable as UTF-8)");
  // JSON.stringify escapes exactly what canonical JSON escapes: '"', '\\' and
  // U+0000..U+001F (short forms where JSON has them, else \u00XX in lowercase).
  return JSON.stringify(s);
}

function encodeNumber(n: number, strict: boolean): string {
  if (!Number.isFinite(n)) throw new Unencodable(`${n} is not a JSON number`);
  if (strict) {
    if (!Number.isInteger(n)) throw new Unencodable(`${n} is not an integer`);
    if (n > MAX_SAFE_CANONICAL_INTEGER || n < MIN_SAFE_CANONICAL_INTEGER) {
      throw new Unencodable(`${n} is outside the canonical JSON integer range`);
    }
  }
  // Outside ±(2^53−1) (only reachable when not strict) String() would round
  // the digits ("1152921504606847000" for 2^60) or switch to an exponent
  // (1e+21); the exact decimal of the integer is what its sender wrote
  // whenever that integer was representable at all (2^60, -2^63, 2^64).
  if (Number.isInteger(n) && (n > MAX_SAFE_CANONICAL_INTEGER || n < MIN_SAFE_CANONICAL_INTEGER)) return BigInt(n).toString();
  // -0 must print as 0, which String() already does.
  return String(n);
}

// Matrix objects reuse a small vocabulary of keys ("type", "content",
// "origin_server_ts", ...). Caching each key's encoded `"key":` prefix skips
// its escape check and two string concatenations per member. Bounded, since
// keys come from the network: once full it just stops learning.
const KEY_CACHE_LIMIT = 2048;
const encodedKeys = new Map<string, string>();

function encodeKey(key: string): string {
  let encoded = encodedKeys.get(key);
  if (encoded === undefined) {
    encoded = encodeString(key) + ":";
    if (encodedKeys.size < KEY_CACHE_LIMIT && key.length <= 64) encodedKeys.set(key, encoded);
  }
  return encoded;
}

function encodeArray(array: readonly unknown[], strict: boolean, depth: number): string {
  let out = "[";
  let i = 0;
  try {
    for (; i < array.length; i++) {
      if (i > 0) out += ",";
      out += encode(array[i], strict, depth + 1);
    }
  } catch (err) {
    if (err instanceof Unencodable) err.segments.push(i);
    throw err;
  }
  return out + "]";
}

/** `omit`: top-level keys left out (see `canonicalJsonBytesWithout`); never set below the top. */
function encodeObject(object: object, strict: boolean, depth: number, omit?: readonly string[]): string {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) throw new Unencodable("not a plain object");
  const record = object as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort(compareCodePoints);
  let out = "{";
  let first = true;
  let key = "";
  try {
    for (let i = 0; i < keys.length; i++) {
      key = keys[i]!;
      if (omit !== undefined && omit.includes(key)) continue;
      const value = record[key];
      if (value === undefined) throw new Unencodable("undefined is not a JSON value");
      if (!first) out += ",";
      first = false;
      out += encodeKey(key);
      out += encode(value, strict, depth + 1);
    }
  } catch (err) {
    if (err instanceof Unencodable) err.segments.push(key);
    throw err;
  }
  return out + "}";
}

function encode(value: unknown, strict: boolean, depth: number): string {
  switch (typeof value) {
    case "string":
      return encodeString(value);
    case "number":
      return encodeNumber(value, strict);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (depth > MAX_DEPTH) throw new Unencodable(`nested deeper than ${MAX_DEPTH}`);
      return Array.isArray(value) ? encodeArray(value, strict, depth) : encodeObject(value, strict, depth);
    default:
      throw new Unencodable(`${typeof value} is not a JSON value`);
  }
}

/**
 * Encodes a value as Matrix canonical JSON: keys sorted by code point, no
 * insignificant whitespace, shortest escapes, UTF-8 text. Throws
 * `CanonicalJsonError` (with the path to the offending value) for anything
 * that has no canonical form.
 */
export function canonicalJson(value: unknown, options: CanonicalJsonOptions = {}): string {
  try {
    return encode(value, options.strict ?? true, 0);
  } catch (err) {
    if (err instanceof Unencodable) throw new CanonicalJsonError(err.reason, pathOf(err.segments));
    throw err;
  }
}

const utf8 = new TextEncoder();
const nodeBuffer = (globalThis as { Buffer?: typeof NodeBuffer }).Buffer;

/**
 * UTF-8 bytes of a string. In Node, Buffer.from is ~3x faster than
 * TextEncoder for event-sized strings (it writes into a pooled slab instead
 * of allocating); the result is a plain Uint8Array view of those bytes.
 */
function utf8Bytes(text: string): Uint8Array {
  if (nodeBuffer) {
    const bytes = nodeBuffer.from(text, "utf8");
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return utf8.encode(text);
}

function utf8Length(text: string): number {
  return nodeBuffer ? nodeBuffer.byteLength(text, "utf8") : utf8.encode(text).byteLength;
}

/** Canonical JSON as UTF-8 bytes, ready to hash or sign. */
export function canonicalJsonBytes(value: unknown, options: CanonicalJsonOptions = {}): Uint8Array {
  return utf8Bytes(canonicalJson(value, options));
}

/**
 * Canonical JSON of a JSON object without some of its top-level keys, as
 * UTF-8 bytes: what Matrix signs (the object without `signatures` and
 * `unsigned`) and hashes (also without `hashes`), without copying the object
 * first. Throws `CanonicalJsonError` when `object` is not a plain object or
 * has no canonical form.
 */
export function canonicalJsonBytesWithout(
  object: JsonObject | Record<string, unknown>,
  omit: readonly string[],
  options: CanonicalJsonOptions = {},
): Uint8Array {
  if (object === null || typeof object !== "object" || Array.isArray(object)) {
    throw new CanonicalJsonError("not a JSON object", "");
  }
  let text: string;
  try {
    text = encodeObject(object, options.strict ?? true, 0, omit);
  } catch (err) {
    if (err instanceof Unencodable) throw new CanonicalJsonError(err.reason, pathOf(err.segments));
    throw err;
  }
  return utf8Bytes(text);
}

/**
 * Parses JSON text received from elsewhere, with a size limit, and checks it
 * can be re-encoded canonically. Returns the parsed value; throws
 * `MatrixCoreError` with code `JSON_TOO_LARGE` past `maxBytes` (UTF-8 bytes),
 * otherwise `CanonicalJsonError` (never a bare SyntaxError).
 */
export function parseJson(text: string, options: CanonicalJsonOptions & { maxBytes?: number } = {}): JsonValue {
  if (typeof text !== "string") throw new CanonicalJsonError(`expected JSON text, got ${typeof text}`, "");
  const { maxBytes } = options;
  // Each UTF-16 code unit is at least one UTF-8 byte, so a text longer than the
  // limit is refused before anything is encoded or parsed.
  if (maxBytes !== undefined && (text.length > maxBytes || utf8Length(text) > maxBytes)) {
    throw new MatrixCoreError("JSON_TOO_LARGE", `JSON is larger than ${maxBytes} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CanonicalJsonError(`not valid JSON: ${(err as Error).message}`, "");
  }
  canonicalJson(parsed, options);
  return parsed as JsonValue;
}
