import { MatrixCoreError } from "../errors.js";

/**
 * One interface over three ed25519 implementations (native `node:crypto`,
 * WebCrypto, `tweetnacl`). Methods are async because WebCrypto is; the native
 * and tweetnacl backends resolve at once.
 */
export interface Ed25519Backend {
  readonly name: "node" | "webcrypto" | "tweetnacl";
  /** A signing key from its 32-byte seed (the form Matrix key files store). */
  signingKeyFromSeed(seed: Uint8Array): Promise<Ed25519SigningKey>;
  /** True when `signature` is a valid 64-byte signature of `message` by `publicKey`. */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

export interface Ed25519SigningKey {
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export const ED25519_SEED_LENGTH = 32;
export const ED25519_PUBLIC_KEY_LENGTH = 32;
export const ED25519_SIGNATURE_LENGTH = 64;

export function assertSeed(seed: Uint8Array): void {
  if (!(seed instanceof Uint8Array) || seed.length !== ED25519_SEED_LENGTH) {
    throw new MatrixCoreError("INVALID_KEY", `an ed25519 seed is ${ED25519_SEED_LENGTH} bytes, got ${seed?.length ?? typeof seed}`);
  }
}

/** Wrong-length keys or signatures can never verify; say so instead of throwing. */
export function plausibleSignature(publicKey: Uint8Array, signature: Uint8Array): boolean {
  return publicKey.length === ED25519_PUBLIC_KEY_LENGTH && signature.length === ED25519_SIGNATURE_LENGTH;
}

// DER prefixes of RFC 8410 PKCS#8 private keys and SPKI public keys for Ed25519;
// the raw 32 bytes follow them.
export const PKCS8_ED25519_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
export const SPKI_ED25519_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

export function withPrefix(prefix: Uint8Array, raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + raw.length);
  out.set(prefix);
  out.set(raw, prefix.length);
  return out;
}
