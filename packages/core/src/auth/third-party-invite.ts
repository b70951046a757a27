import nacl from "tweetnacl";
import type { RoomEvent } from "../events/pdu.js";
import { decodeBase64, decodeBase64Url } from "../json/base64.js";
import type { JsonObject } from "../json/canonical-json.js";
import { isJsonObject, own } from "../power-levels/json-access.js";
import { signingBytes } from "../signing/sign-json.js";

/** Synchronous ed25519 verification, as `authorize` needs it. */
export type VerifyEd25519 = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean;

/** tweetnacl's verification; false (not an exception) for keys or signatures of the wrong size. */
export const tweetnaclVerifyEd25519: VerifyEd25519 = (publicKey, message, signature) => {
  if (publicKey.length !== nacl.sign.publicKeyLength || signature.length !== nacl.sign.signatureLength) return false;
  return nacl.sign.detached.verify(message, signature, publicKey);
};

/** Identity servers publish unpadded base64; accept the URL-safe alphabet too. */
function decodeKey(encoded: string): Uint8Array | undefined {
  try {
    return decodeBase64(encoded);
  } catch {
    try {
      return decodeBase64Url(encoded);
    } catch {
      return undefined;
    }
  }
}

/**
 * The public keys of an `m.room.third_party_invite` event: `content.public_key`
 * and each `content.public_keys[].public_key` (auth rule "invite" 1.7.1–2).
 * Entries that are not base64 strings are skipped.
 */
export function thirdPartyInvitePublicKeys(inviteEvent: RoomEvent): Uint8Array[] {
  const encoded: string[] = [];
  const content = inviteEvent.content;
  const single = own(content, "public_key");
  if (typeof single === "string") encoded.push(single);
  const list = own(content, "public_keys");
  if (Array.isArray(list)) {
    for (const entry of list) {
      const key = own(entry, "public_key");
      if (typeof key === "string") encoded.push(key);
    }
  }
  const keys: Uint8Array[] = [];
  for (const text of encoded) {
    const key = decodeKey(text);
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

/**
 * Whether any ed25519 signature in `signed.signatures` verifies, over the
 * signing bytes of `signed` (appendix "Signing JSON"), with any of the keys.
 */
export function signedBlockMatchesAnyKey(signed: JsonObject, publicKeys: readonly Uint8Array[], verify: VerifyEd25519): boolean {
  if (publicKeys.length === 0) return false;
  const signatures = own(signed, "signatures");
  if (!isJsonObject(signatures)) return false;
  let message: Uint8Array;
  try {
    // Lenient canonical JSON: an identity server's block is all strings; a
    // stray float just fails to match instead of aborting the rules.
    message = signingBytes(signed, { strict: false });
  } catch {
    return false;
  }
  for (const byKeyId of Object.values(signatures)) {
    if (!isJsonObject(byKeyId)) continue;
    for (const [keyId, encoded] of Object.entries(byKeyId)) {
      if (!keyId.startsWith("ed25519:") || typeof encoded !== "string") continue;
      let signature: Uint8Array;
      try {
        signature = decodeBase64(encoded);
      } catch {
        continue;
      }
      for (const key of publicKeys) {
        let ok = false;
        try {
          ok = verify(key, message, signature);
        } catch {
          ok = false;
        }
        if (ok) return true;
      }
    }
  }
  return false;
}
