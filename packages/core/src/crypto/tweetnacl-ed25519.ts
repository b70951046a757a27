import nacl from "tweetnacl";
import { assertSeed, plausibleSignature, type Ed25519Backend } from "./ed25519.js";

/** Pure-JavaScript ed25519: the portable fallback where neither native nor WebCrypto Ed25519 exists. */
export function createTweetnaclEd25519(): Ed25519Backend {
  return {
    name: "tweetnacl",
    // async so that a bad seed rejects the promise instead of throwing synchronously.
    // eslint-disable-next-line @typescript-eslint/require-await
    async signingKeyFromSeed(seed) {
      assertSeed(seed);
      const pair = nacl.sign.keyPair.fromSeed(seed);
      return {
        seed: Uint8Array.from(seed),
        publicKey: pair.publicKey,
        sign: (message) => Promise.resolve(nacl.sign.detached(message, pair.secretKey)),
      };
    },
    verify(publicKey, message, signature) {
      if (!plausibleSignature(publicKey, signature)) return Promise.resolve(false);
      return Promise.resolve(nacl.sign.detached.verify(message, signature, publicKey));
    },
  };
}
