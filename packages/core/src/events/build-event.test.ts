import { beforeAll, describe, expect, it } from "vitest";
import { authorize, authStateFromEvents, checkAuthEventsList } from "../auth/index.js";
import { createNodeEd25519 } from "../crypto/node-ed25519.js";
import { EventFormatError, EventSizeError } from "../errors.js";
import { sha256 } from "../crypto/sha256.js";
import { encodeBase64, encodeBase64Url } from "../json/base64.js";
import type { JsonObject } from "../json/canonical-json.js";
import { getRoomVersion, KNOWN_ROOM_VERSION_IDS, type RoomVersion } from "../rooms/room-versions.js";
import { validatePdu } from "../schemas/validate-pdu.js";
import type { SigningIdentity } from "../signing/sign-json.js";
import { buildCreateEvent } from "./build-create-event.js";
import { buildEvent, type BuiltEvent, type EventDraft } from "./build-event.js";
import { checkContentHash } from "./content-hash.js";
import { computeEventId, computeRoomIdFromCreateEvent } from "./event-id.js";
import type { RoomEvent } from "./pdu.js";
import { computeReferenceHash } from "./reference-hash.js";
import { selectAuthEvents } from "./select-auth-events.js";
import { verifyEventSignatures, type KeyLookup } from "./verify-event.js";

const SERVER = "example.org";
const ALICE = "@alice:example.org";
const BOB = "@bob:example.org";
const TS = 1_700_000_000_000;
const backend = createNodeEd25519();
/** A well-formed room 4+ event ID for an event the test does not have. */
const hashId = (label: string) => "$" + encodeBase64Url(sha256(new TextEncoder().encode(label)));
let signer: SigningIdentity;
let keyLookup: KeyLookup;

beforeAll(async () => {
  const key = await backend.signingKeyFromSeed(new Uint8Array(32).fill(7));
  signer = { entity: SERVER, keyId: "ed25519:test", key };
  keyLookup = (server, keyId) => Promise.resolve(server === SERVER && keyId === "ed25519:test" ? key.publicKey : undefined);
});

/**
 * A room grown one event at a time: each event cites the last one as its prev
 * event and the auth events the selection picks from the state so far.
 */
class GrowingRoom {
  readonly events: RoomEvent[] = [];
  readonly authEventsOf = new Map<string, RoomEvent[]>();
  roomId = "";
  constructor(readonly version: RoomVersion) {}

  get state() {
    return authStateFromEvents(this.events);
  }

  async create(): Promise<BuiltEvent> {
    const built = await buildCreateEvent({ roomVersion: this.version, sender: ALICE, originServerTs: TS }, signer);
    this.roomId = built.roomId;
    this.events.push(built.roomEvent);
    this.authEventsOf.set(built.eventId, []);
    return built;
  }

  async send(fields: { type: string; sender: string; stateKey?: string; content: JsonObject; redacts?: string }): Promise<BuiltEvent> {
    const authEvents = selectAuthEvents(fields, this.state, this.version);
    const built = await buildEvent(
      {
        roomVersion: this.version,
        roomId: this.roomId,
        ...fields,
        prevEvents: this.events.slice(-1),
        authEvents,
        originServerTs: TS + this.events.length,
      },
      signer,
    );
    this.events.push(built.roomEvent);
    this.authEventsOf.set(built.eventId, authEvents);
    return built;
  }
}

describe.each(KNOWN_ROOM_VERSION_IDS)("buildEvent in room version %s (server-server 'PDUs', room version event formats)", (id) => {
  const version = getRoomVersion(id);
  const room = new GrowingRoom(version);
  const built: BuiltEvent[] = [];

  beforeAll(async () => {
    built.push(await room.create());
    built.push(await room.send({ type: "m.room.member", sender: ALICE, stateKey: ALICE, content: { membership: "join", displayname: "Alice" } }));
    // Room 12 creators have infinite power and must not be listed (room 12 rule 10.4).
    const users: JsonObject = version.privilegedCreators ? {} : { [ALICE]: 100 };
    built.push(await room.send({ type: "m.room.power_levels", sender: ALICE, stateKey: "", content: { users, users_default: 0, events_default: 0, state_default: 50, redact: 50 } }));
    built.push(await room.send({ type: "m.room.join_rules", sender: ALICE, stateKey: "", content: { join_rule: "public" } }));
    built.push(await room.send({ type: "m.room.member", sender: BOB, stateKey: BOB, content: { membership: "join" } }));
    built.push(await room.send({ type: "m.room.message", sender: BOB, content: { msgtype: "m.text", body: "hello" } }));
    built.push(await room.send({ type: "m.room.redaction", sender: ALICE, content: { reason: "spam" }, redacts: built[5]!.eventId }));
  });

  it("every event passes validatePdu, its content hash and its event ID (server-server 'Checks performed on receipt of a PDU' 1–3)", () => {
    for (const { pdu, eventId, roomEvent } of built) {
      expect(validatePdu(pdu, version)).toBe(pdu);
      expect(() => checkContentHash(pdu, version)).not.toThrow();
      expect(computeEventId(pdu, version)).toBe(eventId);
      expect(roomEvent.eventId).toBe(eventId);
      expect(pdu.unsigned).toBeUndefined();
    }
  });

  it("every event's signature verifies with the server's public key (appendix 'Signing Events')", async () => {
    for (const { pdu } of built) {
      expect(await verifyEventSignatures(pdu, version, keyLookup, backend)).toEqual({ ok: true, verified: [{ server: SERVER, keyId: "ed25519:test" }] });
    }
  });

  it("every event is allowed by the authorization rules against the state before it and its own auth events", () => {
    built.forEach(({ roomEvent }, i) => {
      const stateBefore = authStateFromEvents(room.events.slice(0, i));
      const authEvents = room.authEventsOf.get(roomEvent.eventId)!;
      expect(checkAuthEventsList(roomEvent, authEvents, version), roomEvent.type).toEqual({ allowed: true });
      expect(authorize(roomEvent, stateBefore, version), roomEvent.type).toEqual({ allowed: true });
      // Room 12 never cites the create event: its room ID stands for it, so the rules read it from there.
      const cited = version.createEventNotInAuthEvents && i > 0 ? [room.events[0]!, ...authEvents] : authEvents;
      expect(authorize(roomEvent, authStateFromEvents(cited), version), roomEvent.type).toEqual({ allowed: true });
    });
  });

  it("depth is the deepest prev event's plus one; the create event has depth 1", () => {
    expect(built.map((b) => b.pdu.depth)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("cites prev and auth events in the version's format", () => {
    const join = built[1]!;
    const create = built[0]!;
    if (version.eventFormat === "v1") {
      // [event_id, {sha256: reference hash}] pairs (pdu_v1).
      expect(join.pdu.prev_events).toEqual([[create.eventId, { sha256: encodeBase64(computeReferenceHash(create.pdu, version)) }]]);
      expect(join.pdu.auth_events).toEqual([[create.eventId, { sha256: encodeBase64(computeReferenceHash(create.pdu, version)) }]]);
      expect(join.pdu.event_id).toBe(join.eventId);
      expect(join.eventId).toMatch(/^\$[A-Za-z0-9]{24}:example\.org$/);
    } else {
      expect(join.pdu.prev_events).toEqual([create.eventId]);
      expect(join.pdu.event_id).toBeUndefined();
      // Room 12: the create event is implied by the room ID, never cited.
      expect(join.pdu.auth_events).toEqual(version.createEventNotInAuthEvents ? [] : [create.eventId]);
    }
  });

  it("writes the room ID as the version says (rooms/v12.md: derived from the create event)", () => {
    const create = built[0]!;
    if (version.roomIdFromCreateEvent) {
      expect(create.pdu.room_id).toBeUndefined();
      expect(room.roomId).toBe("!" + create.eventId.slice(1));
      expect(room.roomId).toBe(computeRoomIdFromCreateEvent(create.pdu, version));
    } else {
      expect(create.pdu.room_id).toBe(room.roomId);
      expect(room.roomId).toMatch(/^![A-Za-z0-9]{24}:example\.org$/);
    }
    for (const b of built.slice(1)) expect(b.pdu.room_id).toBe(room.roomId);
  });

  it("puts the create event's content as the version has it (creator until room 11)", () => {
    const content = built[0]!.pdu.content;
    expect(content.room_version).toBe(id);
    if (version.implicitRoomCreator) expect(content).not.toHaveProperty("creator");
    else expect(content.creator).toBe(ALICE);
  });

  it("puts redacts where the version keeps it (rooms/v11.md 'Moving the redacts property')", () => {
    const redaction = built[6]!;
    const target = built[5]!.eventId;
    if (version.redactsInContent) {
      expect(redaction.pdu.content).toEqual({ reason: "spam", redacts: target });
      expect(redaction.pdu).not.toHaveProperty("redacts");
    } else {
      expect(redaction.pdu.redacts).toBe(target);
      expect(redaction.pdu.content).toEqual({ reason: "spam" });
    }
    expect(redaction.roomEvent.redacts).toBe(target);
  });
});

describe("buildEvent refuses drafts that make invalid PDUs", () => {
  const v10 = getRoomVersion("10");
  const base = (overrides: Partial<EventDraft> = {}): EventDraft => ({
    roomVersion: v10,
    roomId: "!room:example.org",
    type: "m.room.message",
    sender: ALICE,
    content: { body: "hi" },
    prevEvents: [{ eventId: hashId("prev"), depth: 4 }],
    authEvents: [{ eventId: hashId("auth") }],
    originServerTs: TS,
    ...overrides,
  });

  it("builds the plain draft (control)", async () => {
    const { pdu } = await buildEvent(base(), signer);
    expect(pdu.depth).toBe(5);
    expect(pdu.prev_events).toEqual([hashId("prev")]);
  });

  it("content making the event larger than 65536 bytes is an EventSizeError (client-server 'Size limits')", async () => {
    const error = await buildEvent(base({ content: { body: "x".repeat(65536) } }), signer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventSizeError);
    expect((error as EventSizeError).field).toBeUndefined();
  });

  it("a state_key over 255 bytes is an EventSizeError naming state_key", async () => {
    const error = await buildEvent(base({ type: "m.room.topic", stateKey: "k".repeat(256), content: {} }), signer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EventSizeError);
    expect((error as EventSizeError).field).toBe("state_key");
  });

  it("a float in content is an EventFormatError from room 6 (strict canonical JSON), accepted in room 5", async () => {
    await expect(buildEvent(base({ content: { n: 1.5 } }), signer)).rejects.toThrow(EventFormatError);
    const v5 = getRoomVersion("5");
    const { pdu } = await buildEvent(base({ roomVersion: v5, content: { n: 1.5 } }), signer);
    expect(pdu.content.n).toBe(1.5);
  });

  it("a sender that is not a user ID is an EventFormatError", async () => {
    await expect(buildEvent(base({ sender: "alice" }), signer)).rejects.toThrow(EventFormatError);
  });

  it("a missing room ID is an EventFormatError", async () => {
    const { roomId: _omit, ...draft } = base();
    await expect(buildEvent(draft, signer)).rejects.toThrow(EventFormatError);
  });

  it("a room ID on a room 12 create event is an EventFormatError (pdu_v12: omitted from m.room.create)", async () => {
    const v12 = getRoomVersion("12");
    const draft = base({ roomVersion: v12, type: "m.room.create", stateKey: "", content: { room_version: "12" }, prevEvents: [], authEvents: [] });
    await expect(buildEvent(draft, signer)).rejects.toThrow(/no room_id/);
  });

  it("a chosen event ID outside rooms 1–2 is an EventFormatError; in room 1 it is used", async () => {
    await expect(buildEvent(base({ eventId: "$mine:example.org" }), signer)).rejects.toThrow(EventFormatError);
    const v1 = getRoomVersion("1");
    const built = await buildEvent(base({ roomVersion: v1, eventId: "$mine:example.org", prevEvents: [], authEvents: [] }), signer);
    expect(built.eventId).toBe("$mine:example.org");
    expect(built.pdu.event_id).toBe("$mine:example.org");
  });

  it("redacts on an event that is not m.room.redaction is an EventFormatError", async () => {
    await expect(buildEvent(base({ redacts: hashId("x") }), signer)).rejects.toThrow(/only m.room.redaction/);
  });

  it("redacts disagreeing with content.redacts is an EventFormatError (room 11+)", async () => {
    const draft = base({ roomVersion: getRoomVersion("11"), type: "m.room.redaction", content: { redacts: hashId("a") }, redacts: hashId("b") });
    await expect(buildEvent(draft, signer)).rejects.toThrow(/disagrees/);
  });

  it("an m.room.redaction without redacts is an EventFormatError (pdu schema)", async () => {
    await expect(buildEvent(base({ type: "m.room.redaction", content: {} }), signer)).rejects.toThrow(EventFormatError);
  });

  it("rooms 1–2 need the reference hash of an event cited by ID alone", async () => {
    const v1 = getRoomVersion("1");
    const prev = { eventId: "$prev:example.org", depth: 1 };
    await expect(buildEvent(base({ roomVersion: v1, prevEvents: [prev], authEvents: [] }), signer)).rejects.toThrow(/reference hash/);
    await expect(buildEvent(base({ roomVersion: v1, prevEvents: [{ ...prev, referenceHash: "abc" }], authEvents: [] }), signer)).rejects.toThrow(EventFormatError);
    const hash = encodeBase64(new Uint8Array(32).fill(1));
    const { pdu } = await buildEvent(base({ roomVersion: v1, prevEvents: [{ ...prev, referenceHash: hash }], authEvents: [] }), signer);
    expect(pdu.prev_events).toEqual([["$prev:example.org", { sha256: hash }]]);
  });

  it("more than 20 prev events is an EventFormatError (pdu: at most 20)", async () => {
    const prevEvents = Array.from({ length: 21 }, (_, i) => ({ eventId: hashId(`p${i}`), depth: i }));
    await expect(buildEvent(base({ prevEvents }), signer)).rejects.toThrow(EventFormatError);
    // Twenty, one of them cited twice, is fine: duplicates are cited once.
    const { pdu } = await buildEvent(base({ prevEvents: [...prevEvents.slice(0, 20), prevEvents[3]!] }), signer);
    expect(pdu.prev_events).toHaveLength(20);
    expect(pdu.depth).toBe(20);
  });

  it("a prev event depth that is not a non-negative integer is an EventFormatError", async () => {
    await expect(buildEvent(base({ prevEvents: [{ eventId: hashId("p"), depth: -1 }] }), signer)).rejects.toThrow(EventFormatError);
    await expect(buildEvent(base({ prevEvents: [{ eventId: hashId("p"), depth: 1.5 }] }), signer)).rejects.toThrow(EventFormatError);
  });

  it("depth stays at the limit once reached (depth_v6: 2^53−1; pdu_v1: 2^63−1, as close as a double gets)", async () => {
    const atLimit = await buildEvent(base({ prevEvents: [{ eventId: hashId("p"), depth: Number.MAX_SAFE_INTEGER }] }), signer);
    expect(atLimit.pdu.depth).toBe(Number.MAX_SAFE_INTEGER);
    const v3 = getRoomVersion("3");
    // Room 3 IDs are standard base64: 43 "A"s will do.
    const old = await buildEvent(base({ roomVersion: v3, prevEvents: [{ eventId: "$" + "A".repeat(43), depth: 2 ** 63 }], authEvents: [] }), signer);
    expect(old.pdu.depth).toBe(2 ** 63 - 1024);
    expect(validatePdu(old.pdu, v3)).toBe(old.pdu);
  });

  it("an origin that is not a server name is an EventFormatError; a valid one is written", async () => {
    await expect(buildEvent(base({ origin: "not a server" }), signer)).rejects.toThrow(EventFormatError);
    const { pdu } = await buildEvent(base({ origin: SERVER }), signer);
    expect(pdu.origin).toBe(SERVER);
  });

  it("drafts that are not drafts at all are EventFormatErrors, not TypeErrors", async () => {
    await expect(buildEvent(null as never, signer)).rejects.toThrow(EventFormatError);
    await expect(buildEvent(base({ roomVersion: undefined as never }), signer)).rejects.toThrow(EventFormatError);
    await expect(buildEvent(base({ prevEvents: [null as never] }), signer)).rejects.toThrow(EventFormatError);
    await expect(buildEvent(base({ authEvents: [null as never] }), signer)).rejects.toThrow(EventFormatError);
    await expect(buildEvent(base({ roomVersion: getRoomVersion("12"), roomId: "!" + hashId("r").slice(1), authEvents: [null as never] }), signer)).rejects.toThrow(EventFormatError);
    await expect(buildEvent(base({ prevEvents: "x" as never }), signer)).rejects.toThrow(EventFormatError);
  });

  it("content that is not an object is an EventFormatError", async () => {
    await expect(buildEvent(base({ content: [] as unknown as JsonObject }), signer)).rejects.toThrow(EventFormatError);
  });
});

describe("buildCreateEvent (event m.room.create; rooms/v11.md, rooms/v12.md)", () => {
  it.each(KNOWN_ROOM_VERSION_IDS)("room %s: room_version and creator as the version has them", async (id) => {
    const version = getRoomVersion(id);
    const built = await buildCreateEvent({ roomVersion: version, sender: ALICE, originServerTs: TS, content: { "m.federate": false } }, signer);
    const expected: JsonObject = { "m.federate": false, room_version: id };
    if (!version.implicitRoomCreator) expected.creator = ALICE;
    expect(built.pdu.content).toEqual(expected);
    expect(built.pdu.prev_events).toEqual([]);
    expect(built.pdu.auth_events).toEqual([]);
    expect(built.roomId).toBe(built.roomEvent.roomId);
    expect(authorize(built.roomEvent, authStateFromEvents([]), version)).toEqual({ allowed: true });
  });

  it("room 12: additional_creators is written; an empty list is left out", async () => {
    const v12 = getRoomVersion("12");
    const withBob = await buildCreateEvent({ roomVersion: v12, sender: ALICE, originServerTs: TS, additionalCreators: [BOB] }, signer);
    expect(withBob.pdu.content).toEqual({ room_version: "12", additional_creators: [BOB] });
    const empty = await buildCreateEvent({ roomVersion: v12, sender: ALICE, originServerTs: TS, additionalCreators: [] }, signer);
    expect(empty.pdu.content).toEqual({ room_version: "12" });
    // Same content and timestamp, same sender: the same room ID.
    const again = await buildCreateEvent({ roomVersion: v12, sender: ALICE, originServerTs: TS }, signer);
    expect(again.roomId).toBe(empty.roomId);
    expect(again.roomId).not.toBe(withBob.roomId);
  });

  it("room 12: an additional creator that is not a user ID is an EventFormatError (room 12 rule 1.4)", async () => {
    await expect(buildCreateEvent({ roomVersion: getRoomVersion("12"), sender: ALICE, originServerTs: TS, additionalCreators: ["bob"] }, signer)).rejects.toThrow(EventFormatError);
  });

  it("additional creators before room 12, creator from room 11, a choice of room ID in room 12 are EventFormatErrors", async () => {
    await expect(buildCreateEvent({ roomVersion: getRoomVersion("11"), sender: ALICE, originServerTs: TS, additionalCreators: [BOB] }, signer)).rejects.toThrow(EventFormatError);
    await expect(buildCreateEvent({ roomVersion: getRoomVersion("11"), sender: ALICE, originServerTs: TS, content: { creator: ALICE } }, signer)).rejects.toThrow(EventFormatError);
    await expect(buildCreateEvent({ roomVersion: getRoomVersion("12"), sender: ALICE, originServerTs: TS, roomId: "!r:example.org" }, signer)).rejects.toThrow(EventFormatError);
  });

  it("a creator other than the sender, or another room_version, is an EventFormatError", async () => {
    await expect(buildCreateEvent({ roomVersion: getRoomVersion("10"), sender: ALICE, originServerTs: TS, content: { creator: BOB } }, signer)).rejects.toThrow(EventFormatError);
    await expect(buildCreateEvent({ roomVersion: getRoomVersion("10"), sender: ALICE, originServerTs: TS, content: { room_version: "9" } }, signer)).rejects.toThrow(EventFormatError);
  });

  it("rooms 1–11 use the given room ID", async () => {
    const built = await buildCreateEvent({ roomVersion: getRoomVersion("6"), sender: ALICE, originServerTs: TS, roomId: "!chosen:example.org" }, signer);
    expect(built.roomId).toBe("!chosen:example.org");
    expect(built.pdu.room_id).toBe("!chosen:example.org");
  });
});

describe("selectAuthEvents (server-server 'Auth events selection')", () => {
  it("picks create, power levels, sender and target membership and join rules for a join; no create in room 12", async () => {
    for (const id of ["10", "12"]) {
      const version = getRoomVersion(id);
      const room = new GrowingRoom(version);
      const create = await room.create();
      const join = await room.send({ type: "m.room.member", sender: ALICE, stateKey: ALICE, content: { membership: "join" } });
      const pl = await room.send({ type: "m.room.power_levels", sender: ALICE, stateKey: "", content: { users: version.privilegedCreators ? {} : { [ALICE]: 100 } } });
      const rules = await room.send({ type: "m.room.join_rules", sender: ALICE, stateKey: "", content: { join_rule: "public" } });
      await room.send({ type: "m.room.topic", sender: ALICE, stateKey: "", content: { topic: "t" } });
      const selected = selectAuthEvents({ type: "m.room.member", sender: BOB, stateKey: BOB, content: { membership: "join" } }, room.state, version);
      const expected = version.createEventNotInAuthEvents ? [pl, rules] : [create, pl, rules];
      expect(selected.map((e) => e.eventId)).toEqual(expected.map((b) => b.eventId));
      const byAlice = selectAuthEvents({ type: "m.room.message", sender: ALICE, content: {} }, room.state, version);
      expect(byAlice.map((e) => e.eventId)).toEqual((version.createEventNotInAuthEvents ? [pl, join] : [create, pl, join]).map((b) => b.eventId));
    }
  });

  it("room 12: a create event passed as an auth event is not cited", async () => {
    const version = getRoomVersion("12");
    const room = new GrowingRoom(version);
    const create = await room.create();
    const built = await buildEvent(
      { roomVersion: version, roomId: room.roomId, type: "m.room.member", stateKey: ALICE, sender: ALICE, content: { membership: "join" }, prevEvents: [create.roomEvent], authEvents: [create.roomEvent], originServerTs: TS },
      signer,
    );
    expect(built.pdu.auth_events).toEqual([]);
  });
});
