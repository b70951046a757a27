// Synapse 1.67 event vectors (../shared/test-vectors/synapse-1.67/events.json,
// README "events.json" → "How a test should use it", steps 1–6): canonical
// JSON, content hashes, redaction, reference hashes, event IDs and
// signatures of 636 real PDUs, checked for every record whose room version
// our table knows (1–10).
import { beforeAll, describe, expect, it } from "vitest";
import { createNodeEd25519 } from "../../src/crypto/node-ed25519.js";
import type { Ed25519SigningKey } from "../../src/crypto/ed25519.js";
import {
  checkContentHash,
  computeContentHash,
  computeEventId,
  computeReferenceHash,
  contentHashPreimage,
  redactEvent,
  referenceHashPreimage,
  signEvent,
  verifyEventSignatures,
  type KeyLookup,
} from "../../src/events/index.js";
import type { EventReferencePair, Pdu } from "../../src/events/pdu.js";
import { decodeBase64, encodeBase64, encodeBase64Url } from "../../src/json/base64.js";
import { canonicalJson } from "../../src/json/canonical-json.js";
import { findRoomVersion, getRoomVersion } from "../../src/rooms/room-versions.js";
import { validatePdu } from "../../src/schemas/validate-pdu.js";
import { verifyJsonSignature } from "../../src/signing/sign-json.js";
import { loadSynapseVectors } from "./load.js";

interface EventRecord {
  label: string;
  room_version: string;
  format_version: number;
  event_id: string;
  tags: string[];
  pdu: Pdu;
  canonical_json: string;
  content_hash: { sha256: string };
  content_hash_preimage: string;
  reference_hash: { sha256: string; sha256_urlsafe: string };
  computed_event_id: string | null;
  redacted: Record<string, unknown>;
  redacted_canonical_json: string;
}

const file = loadSynapseVectors<{ events: EventRecord[] }>("events.json");
const serverKeys = loadSynapseVectors("server_keys.json");

const known = file.events.filter((record) => findRoomVersion(record.room_version) !== undefined);
const unknown = file.events.filter((record) => findRoomVersion(record.room_version) === undefined);

/**
 * Records JavaScript cannot hold losslessly: the README ("Caveats seen in this
 * data" → "Numbers (rooms 1–5)") names the 5 `nonstandard_numbers` events of
 * rooms 1–5, holding floats Synapse writes the Python way (`1.0`, `1e+100`)
 * and integers beyond 2^53 that `JSON.parse` rounds. The appendix "Canonical
 * JSON" warns that events in rooms 1–5 "might not be fully compliant". Their
 * content hash cannot be reproduced from the parsed JSON; everything that
 * covers only the redacted event (which drops a message's content) still can.
 */
const UNREPRESENTABLE = ["v1/nonstandard_numbers", "v2/nonstandard_numbers", "v3/nonstandard_numbers", "v4/nonstandard_numbers", "v5/nonstandard_numbers"];

function withoutKeys(object: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  const copy = { ...object };
  for (const key of keys) delete copy[key];
  return copy;
}

const backend = createNodeEd25519();
const localhostKey = decodeBase64(serverKeys.verify_keys["ed25519:tv1"] as string);
const lookup: KeyLookup = (server, keyId) => Promise.resolve(server === "localhost" && keyId === "ed25519:tv1" ? localhostKey : undefined);
let testSigningKey: Ed25519SigningKey;

beforeAll(async () => {
  testSigningKey = await backend.signingKeyFromSeed(decodeBase64(serverKeys.test_only_signing_key.private_seed_test_only as string));
});

describe("synapse-1.67 events.json: coverage", () => {
  it("checks every record of rooms 1–10 and skips only the 148 of the three org.matrix.* versions our table does not know", () => {
    expect(file.events).toHaveLength(636);
    expect(known).toHaveLength(488);
    expect(unknown).toHaveLength(148);
    expect(new Set(unknown.map((record) => record.room_version))).toEqual(new Set(["org.matrix.msc2176", "org.matrix.msc3787", "org.matrix.msc2716v4"]));
    expect(new Set(known.map((record) => record.room_version))).toEqual(new Set(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]));
  });

  it("the un-representable records are exactly the five tagged floats/out_of_range_integers, and they really differ once parsed", () => {
    const tagged = known.filter((record) => record.tags.includes("floats") || record.tags.includes("out_of_range_integers"));
    expect(tagged.map((record) => record.label)).toEqual(UNREPRESENTABLE);
    for (const record of tagged) {
      const ours = canonicalJson(withoutKeys(record.pdu, "signatures", "unsigned"), { strict: false });
      expect(ours, record.label).not.toBe(record.canonical_json);
    }
  });

  it("the server key response is self-signed by the key the events are checked against", async () => {
    const response = serverKeys.key_response as Record<string, unknown>;
    await expect(verifyJsonSignature(response, "localhost", "ed25519:tv1", localhostKey, backend)).resolves.toBeUndefined();
    expect(encodeBase64(testSigningKey.publicKey)).toBe(serverKeys.verify_keys["ed25519:tv1"]);
  });
});

describe.each(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"])("synapse-1.67 events.json: room version %s", (id) => {
  const version = getRoomVersion(id);
  const records = known.filter((record) => record.room_version === id);

  it.each(records.map((record) => [record.label, record] as const))("%s", async (label, record) => {
    const { pdu } = record;
    const representable = !UNREPRESENTABLE.includes(label);

    // Steps 2–3: canonical JSON and content hash.
    if (representable) {
      expect(canonicalJson(withoutKeys(pdu, "signatures", "unsigned"), { strict: version.strictCanonicalJson })).toBe(record.canonical_json);
      expect(contentHashPreimage(pdu, version)).toBe(record.content_hash_preimage);
      expect(computeContentHash(pdu, version)).toBe(record.content_hash.sha256);
      expect(record.content_hash.sha256).toBe(pdu.hashes.sha256);
      expect(() => checkContentHash(pdu, version)).not.toThrow();
      expect(validatePdu(pdu, version)).toBe(pdu);
    } else {
      expect(contentHashPreimage(pdu, version)).not.toBe(record.content_hash_preimage);
    }

    // Step 4: redaction, ignoring `unsigned` (README: Synapse keeps age_ts/replaces_state there).
    expect(redactEvent(pdu, version)).toEqual(withoutKeys(record.redacted, "unsigned"));

    // Step 5: reference hash and event ID.
    expect(referenceHashPreimage(pdu, version)).toBe(record.redacted_canonical_json);
    const referenceHash = computeReferenceHash(pdu, version);
    expect(encodeBase64(referenceHash)).toBe(record.reference_hash.sha256);
    expect(encodeBase64Url(referenceHash)).toBe(record.reference_hash.sha256_urlsafe);
    expect(computeEventId(pdu, version)).toBe(record.event_id);
    if (version.eventIdFormat === "server-generated") expect(record.computed_event_id).toBeNull();
    else expect(record.computed_event_id).toBe(record.event_id);

    // Step 6: the signature verifies with the server's published key...
    expect(await verifyEventSignatures(pdu, version, lookup, backend)).toEqual({ ok: true, verified: [{ server: "localhost", keyId: "ed25519:tv1" }] });
    // ...and re-signing with the test seed gives the same hash and signature.
    if (representable) {
      const resigned = await signEvent({ ...pdu, hashes: {}, signatures: {} }, { entity: "localhost", keyId: "ed25519:tv1", key: testSigningKey }, version);
      expect(resigned.hashes).toEqual(pdu.hashes);
      expect(resigned.signatures).toEqual(pdu.signatures);
    }
  });
});

describe("synapse-1.67 events.json: rooms 1–2 reference pairs", () => {
  it("every [event_id, {sha256}] pair in prev_events/auth_events carries our reference hash of the cited event", () => {
    const hashById = new Map<string, string>();
    for (const record of known) {
      const version = getRoomVersion(record.room_version);
      if (version.eventFormat === "v1") hashById.set(record.event_id, encodeBase64(computeReferenceHash(record.pdu, version)));
    }
    let pairs = 0;
    for (const record of known) {
      if (getRoomVersion(record.room_version).eventFormat !== "v1") continue;
      for (const [citedId, hashes] of [...record.pdu.prev_events, ...record.pdu.auth_events] as EventReferencePair[]) {
        expect(hashById.get(citedId), `${record.label} cites ${citedId}`).toBe(hashes.sha256);
        pairs++;
      }
    }
    // 92 events in rooms 1–2 citing 368 others in all.
    expect(hashById.size).toBe(92);
    expect(pairs).toBe(368);
  });
});
