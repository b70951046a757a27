import { EventFormatError, MatrixCoreError } from "../errors.js";
import { encodeBase64 } from "../json/base64.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import type { Signatures, SigningIdentity } from "../signing/sign-json.js";
import { computeContentHash } from "./content-hash.js";
import { isJsonObject } from "./json-object.js";
import { assertRedactable } from "./redaction.js";
import { referenceHashPreimage } from "./reference-hash.js";

// Spec: Server-Server API, "Adding hashes and signatures to outgoing events".

const utf8 = new TextEncoder();

function objectOrEmpty(value: unknown, field: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isJsonObject(value)) throw new EventFormatError(`${field} is not an object`);
  return value;
}

/**
 * Returns a copy of `pdu` with its content hash in `hashes.sha256` and
 * `signer`'s signature of the redacted event added to `signatures` (other
 * hashes and signatures are kept; `unsigned` is left as it was).
 *
 * Only what signing reads is checked (an object with a string `type` and an
 * object `content`, canonical JSON): an event being built need not be a full
 * PDU yet. In rooms 1–2 set `event_id` first, as the signature covers it.
 */
export async function signEvent<T extends Record<string, unknown>>(
  pdu: T,
  signer: SigningIdentity,
  roomVersion: RoomVersion,
): Promise<Omit<T, "hashes" | "signatures"> & { hashes: { sha256: string; [algorithm: string]: string }; signatures: Signatures }> {
  assertRedactable(pdu);
  if (!signer.keyId.startsWith("ed25519:")) {
    throw new MatrixCoreError("INVALID_KEY", `signing key ID ${JSON.stringify(signer.keyId)} is not an ed25519 key ID`);
  }
  const hashes = { ...objectOrEmpty(pdu.hashes, "hashes"), sha256: computeContentHash(pdu, roomVersion) };
  const hashed = { ...pdu, hashes };
  const signature = await signer.key.sign(utf8.encode(referenceHashPreimage(hashed, roomVersion)));
  const existing = objectOrEmpty(pdu.signatures, "signatures");
  const ours = { ...objectOrEmpty(existing[signer.entity], `signatures.${signer.entity}`), [signer.keyId]: encodeBase64(signature) };
  return { ...hashed, signatures: { ...existing, [signer.entity]: ours } as Signatures };
}
