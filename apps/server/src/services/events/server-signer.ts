import type { SigningIdentity } from "@myelin/core";
import { ensureSigningKey } from "../../signing-key.js";

/** Where the send pipeline gets the server's signing identity. */
export type SignerSource = () => Promise<SigningIdentity>;

/**
 * The server's signing identity, read from the key file on first use (and
 * created there when missing, as `myelin start` does): commands that never
 * sign events (`register-user`) never touch the key.
 */
export function serverSignerFromKeyFile(serverName: string, keyPath: string): SignerSource {
  let loaded: Promise<SigningIdentity> | undefined;
  return () => (loaded ??= ensureSigningKey(keyPath).then(({ keyId, key }) => ({ entity: serverName, keyId, key })));
}
