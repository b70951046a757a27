import { describe, expect, it } from "vitest";
import type { Ed25519Backend } from "../../src/crypto/ed25519.js";
import { createNodeEd25519 } from "../../src/crypto/node-ed25519.js";
import { createTweetnaclEd25519 } from "../../src/crypto/tweetnacl-ed25519.js";
import { createWebCryptoEd25519 } from "../../src/crypto/webcrypto-ed25519.js";
import { decodeBase64, encodeBase64 } from "../../src/json/base64.js";
import { signJson, verifyJsonSignature } from "../../src/signing/sign-json.js";
import { rejection } from "../helpers/rejection.js";
import { loadSynapseVectors } from "./load.js";

// The self-signed key response of the Synapse 1.67 that made events.json
// (README "server_keys.json"), checked as in appendix "Checking for a
// Signature" with each backend.

const backends: Ed25519Backend[] = [createNodeEd25519(), createWebCryptoEd25519(), createTweetnaclEd25519()];

describe("the Synapse 1.67 server key response (server_keys.json)", () => {
  const file = loadSynapseVectors<{
    server_name: string;
    key_response: Record<string, unknown> & { verify_keys: Record<string, { key: string }> };
    verify_keys: Record<string, string>;
    test_only_signing_key: { key_id: string; private_seed_test_only: string; public_key: string };
  }>("server_keys.json");

  it.each(backends.map((b) => [b.name, b] as const))("its self-signature verifies with the %s backend", async (_name, backend) => {
    const keyId = "ed25519:tv1";
    const publicKey = decodeBase64(file.key_response.verify_keys[keyId]!.key);
    expect(file.verify_keys[keyId]).toBe(file.key_response.verify_keys[keyId]!.key);
    await verifyJsonSignature(file.key_response, file.server_name, keyId, publicKey, backend);
    // ...and fails once a field changes.
    const tampered = { ...file.key_response, valid_until_ts: (file.key_response.valid_until_ts as number) + 1 };
    expect((await rejection(verifyJsonSignature(tampered, file.server_name, keyId, publicKey, backend))).code).toBe("INVALID_SIGNATURE");
  });

  it.each(backends.map((b) => [b.name, b] as const))("re-signing it with the test seed gives Synapse's signature (%s)", async (_name, backend) => {
    const { key_id, private_seed_test_only, public_key } = file.test_only_signing_key;
    const key = await backend.signingKeyFromSeed(decodeBase64(private_seed_test_only));
    expect(encodeBase64(key.publicKey)).toBe(public_key);
    const resigned = await signJson({ ...file.key_response, signatures: {} }, { entity: file.server_name, keyId: key_id, key });
    expect(resigned.signatures).toEqual(file.key_response.signatures);
  });
});
