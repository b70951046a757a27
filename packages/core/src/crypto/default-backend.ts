import type { Ed25519Backend } from "./ed25519.js";
import { createNodeEd25519 } from "./node-ed25519.js";
import { nodeCryptoModule } from "./sha256.js";
import { createTweetnaclEd25519 } from "./tweetnacl-ed25519.js";
import { createWebCryptoEd25519 } from "./webcrypto-ed25519.js";

let chosen: Ed25519Backend | undefined;

/**
 * The fastest backend this runtime has: native in Node, otherwise WebCrypto
 * when it supports Ed25519, otherwise tweetnacl.
 */
export async function defaultEd25519(): Promise<Ed25519Backend> {
  if (chosen) return chosen;
  if (nodeCryptoModule()) return (chosen = createNodeEd25519());
  try {
    const web = createWebCryptoEd25519();
    await web.signingKeyFromSeed(new Uint8Array(32));
    return (chosen = web);
  } catch {
    return (chosen = createTweetnaclEd25519());
  }
}
