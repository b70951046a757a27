import { sha256 } from "../crypto/sha256.js";
import { EventFormatError, MatrixCoreError } from "../errors.js";
import { decodeBase64, encodeBase64 } from "../json/base64.js";
import { canonicalJson } from "../json/canonical-json.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { assertEventObject, isJsonObject } from "./json-object.js";
import type { Pdu } from "./pdu.js";

// Spec: Server-Server API, "Calculating the content hash for an event".

const utf8 = new TextEncoder();

/**
 * The canonical JSON the content hash covers: the whole event without
 * `unsigned`, `signatures` and `hashes`. Strict (integers only) in rooms
 * whose version requires it, so a float there is a `CanonicalJsonError`.
 */
export function contentHashPreimage(pdu: Pdu | Record<string, unknown>, roomVersion: RoomVersion): string {
  assertEventObject(pdu);
  const { unsigned: _unsigned, signatures: _signatures, hashes: _hashes, ...covered } = pdu;
  return canonicalJson(covered, { strict: roomVersion.strictCanonicalJson });
}

/** The SHA-256 content hash of an event as unpadded standard base64 (the value of `hashes.sha256`). */
export function computeContentHash(pdu: Pdu | Record<string, unknown>, roomVersion: RoomVersion): string {
  return encodeBase64(sha256(utf8.encode(contentHashPreimage(pdu, roomVersion))));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Checks `hashes.sha256` against the event ("Validating hashes and signatures
 * on received events": base64-decode the received hash and compare). A
 * missing or malformed `hashes` object is an `EventFormatError`; a hash that
 * is not base64 or does not match is `CONTENT_HASH_MISMATCH`, after which the
 * receiver uses the redacted copy of the event.
 */
export function checkContentHash(pdu: Pdu | Record<string, unknown>, roomVersion: RoomVersion): void {
  assertEventObject(pdu);
  const hashes = pdu.hashes;
  if (!isJsonObject(hashes)) throw new EventFormatError("hashes is missing or not an object");
  const claimed = hashes.sha256;
  if (typeof claimed !== "string") throw new EventFormatError("hashes.sha256 is missing or not a string");
  const expected = sha256(utf8.encode(contentHashPreimage(pdu, roomVersion)));
  let received: Uint8Array;
  try {
    received = decodeBase64(claimed);
  } catch (err) {
    throw new MatrixCoreError("CONTENT_HASH_MISMATCH", "hashes.sha256 is not base64", { cause: err });
  }
  if (!sameBytes(expected, received)) {
    throw new MatrixCoreError("CONTENT_HASH_MISMATCH", `content hash ${claimed} does not match the event (expected ${encodeBase64(expected)})`);
  }
}
