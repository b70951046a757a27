import { sha256 } from "../crypto/sha256.js";
import { canonicalJson } from "../json/canonical-json.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import type { Pdu } from "./pdu.js";
import { redactWithout } from "./redaction.js";

// Spec: Server-Server API, "Calculating the reference hash for an event":
// redact, remove `signatures` and `unsigned`, canonical JSON, SHA-256.
// Redaction already drops `unsigned` (and any top-level `age_ts`), so only
// `signatures` is left out on top of it. Every redaction algorithm protects
// `event_id`, so in rooms 1–2 the server-chosen ID is part of the hash (the
// Synapse vectors' `redacted_canonical_json` for those rooms includes it).

const utf8 = new TextEncoder();

/**
 * The canonical JSON of the redacted event without `signatures` and
 * `unsigned`. It is both what the reference hash covers and what a server
 * signs ("Signing events"), so signing and verifying reuse it.
 */
export function referenceHashPreimage(pdu: Pdu | Record<string, unknown>, roomVersion: RoomVersion): string {
  return canonicalJson(redactWithout(pdu, roomVersion, "signatures"), { strict: roomVersion.strictCanonicalJson });
}

/** The 32-byte SHA-256 reference hash of an event. */
export function computeReferenceHash(pdu: Pdu | Record<string, unknown>, roomVersion: RoomVersion): Uint8Array {
  return sha256(utf8.encode(referenceHashPreimage(pdu, roomVersion)));
}
