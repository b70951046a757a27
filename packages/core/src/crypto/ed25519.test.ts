import { randomBytes, randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MatrixCoreError } from "../errors.js";
import { decodeBase64, encodeBase64 } from "../json/base64.js";
import { canonicalJsonBytes } from "../json/canonical-json.js";
import { defaultEd25519 } from "./default-backend.js";
import type { Ed25519Backend } from "./ed25519.js";
import { createNodeEd25519 } from "./node-ed25519.js";
import { sha256 } from "./sha256.js";
import { createTweetnaclEd25519 } from "./tweetnacl-ed25519.js";
import { createWebCryptoEd25519 } from "./webcrypto-ed25519.js";
import {
  SIGNING_KEY_SEED,
  minimalEvent,
  minimalEventSigned,
  redactableEvent,
  redactableEventSigned,
} from "../../test/spec/signing-vectors.js";

const backends: Ed25519Backend[] = [createNodeEd25519(), createWebCryptoEd25519(), createTweetnaclEd25519()];
const hex = (h: string) => Uint8Array.from(Buffer.from(h, "hex"));

// The appendix does not print the public key of its "Signing Key"; this is
// the one all three backends derive, and the signatures below verify under it.
const SPEC_PUBLIC_KEY = "XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI";

type SignedVector = typeof minimalEventSigned | typeof redactableEventSigned;

/**
 * Appendix "Cryptographic Test Vectors" → "Event Signing": events are signed
 * over their redacted form (server-server API "Signing Events"). The redacted
 * objects are made by hand here from the appendix's signed events (the
 * redaction algorithm lives in src/events): drop `signatures` and `unsigned`;
 * the minimal event keeps every other key, the message loses `content.body`.
 */
function eventVector(name: string, event: object, signed: SignedVector, redactedContent: object) {
  const { signatures, unsigned: _unsigned, ...rest } = signed;
  return {
    name,
    // The content hash covers the event without `unsigned`, `signatures` and `hashes`.
    event: withoutKeys(event, ["signatures", "hashes", "unsigned"]),
    contentHash: signed.hashes.sha256,
    redacted: { ...rest, content: redactedContent },
    signature: signatures.domain["ed25519:1"],
  };
}

function withoutKeys(object: object, keys: string[]): object {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

const EVENT_VECTORS = [
  eventVector("minimally-sized event", minimalEvent, minimalEventSigned, {}),
  eventVector("event containing redactable content", redactableEvent, redactableEventSigned, {}),
];

describe.each(backends.map((b) => [b.name, b] as const))("ed25519 backend %s", (_name, backend) => {
  describe("appendix 'Cryptographic Test Vectors'", () => {
    it("derives the public key of the spec's signing key seed", async () => {
      const key = await backend.signingKeyFromSeed(SIGNING_KEY_SEED);
      expect(encodeBase64(key.publicKey)).toBe(SPEC_PUBLIC_KEY);
      expect(key.seed).toEqual(SIGNING_KEY_SEED);
    });

    it.each([
      ["{}", {}, "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ"],
      [
        '{"one":1,"two":"Two"}',
        { one: 1, two: "Two" },
        "KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw",
      ],
    ])("JSON Signing: signs %s to the appendix's signature and verifies it", async (_json, object, expected) => {
      const key = await backend.signingKeyFromSeed(SIGNING_KEY_SEED);
      const message = canonicalJsonBytes(object);
      expect(encodeBase64(await key.sign(message))).toBe(expected);
      expect(await backend.verify(key.publicKey, message, decodeBase64(expected))).toBe(true);
    });

    it.each(EVENT_VECTORS.map((v) => [v.name, v] as const))("Event Signing: %s — content hash and signature over the redacted event", async (_n, v) => {
      // Content hash (server-server API "Calculating the content hash for an event").
      expect(encodeBase64(sha256(canonicalJsonBytes(v.event)))).toBe(v.contentHash);
      const key = await backend.signingKeyFromSeed(SIGNING_KEY_SEED);
      const message = canonicalJsonBytes(v.redacted);
      expect(encodeBase64(await key.sign(message))).toBe(v.signature);
      expect(await backend.verify(key.publicKey, message, decodeBase64(v.signature))).toBe(true);
    });
  });

  it("RFC 8032 §7.1 tests 1 and 2", async () => {
    const cases = [
      {
        seed: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        pub: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        msg: "",
        sig: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
      },
      {
        seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        pub: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        msg: "72",
        sig: "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
      },
    ];
    for (const c of cases) {
      const key = await backend.signingKeyFromSeed(hex(c.seed));
      expect(Buffer.from(key.publicKey).toString("hex")).toBe(c.pub);
      expect(Buffer.from(await key.sign(hex(c.msg))).toString("hex")).toBe(c.sig);
      expect(await backend.verify(hex(c.pub), hex(c.msg), hex(c.sig))).toBe(true);
    }
  });

  it("derives the Synapse test-vector server keys (synapse-1.67 README, 'Keys')", async () => {
    const servers: [string, string][] = [
      ["localhost", "vvNuTOHYoOG7LSOa0cdQYIz3hwpjNMcaEWnzTngqjr8"],
      ["example.com", "wYSxi+sMwtuf0VkHwJYndgK9gorLyqnzpiifSjv/sB4"],
      ["evil.example", "+00zcqZ0NfGaVPpgX5WQMbJVjjJ8ilF3Igl5kfy/NJ8"],
    ];
    for (const [server, publicKey] of servers) {
      const seed = sha256(new TextEncoder().encode(`synapse-1.67-test-vectors:${server}`));
      expect(encodeBase64((await backend.signingKeyFromSeed(seed)).publicKey)).toBe(publicKey);
    }
  });

  describe("verify resolves to false, never throws, for bad input", () => {
    const message = new TextEncoder().encode("a message");
    const setup = async () => {
      const key = await backend.signingKeyFromSeed(SIGNING_KEY_SEED);
      return { key, signature: await key.sign(message) };
    };

    it("accepts the untouched signature (control)", async () => {
      const { key, signature } = await setup();
      expect(await backend.verify(key.publicKey, message, signature)).toBe(true);
    });

    it("a different key", async () => {
      const { signature } = await setup();
      const other = await backend.signingKeyFromSeed(new Uint8Array(32).fill(7));
      expect(await backend.verify(other.publicKey, message, signature)).toBe(false);
    });

    it("a flipped bit in the signature, in the message or in the key", async () => {
      const { key, signature } = await setup();
      for (const bit of [0, 7, 100, 255, 256, 511]) {
        const flipped = Uint8Array.from(signature);
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        expect(await backend.verify(key.publicKey, message, flipped), `signature bit ${bit}`).toBe(false);
      }
      const tampered = Uint8Array.from(message);
      tampered[0]! ^= 0x20;
      expect(await backend.verify(key.publicKey, tampered, signature)).toBe(false);
      const badKey = Uint8Array.from(key.publicKey);
      badKey[5]! ^= 1;
      expect(await backend.verify(badKey, message, signature)).toBe(false);
    });

    it("a truncated, extended or empty signature", async () => {
      const { key, signature } = await setup();
      expect(await backend.verify(key.publicKey, message, signature.subarray(0, 63))).toBe(false);
      expect(await backend.verify(key.publicKey, message, signature.subarray(0, 32))).toBe(false);
      expect(await backend.verify(key.publicKey, message, Uint8Array.from([...signature, 0]))).toBe(false);
      expect(await backend.verify(key.publicKey, message, new Uint8Array(0))).toBe(false);
      expect(await backend.verify(key.publicKey, message, new Uint8Array(64))).toBe(false);
    });

    it("a public key of the wrong length", async () => {
      const { key, signature } = await setup();
      expect(await backend.verify(key.publicKey.subarray(0, 31), message, signature)).toBe(false);
      expect(await backend.verify(Uint8Array.from([...key.publicKey, 0]), message, signature)).toBe(false);
      expect(await backend.verify(new Uint8Array(0), message, signature)).toBe(false);
    });

    it("a public key that is not a curve point", async () => {
      const { signature } = await setup();
      // y = 2: (y²−1)/(d·y²+1) is not a square mod 2^255−19, so no point has it.
      // All 0xff: y = 2^255−1 is not below the field prime (non-canonical).
      const notAPoint = new Uint8Array(32);
      notAPoint[0] = 2;
      expect(await backend.verify(notAPoint, message, signature)).toBe(false);
      expect(await backend.verify(new Uint8Array(32).fill(0xff), message, signature)).toBe(false);
    });
  });

  it("signingKeyFromSeed rejects a seed of the wrong length with MatrixCoreError INVALID_KEY", async () => {
    for (const length of [0, 16, 31, 33, 64]) {
      const attempt = (async () => backend.signingKeyFromSeed(new Uint8Array(length)))();
      await expect(attempt).rejects.toBeInstanceOf(MatrixCoreError);
      await expect(attempt).rejects.toMatchObject({ code: "INVALID_KEY" });
    }
    await expect(backend.signingKeyFromSeed("seed" as unknown as Uint8Array)).rejects.toMatchObject({ code: "INVALID_KEY" });
  });

  it("signingKeyFromSeed keeps its own copy of the seed", async () => {
    const seed = Uint8Array.from(SIGNING_KEY_SEED);
    const key = await backend.signingKeyFromSeed(seed);
    seed.fill(0);
    expect(key.seed).toEqual(SIGNING_KEY_SEED);
    expect(encodeBase64(await key.sign(new Uint8Array(0)))).toBe(encodeBase64(await (await backend.signingKeyFromSeed(SIGNING_KEY_SEED)).sign(new Uint8Array(0))));
  });
});

describe("the three ed25519 backends agree", () => {
  it("on public keys and signatures for 200 random seeds and messages, and verify each other's signatures", async () => {
    const [native, web, nacl] = backends as [Ed25519Backend, Ed25519Backend, Ed25519Backend];
    for (let i = 0; i < 200; i++) {
      const seed = new Uint8Array(randomBytes(32));
      const message = new Uint8Array(randomBytes(randomInt(0, 600)));
      const keys = await Promise.all([native, web, nacl].map((b) => b.signingKeyFromSeed(seed)));
      const publicKeys = keys.map((k) => encodeBase64(k.publicKey));
      expect(new Set(publicKeys).size, `public keys for seed ${encodeBase64(seed)}`).toBe(1);
      const signatures = await Promise.all(keys.map((k) => k.sign(message)));
      expect(new Set(signatures.map(encodeBase64)).size, `signatures for seed ${encodeBase64(seed)}`).toBe(1);
      // Each backend verifies the (identical) signature; then one tampered copy is refused by all.
      const publicKey = keys[0]!.publicKey;
      for (const backend of [native, web, nacl]) expect(await backend.verify(publicKey, message, signatures[0]!)).toBe(true);
      const bad = Uint8Array.from(signatures[0]!);
      bad[i % 64]! ^= 0x80;
      for (const backend of [native, web, nacl]) expect(await backend.verify(publicKey, message, bad)).toBe(false);
    }
  });
});

describe("defaultEd25519", () => {
  it("picks the native backend in Node and keeps returning the same one", async () => {
    const first = await defaultEd25519();
    expect(first.name).toBe("node");
    expect(await defaultEd25519()).toBe(first);
  });
});
