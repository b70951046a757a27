import { MatrixCoreError } from "../errors.js";
import { decodeBase64Url } from "../json/base64.js";
import {
  assertSeed,
  plausibleSignature,
  PKCS8_ED25519_PREFIX,
  withPrefix,
  type Ed25519Backend,
  type Ed25519SigningKey,
} from "./ed25519.js";

const ALGORITHM = { name: "Ed25519" } as const;

/** WebCrypto's typings want bytes backed by a plain ArrayBuffer (not shared). */
function owned(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

/** One char per byte: an exact Map key for a public key (a loop is ~5x cheaper than spreading into fromCharCode). */
function cacheKeyOf(publicKey: Uint8Array): string {
  let key = "";
  for (let i = 0; i < publicKey.length; i++) key += String.fromCharCode(publicKey[i]!);
  return key;
}

/** Ed25519 through the Web Crypto API (browsers, Deno, Bun, workers, Node). */
export function createWebCryptoEd25519(subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle): Ed25519Backend {
  if (!subtle) throw new MatrixCoreError("CRYPTO_UNAVAILABLE", "WebCrypto (crypto.subtle) is not available in this runtime");
  const verifyKeys = new Map<string, Promise<CryptoKey>>();

  function verifyKey(publicKey: Uint8Array): Promise<CryptoKey> {
    const cacheKey = cacheKeyOf(publicKey);
    let key = verifyKeys.get(cacheKey);
    if (!key) {
      key = subtle.importKey("raw", owned(publicKey), ALGORITHM, false, ["verify"]);
      if (verifyKeys.size >= 4096) verifyKeys.clear();
      verifyKeys.set(cacheKey, key);
    }
    return key;
  }

  return {
    name: "webcrypto",
    async signingKeyFromSeed(seed): Promise<Ed25519SigningKey> {
      assertSeed(seed);
      const privateKey = await subtle.importKey("pkcs8", owned(withPrefix(PKCS8_ED25519_PREFIX, seed)), ALGORITHM, true, ["sign"]);
      const jwk = await subtle.exportKey("jwk", privateKey);
      if (!jwk.x) throw new MatrixCoreError("CRYPTO_UNAVAILABLE", "WebCrypto did not export the Ed25519 public key");
      return {
        seed: Uint8Array.from(seed),
        publicKey: decodeBase64Url(jwk.x),
        sign: async (message) => new Uint8Array(await subtle.sign(ALGORITHM, privateKey, owned(message))),
      };
    },
    async verify(publicKey, message, signature) {
      if (!plausibleSignature(publicKey, signature)) return false;
      try {
        return await subtle.verify(ALGORITHM, await verifyKey(publicKey), owned(signature), owned(message));
      } catch {
        verifyKeys.delete(cacheKeyOf(publicKey));
        return false;
      }
    },
  };
}
