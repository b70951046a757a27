// Signing and verifying an event-sized JSON object with each ed25519 backend,
// against raw node:crypto on the same pre-encoded bytes with a pre-made
// KeyObject (the floor: what OpenSSL alone costs). Run alone with
// `node --import tsx bench/crypto.ts` (prints JSON); BENCH_SECONDS sets the
// length of each measurement (default 1.5).
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from "node:crypto";
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Ed25519Backend } from "../src/crypto/ed25519.js";
import { createNodeEd25519 } from "../src/crypto/node-ed25519.js";
import { createTweetnaclEd25519 } from "../src/crypto/tweetnacl-ed25519.js";
import { createWebCryptoEd25519 } from "../src/crypto/webcrypto-ed25519.js";
import { decodeBase64 } from "../src/json/base64.js";
import { signingBytes, signJson, verifyJsonSignature, type SigningIdentity } from "../src/signing/sign-json.js";

const SEED = decodeBase64("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1");
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SECONDS_PER_MEASUREMENT = Number(process.env.BENCH_SECONDS ?? 1.5);

/** A room-version-10 `m.room.message` PDU as a server would send it (about 500 bytes canonical). */
function typicalEvent(): Record<string, unknown> {
  return {
    auth_events: [
      "$Xo7bPIf2W3mrYg0yw7GXPbqTGbFjvTiSLo0ib1vnHpY",
      "$8cX6jDZ3dmXT6yLZBKqNsNUV5I2mIOyXJrJz6pyFx9Q",
      "$QGlwzfl4mO-Ixvh5YmE5aHXtCRz1IbQvCbnJjQGpnjc",
    ],
    content: { body: "Did you see the new release notes? They look good to me.", msgtype: "m.text" },
    depth: 1234,
    hashes: { sha256: "5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos" },
    origin: "example.org",
    origin_server_ts: 1700000000000,
    prev_events: ["$pcBCZ08TlbaYb13Z8m3NeqPbWi4i0u2kUoDIUdxCZD8"],
    room_id: "!GdRNyqBThrSJGkQlvu:example.org",
    sender: "@alice:example.org",
    type: "m.room.message",
    unsigned: { age_ts: 1700000000000 },
  };
}

interface Rate {
  opsPerSecond: number;
  microsecondsPerOp: number;
  iterations: number;
}

function rate(iterations: number, milliseconds: number): Rate {
  return {
    opsPerSecond: Math.round((iterations * 1000) / milliseconds),
    microsecondsPerOp: Number(((milliseconds * 1000) / iterations).toFixed(2)),
    iterations,
  };
}

/** Iterations, wall milliseconds and process CPU microseconds of one timed run. */
type Run = [iterations: number, milliseconds: number, cpuMicroseconds: number];

/** Runs `op` (awaited: the JSON API is async) for about `milliseconds`. */
async function runFor(op: () => unknown, milliseconds: number): Promise<Run> {
  let iterations = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const deadline = start + milliseconds;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 16; i++) await op();
    iterations += 16;
    now = performance.now();
  }
  const used = process.cpuUsage(cpu);
  return [iterations, now - start, used.user + used.system];
}

/** The raw baseline in a plain loop, as a caller of node:crypto would write it. */
function runSyncFor(op: () => unknown, milliseconds: number): Run {
  let iterations = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const deadline = start + milliseconds;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 16; i++) op();
    iterations += 16;
    now = performance.now();
  }
  const used = process.cpuUsage(cpu);
  return [iterations, now - start, used.user + used.system];
}

async function measure(op: () => unknown, seconds = SECONDS_PER_MEASUREMENT): Promise<Rate> {
  await runFor(op, Math.min(300, seconds * 200)); // warm-up
  const [iterations, ms] = await runFor(op, seconds * 1000);
  return rate(iterations, ms);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Raw node:crypto against the JSON API, interleaved in 50 ms slices so that
 * load from other processes hits both alike. Ratios are medians of per-slice
 * ratios (1.0 = as fast as raw): by CPU time of this process (robust when
 * other processes compete for the cores) and by wall time.
 */
async function compareWithRaw(raw: () => unknown, json: () => unknown, seconds = SECONDS_PER_MEASUREMENT) {
  runSyncFor(raw, 200);
  await runFor(json, 200);
  const slices = Math.max(4, Math.round((seconds * 1000) / 50));
  const cpuRatios: number[] = [];
  const wallRatios: number[] = [];
  const rawTotal: Run = [0, 0, 0];
  const jsonTotal: Run = [0, 0, 0];
  for (let i = 0; i < slices; i++) {
    const r = runSyncFor(raw, 50);
    const j = await runFor(json, 50);
    cpuRatios.push(j[0] / j[2] / (r[0] / r[2]));
    wallRatios.push(j[0] / j[1] / (r[0] / r[1]));
    for (const k of [0, 1, 2] as const) {
      rawTotal[k] += r[k];
      jsonTotal[k] += j[k];
    }
  }
  return {
    raw: rate(rawTotal[0], rawTotal[1]),
    json: rate(jsonTotal[0], jsonTotal[1]),
    cpuMicrosecondsPerOp: {
      raw: Number((rawTotal[2] / rawTotal[0]).toFixed(2)),
      json: Number((jsonTotal[2] / jsonTotal[0]).toFixed(2)),
    },
    ratioByCpuTime: Number(median(cpuRatios).toFixed(3)),
    ratioByWallTime: Number(median(wallRatios).toFixed(3)),
  };
}

async function benchBackend(backend: Ed25519Backend, event: Record<string, unknown>, seconds: number) {
  const key = await backend.signingKeyFromSeed(SEED);
  const signer: SigningIdentity = { entity: "example.org", keyId: "ed25519:a_bench", key };
  const signed = await signJson(event, signer);
  return {
    signJson: await measure(() => signJson(event, signer), seconds),
    verifyJsonSignature: await measure(() => verifyJsonSignature(signed, "example.org", "ed25519:a_bench", key.publicKey, backend), seconds),
  };
}

export async function benchCrypto(): Promise<Record<string, unknown>> {
  const event = typicalEvent();
  const message = signingBytes(event);

  // The floor: OpenSSL through node:crypto, bytes already encoded, KeyObjects made once.
  const privateKey: KeyObject = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, SEED]), format: "der", type: "pkcs8" });
  const publicKey: KeyObject = createPublicKey(privateKey);
  const rawSignature = nodeSign(null, message, privateKey);
  const rawSign = () => nodeSign(null, message, privateKey);
  const rawVerify = () => nodeVerify(null, message, publicKey, rawSignature);

  // The native backend through the JSON API, interleaved with the raw calls.
  const native = createNodeEd25519();
  const nativeKey = await native.signingKeyFromSeed(SEED);
  const signer: SigningIdentity = { entity: "example.org", keyId: "ed25519:a_bench", key: nativeKey };
  const signed = await signJson(event, signer);
  const sign = await compareWithRaw(rawSign, () => signJson(event, signer));
  const verify = await compareWithRaw(rawVerify, () => verifyJsonSignature(signed, "example.org", "ed25519:a_bench", nativeKey.publicKey, native));
  // The backend alone on the same pre-encoded bytes: what the interface costs.
  const backendSign = await compareWithRaw(rawSign, () => nativeKey.sign(message));
  const backendVerify = await compareWithRaw(rawVerify, () => native.verify(nativeKey.publicKey, message, rawSignature));

  // Where the difference goes: canonical JSON + UTF-8 of the event, alone.
  runSyncFor(() => signingBytes(event), 200);
  const canonical = runSyncFor(() => signingBytes(event), SECONDS_PER_MEASUREMENT * 500);

  const backends: Record<string, Awaited<ReturnType<typeof benchBackend>>> = {};
  for (const backend of [native, createWebCryptoEd25519(), createTweetnaclEd25519()]) {
    // tweetnacl is ~100x slower; a shorter run gives enough iterations.
    backends[backend.name] = await benchBackend(backend, event, backend.name === "tweetnacl" ? 1 : SECONDS_PER_MEASUREMENT);
  }

  return {
    node: process.version,
    canonicalBytes: message.byteLength,
    secondsPerMeasurement: SECONDS_PER_MEASUREMENT,
    rawNodeCrypto: { sign: sign.raw, verify: verify.raw },
    signingBytesAlone: rate(canonical[0], canonical[1]),
    backends,
    // Native backend on pre-encoded bytes / raw node:crypto (target ≥ 0.9).
    nativeBackendVsRaw: { sign: backendSign.ratioByCpuTime, verify: backendVerify.ratioByCpuTime },
    // Native backend with canonical JSON / raw node:crypto, measured side by
    // side in 50 ms slices. 1.0 = as fast as raw.
    nativeJsonVsRaw: {
      sign: sign.ratioByCpuTime,
      verify: verify.ratioByCpuTime,
      signByWallTime: sign.ratioByWallTime,
      verifyByWallTime: verify.ratioByWallTime,
      cpuMicrosecondsPerOp: { sign: sign.cpuMicrosecondsPerOp, verify: verify.cpuMicrosecondsPerOp },
    },
  };
}

const invokedPath = process.argv[1] ? realpathSync(process.argv[1]) : "";
if (invokedPath === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await benchCrypto(), null, 2));
}
