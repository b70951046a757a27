import { describe, expect, it } from "vitest";
import type { Ed25519Backend } from "../crypto/ed25519.js";
import { createNodeEd25519 } from "../crypto/node-ed25519.js";
import { createTweetnaclEd25519 } from "../crypto/tweetnacl-ed25519.js";
import { createWebCryptoEd25519 } from "../crypto/webcrypto-ed25519.js";
import { CanonicalJsonError, SignatureError } from "../errors.js";
import { canonicalJson } from "../json/canonical-json.js";
import { signingBytes, signJson, verifyJsonSignature, type SigningIdentity } from "./sign-json.js";
import { rejection } from "../../test/helpers/rejection.js";
import { SIGNING_KEY_SEED } from "../../test/spec/signing-vectors.js";

const backends: Ed25519Backend[] = [createNodeEd25519(), createWebCryptoEd25519(), createTweetnaclEd25519()];
const native = backends[0]!;

async function specIdentity(backend: Ed25519Backend = native): Promise<SigningIdentity> {
  return { entity: "domain", keyId: "ed25519:1", key: await backend.signingKeyFromSeed(SIGNING_KEY_SEED) };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("signingBytes (appendix 'Signing Details')", () => {
  it("is the canonical JSON of the object without signatures and unsigned", () => {
    const object = { b: 1, a: "x", signatures: { s: { "ed25519:1": "sig" } }, unsigned: { age_ts: 5 } };
    expect(text(signingBytes(object))).toBe('{"a":"x","b":1}');
  });

  it("does not modify the object", () => {
    const object = { a: 1, signatures: {}, unsigned: {} };
    signingBytes(object);
    expect(object).toEqual({ a: 1, signatures: {}, unsigned: {} });
  });

  it("honours non-strict canonical JSON for old room versions", () => {
    expect(() => signingBytes({ f: 1.5 })).toThrow(CanonicalJsonError);
    expect(text(signingBytes({ f: 1.5 }, { strict: false }))).toBe('{"f":1.5}');
  });
});

describe.each(backends.map((b) => [b.name, b] as const))("signJson with the %s backend", (_name, backend) => {
  it("reproduces appendix 'JSON Signing' for {} exactly", async () => {
    const signed = await signJson({}, await specIdentity(backend));
    expect(signed).toEqual({
      signatures: { domain: { "ed25519:1": "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ" } },
    });
  });

  it('reproduces appendix \'JSON Signing\' for {"one":1,"two":"Two"} exactly', async () => {
    const signed = await signJson({ one: 1, two: "Two" }, await specIdentity(backend));
    expect(canonicalJson(signed)).toBe(
      '{"one":1,"signatures":{"domain":{"ed25519:1":"KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw"}},"two":"Two"}',
    );
  });

  it("excludes signatures and unsigned from what it signs, and keeps unsigned and existing signatures", async () => {
    const identity = await specIdentity(backend);
    const object = {
      one: 1,
      two: "Two",
      unsigned: { age_ts: 922834800000 },
      signatures: { "other.example": { "ed25519:a": "b3RoZXI" }, domain: { "ed25519:0": "b2xk" } },
    };
    const signed = await signJson(object, identity);
    // Same signature as without unsigned/signatures (appendix example 2).
    expect(signed.signatures.domain?.["ed25519:1"]).toBe("KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw");
    expect(signed.signatures["other.example"]).toEqual({ "ed25519:a": "b3RoZXI" });
    expect(signed.signatures.domain?.["ed25519:0"]).toBe("b2xk");
    expect(signed.unsigned).toEqual({ age_ts: 922834800000 });
    // The input is left alone.
    expect(object.signatures.domain).toEqual({ "ed25519:0": "b2xk" });
    await verifyJsonSignature(signed, "domain", "ed25519:1", identity.key.publicKey, backend);
  });

  it("verifies its own signature after unsigned changes (unsigned is outside the signature)", async () => {
    const identity = await specIdentity(backend);
    const signed = await signJson({ a: 1 }, identity);
    await verifyJsonSignature({ ...signed, unsigned: { age: 1000 } }, "domain", "ed25519:1", identity.key.publicKey, backend);
  });
});

describe("signJson rejects existing signatures it cannot extend", () => {
  it.each([
    ["a string", "sig"],
    ["an array", [["x"]]],
    ["a string per entity", { domain: "sig" }],
  ])("signatures that are %s", async (_what, signatures) => {
    const err = await rejection(signJson({ a: 1, signatures }, await specIdentity()));
    expect(err).toBeInstanceOf(SignatureError);
    expect(err.code).toBe("INVALID_SIGNATURE");
  });
});

describe.each(backends.map((b) => [b.name, b] as const))("verifyJsonSignature with the %s backend (appendix 'Checking for a Signature')", (_name, backend) => {
  const setup = async () => {
    const identity = await specIdentity(backend);
    const signed = await signJson({ content: { body: "hello" }, n: 1 }, identity);
    return { publicKey: identity.key.publicKey, signed };
  };

  it("accepts a valid signature (control)", async () => {
    const { publicKey, signed } = await setup();
    await expect(verifyJsonSignature(signed, "domain", "ed25519:1", publicKey, backend)).resolves.toBeUndefined();
  });

  it("rejects a tampered object with INVALID_SIGNATURE", async () => {
    const { publicKey, signed } = await setup();
    for (const tampered of [{ ...signed, n: 2 }, { ...signed, content: { body: "hellO" } }, { ...signed, extra: true }]) {
      const err = await rejection(verifyJsonSignature(tampered, "domain", "ed25519:1", publicKey, backend));
      expect(err).toBeInstanceOf(SignatureError);
      expect(err.code).toBe("INVALID_SIGNATURE");
    }
  });

  it("rejects a signature made by another key with INVALID_SIGNATURE", async () => {
    const { signed } = await setup();
    const other = await backend.signingKeyFromSeed(new Uint8Array(32).fill(9));
    const err = await rejection(verifyJsonSignature(signed, "domain", "ed25519:1", other.publicKey, backend));
    expect(err.code).toBe("INVALID_SIGNATURE");
  });

  it("rejects missing signatures with MISSING_SIGNATURE", async () => {
    const { publicKey, signed } = await setup();
    const { signatures: _s, ...bare } = signed;
    for (const [object, entity, keyId] of [
      [bare, "domain", "ed25519:1"],
      [{ ...signed, signatures: "x" }, "domain", "ed25519:1"],
      [{ ...signed, signatures: null }, "domain", "ed25519:1"],
      [signed, "other.example", "ed25519:1"],
      [signed, "domain", "ed25519:2"],
      [{ ...signed, signatures: { domain: { "ed25519:1": 5 } } }, "domain", "ed25519:1"],
    ] as const) {
      const err = await rejection(verifyJsonSignature(object, entity, keyId, publicKey, backend));
      expect(err).toBeInstanceOf(SignatureError);
      expect(err.code).toBe("MISSING_SIGNATURE");
    }
  });

  it("rejects a signature that is not base64 with INVALID_SIGNATURE", async () => {
    const { publicKey, signed } = await setup();
    const broken = { ...signed, signatures: { domain: { "ed25519:1": "not*base64!" } } };
    const err = await rejection(verifyJsonSignature(broken, "domain", "ed25519:1", publicKey, backend));
    expect(err).toBeInstanceOf(SignatureError);
    expect(err.code).toBe("INVALID_SIGNATURE");
    expect(err.message).toMatch(/not base64/);
  });

  it("rejects a truncated signature with INVALID_SIGNATURE", async () => {
    const { publicKey, signed } = await setup();
    const sig = signed.signatures.domain!["ed25519:1"]!;
    const truncated = { ...signed, signatures: { domain: { "ed25519:1": sig.slice(0, 40) } } };
    expect((await rejection(verifyJsonSignature(truncated, "domain", "ed25519:1", publicKey, backend))).code).toBe("INVALID_SIGNATURE");
  });

  it("rejects an unknown algorithm with INVALID_KEY, even when a signature is present", async () => {
    const { publicKey, signed } = await setup();
    const object = { ...signed, signatures: { domain: { ...signed.signatures.domain, "curve25519:1": signed.signatures.domain!["ed25519:1"]! } } };
    for (const keyId of ["curve25519:1", "ed25519", "ED25519:1"]) {
      const err = await rejection(verifyJsonSignature(object, "domain", keyId, publicKey, backend));
      expect(err).toBeInstanceOf(SignatureError);
      expect(err.code).toBe("INVALID_KEY");
    }
  });

  it("rejects a public key that is not 32 bytes with INVALID_KEY", async () => {
    const { publicKey, signed } = await setup();
    const err = await rejection(verifyJsonSignature(signed, "domain", "ed25519:1", publicKey.subarray(0, 31), backend));
    expect(err.code).toBe("INVALID_KEY");
  });

  it("rejects an object without canonical form with CanonicalJsonError", async () => {
    const { publicKey, signed } = await setup();
    const err = await rejection(verifyJsonSignature({ ...signed, f: 0.5 }, "domain", "ed25519:1", publicKey, backend));
    expect(err).toBeInstanceOf(CanonicalJsonError);
  });
});
