import type { KeyObject } from "node:crypto";
import { MatrixCoreError } from "../errors.js";
import {
  assertSeed,
  plausibleSignature,
  PKCS8_ED25519_PREFIX,
  SPKI_ED25519_PREFIX,
  withPrefix,
  type Ed25519Backend,
  type Ed25519SigningKey,
} from "./ed25519.js";
import { nodeCryptoModule } from "./sha256.js";

const VERIFY_KEY_CACHE_LIMIT = 4096;

/**
 * Native ed25519 through `node:crypto` (OpenSSL): the fast path for servers.
 * Public keys are turned into KeyObjects once and cached, since a server
 * verifies many signatures from few keys.
 */
export function createNodeEd25519(): Ed25519Backend {
  const nodeCrypto = nodeCryptoModule();
  if (!nodeCrypto) throw new MatrixCoreError("CRYPTO_UNAVAILABLE", "node:crypto is not available in this runtime");
  const verifyKeys = new Map<string, KeyObject>();

  function verifyKey(publicKey: Uint8Array): KeyObject {
    // latin1 maps each byte to one char: a cheap exact key (spreading into String.fromCharCode costs ~6x more).
    const cacheKey = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString("latin1");
    let key = verifyKeys.get(cacheKey);
    if (!key) {
      key = nodeCrypto!.createPublicKey({ key: Buffer.from(withPrefix(SPKI_ED25519_PREFIX, publicKey)), format: "der", type: "spki" });
      if (verifyKeys.size >= VERIFY_KEY_CACHE_LIMIT) verifyKeys.clear();
      verifyKeys.set(cacheKey, key);
    }
    return key;
  }

  return {
    name: "node",
    // async so that a bad seed rejects the promise, like the WebCrypto backend, instead of throwing synchronously.
    // eslint-disable-next-line @typescript-eslint/require-await
    async signingKeyFromSeed(seed): Promise<Ed25519SigningKey> {
      assertSeed(seed);
      const privateKey = nodeCrypto.createPrivateKey({ key: Buffer.from(withPrefix(PKCS8_ED25519_PREFIX, seed)), format: "der", type: "pkcs8" });
      const spki = nodeCrypto.createPublicKey(privateKey).export({ format: "der", type: "spki" });
      const publicKey = new Uint8Array(spki.subarray(SPKI_ED25519_PREFIX.length));
      return {
        seed: Uint8Array.from(seed),
        publicKey,
        sign: (message) => Promise.resolve(new Uint8Array(nodeCrypto.sign(null, message, privateKey))),
      };
    },
    verify(publicKey, message, signature) {
      if (!plausibleSignature(publicKey, signature)) return Promise.resolve(false);
      try {
        return Promise.resolve(nodeCrypto.verify(null, message, verifyKey(publicKey), signature));
      } catch {
        // OpenSSL refuses some malformed points outright; that is "not valid".
        return Promise.resolve(false);
      }
    },
  };
}
