import { ED25519_PUBLIC_KEY_LENGTH, type Ed25519Backend, type Ed25519SigningKey } from "../crypto/ed25519.js";
import { SignatureError } from "../errors.js";
import { decodeBase64, encodeBase64 } from "../json/base64.js";
import { canonicalJsonBytesWithout, type CanonicalJsonOptions, type JsonObject } from "../json/canonical-json.js";

/** A server's or device's signing key: who signs, under which key ID, with which key. */
export interface SigningIdentity {
  /** The entity in `signatures`: a server name, or a user ID for device keys. */
  readonly entity: string;
  /** `ed25519:<version>`. */
  readonly keyId: string;
  readonly key: Ed25519SigningKey;
}

export type Signatures = Record<string, Record<string, string>>;

/** Top-level keys outside what is signed (appendix "Signing Details"). */
const NOT_SIGNED = ["signatures", "unsigned"] as const;

/**
 * The bytes that are signed ("Signing JSON"): the canonical JSON of the object
 * without `signatures` and `unsigned`.
 */
export function signingBytes(object: JsonObject | Record<string, unknown>, options?: CanonicalJsonOptions): Uint8Array {
  return canonicalJsonBytesWithout(object, NOT_SIGNED, options);
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Returns a copy of `object` with `signer`'s signature added to any existing
 * ones; `unsigned` is kept as it was, outside what is signed.
 */
export async function signJson<T extends Record<string, unknown>>(
  object: T,
  signer: SigningIdentity,
  options?: CanonicalJsonOptions,
): Promise<Omit<T, "signatures"> & { signatures: Signatures }> {
  const existing = object.signatures ?? {};
  const mine = isPlainRecord(existing) ? (existing[signer.entity] ?? {}) : undefined;
  if (!isPlainRecord(existing) || !isPlainRecord(mine)) {
    // Spreading a string or array here would invent signatures; refuse instead.
    throw new SignatureError("INVALID_SIGNATURE", "existing `signatures` is not an object of objects");
  }
  const signature = await signer.key.sign(signingBytes(object, options));
  const signatures = { ...existing, [signer.entity]: { ...mine, [signer.keyId]: encodeBase64(signature) } } as Signatures;
  // Written this way round for speed: `{ ...object, signatures }` adds a key
  // to a freshly spread object when `signatures` is new, which V8 makes ~1 µs
  // slower than this. Key order does not matter to canonical JSON.
  const signed = { signatures, ...object };
  signed.signatures = signatures;
  return signed;
}

/**
 * Checks the signature `entity` made with `keyId` on `object` (appendix
 * "Checking for a Signature"). Resolves to nothing when valid; rejects with a
 * `SignatureError` whose code says what is wrong: `INVALID_KEY` (not an
 * ed25519 key ID, or a public key that is not 32 bytes), `MISSING_SIGNATURE`,
 * `INVALID_SIGNATURE` (not base64, or does not match).
 */
export async function verifyJsonSignature(
  object: Record<string, unknown>,
  entity: string,
  keyId: string,
  publicKey: Uint8Array,
  backend: Ed25519Backend,
  options?: CanonicalJsonOptions,
): Promise<void> {
  // The only signing algorithm the spec defines is ed25519 ("Signing Details").
  if (typeof keyId !== "string" || !keyId.startsWith("ed25519:")) {
    throw new SignatureError("INVALID_KEY", `unsupported signing algorithm in key ID ${JSON.stringify(keyId)}`);
  }
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== ED25519_PUBLIC_KEY_LENGTH) {
    throw new SignatureError("INVALID_KEY", `an ed25519 public key is ${ED25519_PUBLIC_KEY_LENGTH} bytes`);
  }
  const signatures = object.signatures;
  if (!isPlainRecord(signatures)) {
    throw new SignatureError("MISSING_SIGNATURE", "object has no signatures");
  }
  const byEntity = signatures[entity];
  const encoded = isPlainRecord(byEntity) ? byEntity[keyId] : undefined;
  if (typeof encoded !== "string") {
    throw new SignatureError("MISSING_SIGNATURE", `no signature from ${entity} with key ${keyId}`);
  }
  let signature: Uint8Array;
  try {
    signature = decodeBase64(encoded);
  } catch (err) {
    throw new SignatureError("INVALID_SIGNATURE", `signature from ${entity} ${keyId} is not base64`, { cause: err });
  }
  if (!(await backend.verify(publicKey, signingBytes(object, options), signature))) {
    throw new SignatureError("INVALID_SIGNATURE", `signature from ${entity} with key ${keyId} does not match`);
  }
}
