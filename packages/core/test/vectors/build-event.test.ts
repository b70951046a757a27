// buildEvent against the events Synapse 1.67 assembled, hashed and signed for
// auth.json and state_res.json (see the vectors' README: both files' events
// are signed with deterministic test keys, so the signatures can be made
// again). Each event is rebuilt from its draft — type, state key, sender,
// content, origin, timestamp, the events it cites (looked up in the same
// case), `redacts`, and in rooms 1–2 its event ID — and must come out byte
// for byte as Synapse's PDU (without `unsigned`, which is not signed) with
// the same event ID. Depth is not given: the builder computes it, and
// Synapse's equals "the maximum depth of the prev_events, plus one" for
// every one of these events.
//
// Events Synapse's own step 1 refused (`validate_event_for_room_version`:
// state_key over 255 bytes, an event over 65536 bytes) must be refused by
// the builder with an EventSizeError naming the same limit. The five events
// without signatures (`unsigned_event`) have no hashes either: nothing to
// rebuild, they are counted as skipped.
import { afterAll, describe, expect, it } from "vitest";
import { createNodeEd25519 } from "../../src/crypto/node-ed25519.js";
import { EventSizeError } from "../../src/errors.js";
import { buildEvent, type EventDraft } from "../../src/events/build-event.js";
import { toRoomEvent, type Pdu, type RoomEvent } from "../../src/events/pdu.js";
import { decodeBase64 } from "../../src/json/base64.js";
import { canonicalJson, type JsonObject } from "../../src/json/canonical-json.js";
import { getRoomVersion, type RoomVersion } from "../../src/rooms/room-versions.js";
import type { SigningIdentity } from "../../src/signing/sign-json.js";
import { loadSynapseVectors } from "./load.js";

interface PduRecord {
  event_id: string;
  pdu: Pdu;
}
interface SigningKeyRecord {
  server_name: string;
  key_id: string;
  private_seed_test_only: string;
}
interface AuthVectors {
  signing_keys: Record<string, SigningKeyRecord>;
  cases: {
    id: string;
    room_version: string;
    auth_state: PduRecord[];
    other_events: PduRecord[];
    candidate: PduRecord;
    checks: { validate_event_for_room_version: { ok: boolean; error?: { class: string; message: string } } };
  }[];
}
interface StateResVectors {
  signing_keys: Record<string, SigningKeyRecord>;
  records: { id: string; room_version: string; events: PduRecord[] }[];
}

const auth = loadSynapseVectors<AuthVectors>("auth.json");
const stateRes = loadSynapseVectors<StateResVectors>("state_res.json");
const backend = createNodeEd25519();

const signers = new Map<string, Promise<SigningIdentity>>();
function signerFor(keys: Record<string, SigningKeyRecord>, server: string): Promise<SigningIdentity> {
  let signer = signers.get(server);
  if (signer === undefined) {
    const record = Object.values(keys).find((k) => k.server_name === server);
    if (record === undefined) throw new Error(`no test key for ${server}`);
    signer = backend.signingKeyFromSeed(decodeBase64(record.private_seed_test_only)).then((key) => ({ entity: server, keyId: record.key_id, key }));
    signers.set(server, signer);
  }
  return signer;
}

function referencedIds(list: Pdu["prev_events"]): string[] {
  return list.map((entry) => (typeof entry === "string" ? entry : entry[0]));
}

/** The draft Synapse's PDU was built from, with cited events taken from `events`. */
function draftOf(record: PduRecord, version: RoomVersion, events: ReadonlyMap<string, RoomEvent>): EventDraft {
  const { pdu } = record;
  const cited = (id: string) => {
    const event = events.get(id);
    if (event === undefined) throw new Error(`${record.event_id} cites ${id}, which is not in the case`);
    return event;
  };
  return {
    roomVersion: version,
    ...(pdu.room_id === undefined ? {} : { roomId: pdu.room_id }),
    type: pdu.type,
    ...(pdu.state_key === undefined ? {} : { stateKey: pdu.state_key }),
    sender: pdu.sender,
    content: pdu.content,
    prevEvents: referencedIds(pdu.prev_events).map(cited),
    authEvents: referencedIds(pdu.auth_events).map(cited),
    originServerTs: pdu.origin_server_ts,
    ...(typeof pdu.origin === "string" ? { origin: pdu.origin } : {}),
    ...(pdu.redacts === undefined ? {} : { redacts: pdu.redacts }),
    ...(pdu.event_id === undefined ? {} : { eventId: pdu.event_id }),
  };
}

function withoutUnsigned(pdu: Pdu): JsonObject {
  const { unsigned: _unsigned, ...rest } = pdu;
  return rest as JsonObject;
}

const counts = { rebuilt: 0, identical: 0, refusedAsSynapse: 0, skippedUnsigned: 0 };
const mismatches: string[] = [];

/**
 * Rebuilds every event of a case; `refusal` is Synapse's step-1 error class
 * for events it refused (the auth.json candidates only).
 */
async function rebuildAll(label: string, versionId: string, records: PduRecord[], keys: Record<string, SigningKeyRecord>, refusedId?: string, refusal?: string) {
  const version = getRoomVersion(versionId);
  const events = new Map(records.map((r) => [r.event_id, toRoomEvent(r.pdu, r.event_id, version)]));
  for (const record of records) {
    const servers = Object.keys(record.pdu.signatures ?? {});
    if (servers.length === 0) {
      counts.skippedUnsigned += 1;
      continue;
    }
    expect(servers, `${label} ${record.event_id}: one signing server`).toHaveLength(1);
    const signer = await signerFor(keys, servers[0]!);
    const draft = draftOf(record, version, events);
    if (record.event_id === refusedId && refusal !== undefined) {
      expect(refusal).toBe("EventSizeError");
      await expect(buildEvent(draft, signer), `${label}: Synapse refused it as too large`).rejects.toThrow(EventSizeError);
      counts.refusedAsSynapse += 1;
      continue;
    }
    const built = await buildEvent(draft, signer);
    counts.rebuilt += 1;
    const same = built.eventId === record.event_id && canonicalJson(built.pdu, { strict: false }) === canonicalJson(withoutUnsigned(record.pdu), { strict: false });
    if (same) counts.identical += 1;
    else mismatches.push(`${label} ${record.event_id}`);
    expect(built.eventId).toBe(record.event_id);
    expect(built.pdu).toEqual(withoutUnsigned(record.pdu));
  }
}

describe.each(["1", "3", "6", "8", "10"])("auth.json events rebuilt with buildEvent, room version %s", (versionId) => {
  const cases = auth.cases.filter((c) => c.room_version === versionId);
  it.each(cases.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    const step1 = c.checks.validate_event_for_room_version;
    // "Event not signed by sender's server" is the unsigned candidate, skipped above; only size refusals are the builder's.
    const refusal = !step1.ok && step1.error?.class === "EventSizeError" ? step1.error.class : undefined;
    await rebuildAll(c.id, c.room_version, [...c.auth_state, ...c.other_events, c.candidate], auth.signing_keys, c.candidate.event_id, refusal);
  });
});

describe.each(["2", "10"])("state_res.json events rebuilt with buildEvent, room version %s", (versionId) => {
  const records = stateRes.records.filter((r) => r.room_version === versionId);
  it.each(records.map((r) => [r.id, r] as const))("%s", async (_id, r) => {
    await rebuildAll(r.id, r.room_version, r.events, stateRes.signing_keys);
  });
});

describe("rebuilt events summary", () => {
  it("rebuilds every signed event of both files identically", () => {
    // auth.json: 3967 event records, 5 unsigned, 11 refused by step 1 of which 6 for size; state_res.json: 508 events.
    expect(counts.skippedUnsigned).toBe(5);
    expect(counts.refusedAsSynapse).toBe(6);
    expect(counts.rebuilt).toBe(3967 - 5 - 6 + 508);
    expect(mismatches).toEqual([]);
    expect(counts.identical).toBe(counts.rebuilt);
  });

  afterAll(() => {
    console.log(`buildEvent vectors: ${counts.rebuilt} rebuilt, ${counts.identical} identical to Synapse's, ${counts.refusedAsSynapse} refused as Synapse refused them, ${counts.skippedUnsigned} unsigned skipped`);
  });
});
