import type * as NodeCryptoModule from "node:crypto";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";

type NodeCrypto = typeof NodeCryptoModule;

/**
 * `node:crypto` when running in Node (found at run time through
 * `process.getBuiltinModule`, so bundlers for browsers never see an import),
 * otherwise undefined.
 */
export function nodeCryptoModule(): NodeCrypto | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return proc?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
}

const nodeCrypto = nodeCryptoModule();

/** SHA-256, synchronous: native in Node, @noble/hashes elsewhere. */
export const sha256: (data: Uint8Array) => Uint8Array = nodeCrypto
  ? (data) => {
      const digest = nodeCrypto.createHash("sha256").update(data).digest();
      return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
    }
  : (data) => nobleSha256(data);
