// The PDUs of Synapse 1.67's auth.json and state_res.json through our
// "Checks performed on receipt of a PDU" steps 1–3 (format and sizes:
// validatePdu; signatures; content hash) and event IDs. auth.json records, per candidate,
// whether Synapse's `validate_event_for_room_version` (size limits and the
// sender server's signature) passed it (README "auth.json" → "How a test
// should use it"): we must reject exactly those 11 candidates.
import { describe, expect, it } from "vitest";
import { createNodeEd25519 } from "../../src/crypto/node-ed25519.js";
import { checkContentHash, computeContentHash, computeEventId, verifyEventSignatures, type KeyLookup } from "../../src/events/index.js";
import type { Pdu } from "../../src/events/pdu.js";
import { decodeBase64 } from "../../src/json/base64.js";
import { getRoomVersion } from "../../src/rooms/room-versions.js";
import { validatePdu } from "../../src/schemas/validate-pdu.js";
import { loadSynapseVectors } from "./load.js";

interface PduRecord {
  event_id: string;
  pdu: Pdu;
}

const backend = createNodeEd25519();

function lookupFrom(signingKeys: Record<string, { server_name: string; key_id: string; public_key: string }>): KeyLookup {
  const keys = new Map<string, Uint8Array>();
  for (const key of Object.values(signingKeys)) keys.set(`${key.server_name} ${key.key_id}`, decodeBase64(key.public_key));
  return (server, keyId) => Promise.resolve(keys.get(`${server} ${keyId}`));
}

/** Our verdict on a received PDU: "ok", or the name/code of the first check that failed. */
async function receive(record: PduRecord, roomVersionId: string, lookup: KeyLookup): Promise<string> {
  const version = getRoomVersion(roomVersionId);
  try {
    validatePdu(record.pdu, version);
    const signatures = await verifyEventSignatures(record.pdu, version, lookup, backend);
    if (!signatures.ok) return `signature ${signatures.reason} ${signatures.server}`;
    checkContentHash(record.pdu, version);
    const eventId = computeEventId(record.pdu, version);
    return eventId === record.event_id ? "ok" : `event ID ${eventId} is not ${record.event_id}`;
  } catch (err) {
    const error = err as { name: string; code: string; field?: string };
    return `${error.name} ${error.code}${error.field ? " " + error.field : ""}`;
  }
}

describe("synapse-1.67 auth.json: checks on receipt", () => {
  const file = loadSynapseVectors("auth.json");
  const lookup = lookupFrom(file.signing_keys);

  it("every setup event passes, and candidates pass exactly when Synapse's validate_event_for_room_version passed them", async () => {
    const rejectedCandidates: Record<string, string> = {};
    let events = 0;
    for (const testCase of file.cases) {
      for (const record of [...testCase.auth_state, ...testCase.other_events] as PduRecord[]) {
        expect(await receive(record, testCase.room_version, lookup), `${testCase.id} setup ${record.event_id}`).toBe("ok");
        events++;
      }
      const verdict = await receive(testCase.candidate, testCase.room_version, lookup);
      events++;
      expect(verdict === "ok", `${testCase.id}: ${verdict}`).toBe(testCase.passes_validate_event_for_room_version);
      if (verdict !== "ok") rejectedCandidates[testCase.id] = verdict;
    }
    expect(file.cases).toHaveLength(557);
    expect(events).toBe(3967);
    const tooLongStateKey = "EventSizeError JSON_TOO_LARGE state_key";
    // `unsigned_event` has neither signatures nor `hashes`; the missing
    // `hashes` (required by pdu_base) already fails our format check.
    const noHashes = "EventFormatError INVALID_EVENT";
    expect(rejectedCandidates).toEqual({
      "v1/state_key_too_long": tooLongStateKey,
      "v3/state_key_too_long": tooLongStateKey,
      "v6/state_key_too_long": tooLongStateKey,
      "v8/state_key_too_long": tooLongStateKey,
      "v10/state_key_too_long": tooLongStateKey,
      "v10/event_too_large": "EventSizeError JSON_TOO_LARGE",
      "v1/unsigned_event": noHashes,
      "v3/unsigned_event": noHashes,
      "v6/unsigned_event": noHashes,
      "v8/unsigned_event": noHashes,
      "v10/unsigned_event": noHashes,
    });
    // With its content hash filled in, it fails for the reason Synapse gave: no signature of the sender's server.
    for (const testCase of file.cases.filter((c: { id: string }) => c.id.endsWith("/unsigned_event"))) {
      const version = getRoomVersion(testCase.room_version);
      const hashed = { ...testCase.candidate, pdu: { ...testCase.candidate.pdu, hashes: { sha256: computeContentHash(testCase.candidate.pdu, version) } } };
      expect(await receive(hashed, testCase.room_version, lookup), testCase.id).toBe("signature missing example.com");
    }
  });
});

describe("synapse-1.67 state_res.json: checks on receipt", () => {
  it("every event of every scenario passes (rooms 2 and 10)", async () => {
    const file = loadSynapseVectors("state_res.json");
    const lookup = lookupFrom(file.signing_keys);
    let events = 0;
    for (const record of file.records) {
      for (const event of record.events as PduRecord[]) {
        expect(await receive(event, record.room_version, lookup), `${record.id} ${event.event_id}`).toBe("ok");
        events++;
      }
    }
    expect(events).toBe(508);
  });
});
