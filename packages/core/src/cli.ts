#!/usr/bin/env node
// myelin-core: a small demo CLI over the JSON signing primitives of
// @myelin/core. Node-only (the one file of src/ that imports node: modules);
// it is the package's `bin`, never exported from the library entry point.
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createNodeEd25519 } from "./crypto/node-ed25519.js";
import type { Ed25519SigningKey } from "./crypto/ed25519.js";
import { MatrixCoreError } from "./errors.js";
import { decodeBase64, encodeBase64 } from "./json/base64.js";
import { canonicalJson, parseJson, type CanonicalJsonOptions, type JsonObject } from "./json/canonical-json.js";
import { findRoomVersion } from "./rooms/room-versions.js";
import { signJson, verifyJsonSignature } from "./signing/sign-json.js";

const USAGE = `usage: myelin-core <command> [options]

  generate-key --server NAME [--key-id ed25519:a_xyz] [--out FILE]
      new signing key as a Synapse-style line "ed25519 <version> <seed>";
      to FILE (created, never overwritten) or to stdout
  public-key --key FILE
      prints "<key id> <unpadded base64 public key>"
  sign --server NAME --key FILE [--room-version V] [input.json|-]
      prints the object with NAME's signature added (canonical JSON)
  verify --server NAME --public-key BASE64 --key-id ed25519:x [--room-version V] [input.json|-]
      exit 0 when NAME's signature is valid, 1 (with the reason) when not
  canonical [--room-version V] [input.json|-]
      prints the canonical JSON of the input

Input defaults to stdin. --room-version picks canonical JSON rules (versions
1-5 allow floats and large integers). Bad input exits with status 2.`;

/** A problem with what the user gave us: reported in one line, exit status 2. */
class InputError extends Error {}

const EXIT_VALID = 0;
const EXIT_INVALID = 1;
const EXIT_BAD_INPUT = 2;

// Key versions are limited to [a-zA-Z0-9_] (server-server API, "Retrieving server keys").
const KEY_VERSION = /^[A-Za-z0-9_]+$/;

interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

function readInput(path: string | undefined): string {
  try {
    return readFileSync(path === undefined || path === "-" ? 0 : path, "utf8");
  } catch (err) {
    throw new InputError(`cannot read ${path ?? "stdin"}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function canonicalOptions(roomVersion: string | undefined): CanonicalJsonOptions {
  if (roomVersion === undefined) return { strict: true };
  const version = findRoomVersion(roomVersion);
  if (!version) throw new InputError(`unknown room version ${JSON.stringify(roomVersion)}`);
  return { strict: version.strictCanonicalJson };
}

function readJsonObject(path: string | undefined, options: CanonicalJsonOptions): JsonObject {
  const value = parseJson(readInput(path), options);
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new InputError("input is not a JSON object");
  return value;
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === "") throw new InputError(`--${name} is required`);
  return value;
}

function checkServerName(name: string): string {
  if (/\s/.test(name)) throw new InputError(`--server ${JSON.stringify(name)} is not a server name`);
  return name;
}

function checkKeyId(keyId: string): string {
  const [algorithm, version] = [keyId.slice(0, keyId.indexOf(":")), keyId.slice(keyId.indexOf(":") + 1)];
  if (algorithm !== "ed25519" || !KEY_VERSION.test(version)) {
    throw new InputError(`key ID ${JSON.stringify(keyId)} is not "ed25519:<version>" with a version of [A-Za-z0-9_]`);
  }
  return keyId;
}

/** Synapse's default key versions look like "a_XyZw". */
function randomKeyVersion(): string {
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  return "a_" + Array.from(randomBytes(4), (b) => letters[b % letters.length]).join("");
}

interface KeyFile {
  keyId: string;
  key: Ed25519SigningKey;
}

/** Reads the first key of a Synapse-style signing key file: "ed25519 <version> <base64 seed>" per line. */
async function readKeyFile(path: string): Promise<KeyFile> {
  const line = readInput(path)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== "");
  const parts = line?.split(/\s+/) ?? [];
  if (parts.length !== 3 || parts[0] !== "ed25519" || !KEY_VERSION.test(parts[1]!)) {
    throw new InputError(`${path} is not a signing key file (expected "ed25519 <version> <base64 seed>")`);
  }
  let seed: Uint8Array;
  try {
    seed = decodeBase64(parts[2]!);
  } catch {
    throw new InputError(`${path}: the key seed is not base64`);
  }
  if (seed.length !== 32) throw new InputError(`${path}: the key seed is ${seed.length} bytes, not 32`);
  return { keyId: `ed25519:${parts[1]}`, key: await createNodeEd25519().signingKeyFromSeed(seed) };
}

type Values = Record<string, string | boolean | undefined>;
const str = (values: Values, name: string): string | undefined => values[name] as string | undefined;

async function generateKey(values: Values, io: Output): Promise<number> {
  const server = checkServerName(required(str(values, "server"), "server"));
  const keyId = checkKeyId(str(values, "key-id") ?? `ed25519:${randomKeyVersion()}`);
  const seed = new Uint8Array(randomBytes(32));
  const key = await createNodeEd25519().signingKeyFromSeed(seed);
  const line = `ed25519 ${keyId.slice("ed25519:".length)} ${encodeBase64(seed)}\n`;
  const out = str(values, "out");
  if (out === undefined) {
    io.out(line.trimEnd());
    return EXIT_VALID;
  }
  try {
    // 0600 and "wx": a private key, and never over an existing one.
    writeFileSync(out, line, { mode: 0o600, flag: "wx" });
  } catch (err) {
    throw new InputError(`cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  io.out(canonicalJson({ server_name: server, verify_keys: { [keyId]: { key: encodeBase64(key.publicKey) } } }));
  return EXIT_VALID;
}

async function publicKey(values: Values, io: Output): Promise<number> {
  const { keyId, key } = await readKeyFile(required(str(values, "key"), "key"));
  io.out(`${keyId} ${encodeBase64(key.publicKey)}`);
  return EXIT_VALID;
}

async function sign(values: Values, input: string | undefined, io: Output): Promise<number> {
  const server = checkServerName(required(str(values, "server"), "server"));
  const { keyId, key } = await readKeyFile(required(str(values, "key"), "key"));
  const options = canonicalOptions(str(values, "room-version"));
  const signed = await signJson(readJsonObject(input, options), { entity: server, keyId, key }, options);
  io.out(canonicalJson(signed, options));
  return EXIT_VALID;
}

async function verify(values: Values, input: string | undefined, io: Output): Promise<number> {
  const server = checkServerName(required(str(values, "server"), "server"));
  const keyId = checkKeyId(required(str(values, "key-id"), "key-id"));
  let publicKeyBytes: Uint8Array;
  try {
    publicKeyBytes = decodeBase64(required(str(values, "public-key"), "public-key"));
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError("--public-key is not base64");
  }
  if (publicKeyBytes.length !== 32) throw new InputError(`--public-key is ${publicKeyBytes.length} bytes, not 32`);
  const options = canonicalOptions(str(values, "room-version"));
  const object = readJsonObject(input, options);
  try {
    await verifyJsonSignature(object, server, keyId, publicKeyBytes, createNodeEd25519(), options);
  } catch (err) {
    if (err instanceof MatrixCoreError && (err.code === "MISSING_SIGNATURE" || err.code === "INVALID_SIGNATURE")) {
      io.err(`invalid: ${err.message}`);
      return EXIT_INVALID;
    }
    throw err;
  }
  io.out(`valid: signature of ${server} with ${keyId}`);
  return EXIT_VALID;
}

function canonical(values: Values, input: string | undefined, io: Output): number {
  const options = canonicalOptions(str(values, "room-version"));
  io.out(canonicalJson(parseJson(readInput(input), options), options));
  return EXIT_VALID;
}

const OPTIONS = {
  server: { type: "string" },
  "key-id": { type: "string" },
  out: { type: "string" },
  key: { type: "string" },
  "public-key": { type: "string" },
  "room-version": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Which options each command takes; anything else is a usage error. */
const COMMAND_OPTIONS: Record<string, readonly string[]> = {
  "generate-key": ["server", "key-id", "out"],
  "public-key": ["key"],
  sign: ["server", "key", "room-version"],
  verify: ["server", "public-key", "key-id", "room-version"],
  canonical: ["room-version"],
};

async function run(argv: string[], io: Output): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    io.out(USAGE);
    return command === undefined ? EXIT_BAD_INPUT : EXIT_VALID;
  }
  const allowed = COMMAND_OPTIONS[command];
  if (!allowed) throw new InputError(`unknown command ${JSON.stringify(command)} (try --help)`);
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return EXIT_VALID;
  }
  for (const name of Object.keys(values)) {
    if (!allowed.includes(name)) throw new InputError(`${command} does not take --${name}`);
  }
  const takesInput = command === "sign" || command === "verify" || command === "canonical";
  if (positionals.length > (takesInput ? 1 : 0)) throw new InputError(`unexpected argument ${JSON.stringify(positionals.at(-1))}`);
  const input = positionals[0];
  switch (command) {
    case "generate-key":
      return generateKey(values, io);
    case "public-key":
      return publicKey(values, io);
    case "sign":
      return sign(values, input, io);
    case "verify":
      return verify(values, input, io);
    default:
      return canonical(values, input, io);
  }
}

const io: Output = {
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
};

// `pnpm start -- sign ...` passes the `--` through; it is not a command.
const args = process.argv.slice(2);
run(args[0] === "--" ? args.slice(1) : args, io).then(
  (status) => {
    process.exitCode = status;
  },
  (err: unknown) => {
    // Input problems (ours or the library's typed errors) in one line, no stack trace.
    if (err instanceof InputError || err instanceof MatrixCoreError) {
      io.err(`myelin-core: ${err.message}`);
      process.exitCode = EXIT_BAD_INPUT;
    } else {
      io.err(`myelin-core: internal error: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 70; // EX_SOFTWARE
    }
  },
);
