import { describe, expect, it } from "vitest";
import type { Ed25519Backend } from "../crypto/ed25519.js";
import { createNodeEd25519 } from "../crypto/node-ed25519.js";
import { createTweetnaclEd25519 } from "../crypto/tweetnacl-ed25519.js";
import { createWebCryptoEd25519 } from "../crypto/webcrypto-ed25519.js";
import { EventFormatError, MatrixCoreError } from "../errors.js";
import { canonicalJson } from "../json/canonical-json.js";
import { getRoomVersion } from "../rooms/room-versions.js";
import type { SigningIdentity } from "../signing/sign-json.js";
import { checkContentHash } from "./content-hash.js";
import type { Pdu } from "./pdu.js";
import { redactEvent } from "./redaction.js";
import { signEvent } from "./sign-event.js";
import { verifyEventSignatures } from "./verify-event.js";
import {
  KEY_ID,
  minimalEvent,
  minimalEventSigned,
  redactableEvent,
  redactableEventSigned,
  SERVER_NAME,
  SIGNING_KEY_SEED,
} from "../../test/spec/signing-vectors.js";

const backends: [string, () => Ed25519Backend][] = [
  ["node", createNodeEd25519],
  ["webcrypto", () => createWebCryptoEd25519()],
  ["tweetnacl", createTweetnaclEd25519],
];

async function signer(backend: Ed25519Backend): Promise<SigningIdentity> {
  return { entity: SERVER_NAME, keyId: KEY_ID, key: await backend.signingKeyFromSeed(SIGNING_KEY_SEED) };
}

// The vectors keep `origin`, which the v11 algorithm no longer protects, so
// they are the signatures of rooms 1–10; the events differ in no key that v1,
// v6, v8 and v9 redaction treat differently.
const VECTOR_ROOM_VERSIONS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

describe.each(backends)("signEvent with the %s backend (appendix 'Event Signing')", (_name, makeBackend) => {
  it.each(VECTOR_ROOM_VERSIONS)("signs the minimally-sized event byte for byte (room %s)", async (id) => {
    const signed = await signEvent(minimalEvent, await signer(makeBackend()), getRoomVersion(id));
    expect(canonicalJson(signed)).toBe(canonicalJson(minimalEventSigned));
    expect(signed).toEqual(minimalEventSigned);
  });

  it.each(VECTOR_ROOM_VERSIONS)("signs the event with redactable content byte for byte (room %s)", async (id) => {
    const signed = await signEvent(redactableEvent, await signer(makeBackend()), getRoomVersion(id));
    expect(canonicalJson(signed)).toBe(canonicalJson(redactableEventSigned));
  });

  it("verifies the appendix's signed events and their hashes", async () => {
    const backend = makeBackend();
    const { key } = await signer(backend);
    const lookup = (server: string, keyId: string) => Promise.resolve(server === SERVER_NAME && keyId === KEY_ID ? key.publicKey : undefined);
    // The minimal event has no event_id, so check it as a room-3+ event; the redactable one as room 1.
    expect(await verifyEventSignatures(minimalEventSigned, getRoomVersion("3"), lookup, backend)).toMatchObject({ ok: true });
    expect(await verifyEventSignatures(redactableEventSigned, getRoomVersion("1"), lookup, backend)).toEqual({
      ok: true,
      verified: [{ server: SERVER_NAME, keyId: KEY_ID }],
    });
    expect(() => checkContentHash(minimalEventSigned, getRoomVersion("3"))).not.toThrow();
    expect(() => checkContentHash(redactableEventSigned, getRoomVersion("1"))).not.toThrow();
  });
});

describe("signEvent (Server-Server API 'Adding hashes and signatures to outgoing events')", () => {
  it("signs the redacted event: a redacted copy still verifies, and the hash tells it was redacted", async () => {
    const backend = createNodeEd25519();
    const identity = await signer(backend);
    const lookup = () => Promise.resolve(identity.key.publicKey);
    for (const id of ["1", "10", "11"]) {
      const version = getRoomVersion(id);
      const signed = await signEvent(redactableEvent, identity, version);
      const redacted = redactEvent(signed as unknown as Pdu, version);
      expect(redacted.content).toEqual({});
      expect(await verifyEventSignatures(redacted, version, lookup, backend)).toMatchObject({ ok: true });
      expect(() => checkContentHash(redacted, version)).toThrow(expect.objectContaining({ code: "CONTENT_HASH_MISMATCH" }));
    }
  });

  it("in v11 rooms the signature no longer covers origin, the content hash still does (rooms/v11.md, 'Redactions')", async () => {
    const backend = createNodeEd25519();
    const identity = await signer(backend);
    const lookup = () => Promise.resolve(identity.key.publicKey);
    for (const [id, originSigned] of [["10", true], ["11", false]] as const) {
      const version = getRoomVersion(id);
      const { origin: _origin, ...withoutOrigin } = await signEvent(minimalEvent, identity, version);
      const result = await verifyEventSignatures(withoutOrigin, version, lookup, backend);
      expect(result.ok, `room ${id}`).toBe(!originSigned);
      expect(() => checkContentHash(withoutOrigin, version)).toThrow(expect.objectContaining({ code: "CONTENT_HASH_MISMATCH" }));
    }
  });

  it("keeps other servers' signatures and other hash algorithms, and does not modify the input", async () => {
    const backend = createNodeEd25519();
    const identity = await signer(backend);
    const input = {
      ...minimalEvent,
      hashes: { sha512: "other" },
      signatures: { "other.org": { "ed25519:x": "abc" }, domain: { "ed25519:0": "old" } },
    };
    const before = structuredClone(input);
    const signed = await signEvent(input, identity, getRoomVersion("10"));
    expect(input).toEqual(before);
    expect(signed.hashes).toEqual({ sha512: "other", sha256: minimalEventSigned.hashes.sha256 });
    expect(signed.signatures).toEqual({
      "other.org": { "ed25519:x": "abc" },
      domain: { "ed25519:0": "old", "ed25519:1": expect.any(String) },
    });
    expect(signed.unsigned).toEqual({ age_ts: 1000000 });
    // The other hash is part of what is signed (redaction keeps `hashes` whole).
    expect(signed.signatures.domain?.["ed25519:1"]).not.toBe(minimalEventSigned.signatures.domain["ed25519:1"]);
    const lookup = (_server: string, keyId: string) => Promise.resolve(keyId === KEY_ID ? identity.key.publicKey : undefined);
    expect(await verifyEventSignatures(signed, getRoomVersion("10"), lookup, backend)).toMatchObject({ ok: true });
  });

  it("rejects bad input with typed errors", async () => {
    const identity = await signer(createNodeEd25519());
    const v10 = getRoomVersion("10");
    await expect(signEvent({ ...minimalEvent, content: [] } as never, identity, v10)).rejects.toThrow(EventFormatError);
    await expect(signEvent({ ...minimalEvent, type: undefined }, identity, v10)).rejects.toThrow(EventFormatError);
    await expect(signEvent({ ...minimalEvent, hashes: "x" }, identity, v10)).rejects.toThrow(EventFormatError);
    await expect(signEvent({ ...minimalEvent, signatures: [] }, identity, v10)).rejects.toThrow(EventFormatError);
    await expect(signEvent({ ...minimalEvent, signatures: { domain: "x" } }, identity, v10)).rejects.toThrow(EventFormatError);
    // Strict canonical JSON (room 6+): floats have no canonical form.
    await expect(signEvent({ ...minimalEvent, content: { n: 1.5 } }, identity, v10)).rejects.toMatchObject({ code: "INVALID_CANONICAL_JSON" });
    await expect(signEvent(minimalEvent, { ...identity, keyId: "curve25519:1" }, v10)).rejects.toThrow(MatrixCoreError);
    // Rooms 1–5 accept floats.
    await expect(signEvent({ ...minimalEvent, content: { n: 1.5 } }, identity, getRoomVersion("5"))).resolves.toMatchObject({ content: { n: 1.5 } });
  });
});
