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

function encodeString(s: string, path: string): string {
  if (!s.isWellFormed()) throw new CanonicalJsonError("string contains a lone surrogate (not encodable as UTF-8)", path);
  // JSON.stringify escapes exactly what canonical JSON escapes: '"', '\\' and
  // U+0000..U+001F (short forms where JSON has them, else \u00XX in lowercase).
  return JSON.stringify(s);
}

function encodeNumber(n: number, strict: boolean, path: string): string {
  if (!Number.isFinite(n)) throw new CanonicalJsonError(`${n} is not a JSON number`, path);
  if (strict) {
    if (!Number.isInteger(n)) throw new CanonicalJsonError(`${n} is not an integer`, path);
    if (n > MAX_SAFE_CANONICAL_INTEGER || n < MIN_SAFE_CANONICAL_INTEGER) {
      throw new CanonicalJsonError(`${n} is outside the canonical JSON integer range`, path);
    }
  }
  // -0 must print as 0, which String() already does.
  return String(n);
}

function encode(value: unknown, strict: boolean, path: string, depth: number): string {
  switch (typeof value) {
    case "string":
      return encodeString(value, path);
    case "number":
      return encodeNumber(value, strict, path);
    case "boolean":
      return value ? "true" : "false";
    case "object": {
      if (value === null) return "null";
      if (depth > MAX_DEPTH) throw new CanonicalJsonError(`nested deeper than ${MAX_DEPTH}`, path);
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ",";
          out += encode(value[i], strict, path ? `${path}[${i}]` : `[${i}]`, depth + 1);
        }
        return out + "]";
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new CanonicalJsonError("not a plain object", path);
      }
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort(compareCodePoints);
      let out = "{";
      let first = true;
      for (const key of keys) {
        const v = obj[key];
        const childPath = path ? `${path}.${key}` : key;
        if (v === undefined) throw new CanonicalJsonError("undefined is not a JSON value", childPath);
        if (!first) out += ",";
        first = false;
        out += encodeString(key, childPath) + ":" + encode(v, strict, childPath, depth + 1);
      }
      return out + "}";
    }
    default:
      throw new CanonicalJsonError(`${typeof value} is not a JSON value`, path);
  }
}

/**
 * Encodes a value as Matrix canonical JSON: keys sorted by code point, no
 * insignificant whitespace, shortest escapes, UTF-8 text. Throws
 * `CanonicalJsonError` for anything that has no canonical form.
 */
export function canonicalJson(value: unknown, options: CanonicalJsonOptions = {}): string {
  return encode(value, options.strict ?? true, "", 0);
}

const utf8 = new TextEncoder();

/** Canonical JSON as UTF-8 bytes, ready to hash or sign. */
export function canonicalJsonBytes(value: unknown, options: CanonicalJsonOptions = {}): Uint8Array {
  return utf8.encode(canonicalJson(value, options));
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
  if (maxBytes !== undefined && (text.length > maxBytes || utf8.encode(text).byteLength > maxBytes)) {
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
