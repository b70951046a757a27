import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createNodeEd25519, decodeBase64, encodeBase64, type Ed25519SigningKey } from "@myelin/core";
import { ConfigError } from "./config/config-error.js";

/** The server's signing key, as Synapse stores it: one line "ed25519 <version> <unpadded base64 seed>". */
export interface ServerSigningKey {
  keyId: string;
  key: Ed25519SigningKey;
}

const KEY_LINE = /^ed25519 ([A-Za-z0-9_]+) ([A-Za-z0-9+/]+={0,2})$/;

export async function readSigningKey(path: string): Promise<ServerSigningKey> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read signing key ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== "") ?? "";
  const match = KEY_LINE.exec(line);
  if (!match?.[1] || !match[2]) throw new ConfigError(`${path} is not a signing key file (expected "ed25519 <version> <base64 seed>")`);
  let seed: Uint8Array;
  try {
    seed = decodeBase64(match[2]);
  } catch {
    throw new ConfigError(`${path}: the key seed is not base64`);
  }
  if (seed.length !== 32) throw new ConfigError(`${path}: the key seed is ${seed.length} bytes, not 32`);
  return { keyId: `ed25519:${match[1]}`, key: await createNodeEd25519().signingKeyFromSeed(seed) };
}

/**
 * Write a new key file (mode 0600, never over an existing file). Key
 * versions follow Synapse's "a_" + four letters habit; any [A-Za-z0-9_] is valid.
 */
export function writeNewSigningKey(path: string): string {
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const version = "a_" + Array.from(randomBytes(4), (b) => letters[b % letters.length]).join("");
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `ed25519 ${version} ${encodeBase64(new Uint8Array(randomBytes(32)))}\n`, { mode: 0o600, flag: "wx" });
  return `ed25519:${version}`;
}

/** Read the key, creating it first when the file does not exist (`start` on a fresh data directory). */
export async function ensureSigningKey(path: string): Promise<ServerSigningKey> {
  try {
    writeNewSigningKey(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
      throw new ConfigError(`cannot create signing key ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  return readSigningKey(path);
}
