import type { Buffer as NodeBuffer } from "node:buffer";
import { Base64Error } from "../errors.js";

// Matrix uses unpadded base64 everywhere ("Unpadded Base64" appendix), in the
// standard alphabet for keys, hashes and signatures and the URL-safe alphabet
// for v4+ event IDs. Decoders accept padding, as the appendix asks.

const STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function buildDecodeTable(alphabet: string): Int16Array {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
}
const STANDARD_DECODE = buildDecodeTable(STANDARD);
const URL_SAFE_DECODE = buildDecodeTable(URL_SAFE);

const nodeBuffer = (globalThis as { Buffer?: typeof NodeBuffer }).Buffer;

function encodeWith(bytes: Uint8Array, alphabet: string): string {
  let out = "";
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += alphabet[v >> 18]! + alphabet[(v >> 12) & 63]! + alphabet[(v >> 6) & 63]! + alphabet[v & 63]!;
  }
  if (n - i === 1) {
    const v = bytes[i]! << 16;
    out += alphabet[v >> 18]! + alphabet[(v >> 12) & 63]!;
  } else if (n - i === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += alphabet[v >> 18]! + alphabet[(v >> 12) & 63]! + alphabet[(v >> 6) & 63]!;
  }
  return out;
}

/** Unpadded standard base64. */
export function encodeBase64(bytes: Uint8Array): string {
  if (nodeBuffer) {
    const padded = nodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
    // Cut the known amount of padding (2, 1 or 0 '=') rather than running a regex on every signature.
    const padding = (3 - (bytes.byteLength % 3)) % 3;
    return padding === 0 ? padded : padded.slice(0, padded.length - padding);
  }
  return encodeWith(bytes, STANDARD);
}

/** Unpadded URL-safe base64 (RFC 4648 §5). */
export function encodeBase64Url(bytes: Uint8Array): string {
  if (nodeBuffer) {
    return nodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
  }
  return encodeWith(bytes, URL_SAFE);
}

function decodeWith(input: string, table: Int16Array, alphabetName: string): Uint8Array {
  if (typeof input !== "string") throw new Base64Error("not a string");
  let end = input.length;
  // Accept up to two '=' of padding, but only where padding can be.
  while (end > 0 && input.charCodeAt(end - 1) === 61 /* = */) end--;
  const padding = input.length - end;
  if (padding > 2) throw new Base64Error("too much padding");
  if (padding > 0 && input.length % 4 !== 0) throw new Base64Error("padding at the wrong length");
  const rem = end % 4;
  if (rem === 1) throw new Base64Error(`length ${end} is not a valid base64 length`);
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const c = input.charCodeAt(i);
    const v = c < 128 ? table[c]! : -1;
    if (v < 0) throw new Base64Error(`character ${JSON.stringify(input[i])} at ${i} is not in the ${alphabetName} alphabet`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  // Leftover bits are ignored, not rejected: the spec's own test seed
  // ("YJDBA9Xn...XA1", appendix "Cryptographic Test Vectors") has non-zero ones.
  return out;
}

/** Decodes standard base64, padded or not. */
export function decodeBase64(input: string): Uint8Array {
  return decodeWith(input, STANDARD_DECODE, "standard");
}

/** Decodes URL-safe base64, padded or not. */
export function decodeBase64Url(input: string): Uint8Array {
  return decodeWith(input, URL_SAFE_DECODE, "URL-safe");
}
