import type { Ed25519Backend, Ed25519SigningKey } from "../crypto/ed25519.js";
import { MatrixCoreError, SignatureError } from "../errors.js";
import { decodeBase64, encodeBase64 } from "../json/base64.js";
import { canonicalJsonBytes, type CanonicalJsonOptions, type JsonObject } from "../json/canonical-json.js";

/** A server's or device's signing key: who signs, under which key ID, with which key. */
export interface SigningIdentity {
  /** The entity in `signatures`: a server name, or a user ID for device keys. */
  readonly entity: string;
  /** `ed25519:<version>`. */
  readonly keyId: string;
  readonly key: Ed25519SigningKey;
}

export type Signatures = Record<string, Record<string, string>>;

/**
 * The bytes that are signed ("Signing JSON"): the canonical JSON of the object
 * without `signatures` and `unsigned`.
 */
export function signingBytes(object: JsonObject | Record<string, unknown>, options?: CanonicalJsonOptions): Uint8Array {
  const { signatures: _signatures, unsigned: _unsigned, ...rest } = object;
  return canonicalJsonBytes(rest, options);
}

/**
 * Returns a copy of `object` with `signer`'s signature added to any existing
 * ones; `unsigned` is kept as it was, outside what is signed.
 */
export async function signJson<T extends Record<string, unknown>>(
  object: T,
  signer: SigningIdentity,
  options?: CanonicalJsonOptions,
): Promise<T & { signatures: Signatures }> {
  const signature = await signer.key.sign(signingBytes(object, options));
  const existing = (object.signatures ?? {}) as Signatures;
  const signatures: Signatures = { ...existing, [signer.entity]: { ...existing[signer.entity], [signer.keyId]: encodeBase64(signature) } };
  return { ...object, signatures };
}

/**
 * Checks the signature `entity` made with `keyId` on `object`. Resolves to
 * nothing when valid; rejects with `SignatureError` saying what is wrong
 * (missing, not base64, not valid).
 */
export async function verifyJsonSignature(
  object: Record<string, unknown>,
  entity: string,
  keyId: string,
  publicKey: Uint8Array,
  backend: Ed25519Backend,
  options?: CanonicalJsonOptions,
): Promise<void> {
  const signatures = object.signatures;
  if (signatures === null || typeof signatures !== "object" || Array.isArray(signatures)) {
    throw new SignatureError("MISSING_SIGNATURE", "object has no signatures");
  }
  const byEntity = (signatures as Record<string, unknown>)[entity];
  const encoded = byEntity !== null && typeof byEntity === "object" ? (byEntity as Record<string, unknown>)[keyId] : undefined;
  if (typeof encoded !== "string") {
    throw new SignatureError("MISSING_SIGNATURE", `no signature from ${entity} with key ${keyId}`);
  }
  let signature: Uint8Array;
  try {
    signature = decodeBase64(encoded);
  } catch (err) {
    throw new SignatureError("INVALID_SIGNATURE", `signature from ${entity} ${keyId} is not base64`, { cause: err });
  }
  if (!keyId.startsWith("ed25519:")) {
    throw new MatrixCoreError("INVALID_KEY", `unsupported signing algorithm in key ID ${JSON.stringify(keyId)}`);
  }
  if (!(await backend.verify(publicKey, signingBytes(object, options), signature))) {
    throw new SignatureError("INVALID_SIGNATURE", `signature from ${entity} with key ${keyId} does not match`);
  }
}
