// Spec: client-server "Creation" (POST /createRoom), "Room events" (send,
// state, redactions), "Getting events for a room" (/event, /state,
// /members, /joined_members, /joined_rooms), /messages, /context and
// /timestamp_to_event.
import {
  createRoom,
  getEventByTimestamp,
  getEventContext,
  getJoinedMembersByRoom,
  getJoinedRooms,
  getMembersByRoom,
  getOneRoomEvent,
  getRoomEvents,
  getRoomState,
  getRoomStateWithKey,
  inviteUser,
  joinRoomById,
  redactEvent,
  sendMessage,
  setRoomStateWithKey,
  type MatrixClient,
} from "@myelin/client-server";
import { KNOWN_ROOM_VERSION_IDS } from "@myelin/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { expectMatrixError } from "./helpers/expect-error.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

let txnCounter = 0;
const txn = () => `t${++txnCounter}-${Date.now()}`;

function send(client: MatrixClient, roomId: string, body: string, txnId = txn()) {
  return client.call(sendMessage, { path: { roomId, eventType: "m.room.message", txnId }, body: { msgtype: "m.text", body } });
}

describe.each(backends)("rooms and events on %s", (backend) => {
  let hs: TestServer;
  let alice: Awaited<ReturnType<TestServer["registerUser"]>>;
  let bob: Awaited<ReturnType<TestServer["registerUser"]>>;
  beforeAll(async () => {
    hs = await startTestServer(backend);
    alice = await hs.registerUser("alice");
    bob = await hs.registerUser("bob");
  });
  afterAll(() => hs?.close());

  it.each(KNOWN_ROOM_VERSION_IDS)("creates a room of version %s, sends a message and reads it back with /messages", async (version) => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { room_version: version, name: `v${version}` } });
    const { event_id: eventId } = await send(alice.client, roomId, `hello v${version}`);
    const page = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b", limit: 3 } });
    expect(page.chunk[0]).toMatchObject({ event_id: eventId, room_id: roomId, type: "m.room.message", content: { body: `hello v${version}` } });
    const create = await alice.client.call(getRoomStateWithKey, { path: { roomId, eventType: "m.room.create", stateKey: "" } });
    expect(create.room_version).toBe(version);
  });

  it("applies presets, name, topic, initial_state, power_level_content_override and invites (createRoom order)", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, {
      body: {
        preset: "public_chat",
        name: "The Pub",
        topic: "Happy hour",
        invite: [bob.userId],
        is_direct: true,
        initial_state: [{ type: "m.room.history_visibility", content: { history_visibility: "world_readable" } }, { type: "org.example.custom", state_key: "k", content: { x: 1 } }],
        power_level_content_override: { events_default: 10 },
      },
    });
    const state = await alice.client.call(getRoomState, { path: { roomId } });
    const byKey = new Map(state.map((event) => [`${event.type}|${event.state_key}`, event]));
    expect(byKey.get("m.room.join_rules|")?.content).toEqual({ join_rule: "public" });
    expect(byKey.get("m.room.guest_access|")?.content).toEqual({ guest_access: "forbidden" });
    expect(byKey.get("m.room.history_visibility|")?.content).toEqual({ history_visibility: "world_readable" });
    expect(byKey.get("m.room.name|")?.content).toEqual({ name: "The Pub" });
    expect(byKey.get("m.room.topic|")?.content).toMatchObject({ topic: "Happy hour" });
    expect(byKey.get("org.example.custom|k")?.content).toEqual({ x: 1 });
    expect(byKey.get("m.room.power_levels|")?.content).toMatchObject({ events_default: 10, events: { "m.room.tombstone": 150 } });
    expect(byKey.get(`m.room.member|${bob.userId}`)?.content).toMatchObject({ membership: "invite", is_direct: true });
    // The order the spec lists: create, creator's join, power levels, preset, initial_state, name/topic, invites.
    const timeline = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "f", limit: 50 } });
    expect(timeline.chunk.map((event) => event.type)).toEqual([
      "m.room.create",
      "m.room.member",
      "m.room.power_levels",
      "m.room.join_rules",
      "m.room.guest_access",
      "m.room.history_visibility",
      "org.example.custom",
      "m.room.name",
      "m.room.topic",
      "m.room.member",
    ]);
  });

  it("refuses unknown room versions with M_UNSUPPORTED_ROOM_VERSION and impossible initial state with M_INVALID_ROOM_STATE, leaving no room behind", async () => {
    await expectMatrixError(alice.client.call(createRoom, { body: { room_version: "13" } }), "M_UNSUPPORTED_ROOM_VERSION", 400);
    await expectMatrixError(alice.client.call(createRoom, { body: { room_version: "org.example.custom" } }), "M_UNSUPPORTED_ROOM_VERSION", 400);
    const before = await alice.client.call(getJoinedRooms);
    // The creator cannot give itself a level below what setting the name needs (createRoom's own example).
    await expectMatrixError(
      alice.client.call(createRoom, { body: { room_version: "10", name: "x", power_level_content_override: { users: { [alice.userId]: 0 } } } }),
      "M_INVALID_ROOM_STATE",
      400,
    );
    expect((await alice.client.call(getJoinedRooms)).joined_rooms).toEqual(before.joined_rooms);
  });

  it("trusted_private_chat makes invitees creators in room 12 and gives them the creator's level before", async () => {
    const v12 = await alice.client.call(createRoom, { body: { preset: "trusted_private_chat", invite: [bob.userId] } });
    const create = await alice.client.call(getRoomStateWithKey, { path: { roomId: v12.room_id, eventType: "m.room.create", stateKey: "" } });
    expect(create.additional_creators).toEqual([bob.userId]);
    const v11 = await alice.client.call(createRoom, { body: { preset: "trusted_private_chat", invite: [bob.userId], room_version: "11" } });
    const levels = await alice.client.call(getRoomStateWithKey, { path: { roomId: v11.room_id, eventType: "m.room.power_levels", stateKey: "" } });
    expect(levels.users).toEqual({ [alice.userId]: 100, [bob.userId]: 100 });
  });

  it("send is idempotent per device and transaction ID; another device's same txnId is a new event; unsigned.transaction_id only for the sender's device", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: {} });
    const first = await send(alice.client, roomId, "once", "same-txn");
    const retry = await send(alice.client, roomId, "once (retry)", "same-txn");
    expect(retry.event_id).toBe(first.event_id);
    const otherDevice = await hs.client().call((await import("@myelin/client-server")).login, { body: { type: "m.login.password", user: "alice", password: "correct horse battery staple" } });
    const other = await send(hs.client(otherDevice.access_token), roomId, "other device", "same-txn");
    expect(other.event_id).not.toBe(first.event_id);
    const mine = await alice.client.call(getOneRoomEvent, { path: { roomId, eventId: first.event_id } });
    expect(mine.unsigned?.transaction_id).toBe("same-txn");
    expect(typeof mine.unsigned?.age).toBe("number");
    const seenByOtherDevice = await hs.client(otherDevice.access_token).call(getOneRoomEvent, { path: { roomId, eventId: first.event_id } });
    expect(seenByOtherDevice.unsigned?.transaction_id).toBeUndefined();
    const page = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b", limit: 10, filter: JSON.stringify({ types: ["m.room.message"] }) } });
    expect(page.chunk.map((event) => event.content.body)).toEqual(["other device", "once"]);
  });

  it("puts and gets state, with and without a state key; prev_content and replaces_state on the replacing event", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { name: "first" } });
    const old = await alice.client.call(getRoomStateWithKey, { path: { roomId, eventType: "m.room.name", stateKey: "" }, query: { format: "event" } });
    const { event_id: eventId } = await alice.client.call(setRoomStateWithKey, { path: { roomId, eventType: "m.room.name", stateKey: "" }, body: { name: "second" } });
    expect(await alice.client.call(getRoomStateWithKey, { path: { roomId, eventType: "m.room.name", stateKey: "" } })).toEqual({ name: "second" });
    await alice.client.call(setRoomStateWithKey, { path: { roomId, eventType: "org.example.keyed", stateKey: "some key" }, body: { v: 2 } });
    expect(await alice.client.call(getRoomStateWithKey, { path: { roomId, eventType: "org.example.keyed", stateKey: "some key" } })).toEqual({ v: 2 });
    const event = await alice.client.call(getOneRoomEvent, { path: { roomId, eventId } });
    expect(event.unsigned).toMatchObject({ replaces_state: old.event_id, prev_content: { name: "first" } });
    await expectMatrixError(alice.client.call(getRoomStateWithKey, { path: { roomId, eventType: "m.room.topic", stateKey: "" } }), "M_NOT_FOUND", 404);
  });

  it("answers M_NOT_FOUND for unknown rooms and M_FORBIDDEN for non-members", async () => {
    const unknown = "!doesnotexist:localhost";
    await expectMatrixError(send(alice.client, unknown, "x"), "M_NOT_FOUND", 404);
    await expectMatrixError(alice.client.call(getRoomState, { path: { roomId: unknown } }), "M_NOT_FOUND", 404);
    await expectMatrixError(alice.client.call(getRoomEvents, { path: { roomId: unknown }, query: { dir: "b" } }), "M_NOT_FOUND", 404);
    const { room_id: roomId } = await alice.client.call(createRoom, { body: {} });
    const { event_id: eventId } = await send(alice.client, roomId, "private");
    await expectMatrixError(send(bob.client, roomId, "intruder"), "M_FORBIDDEN", 403);
    await expectMatrixError(bob.client.call(getRoomState, { path: { roomId } }), "M_FORBIDDEN", 403);
    await expectMatrixError(bob.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b" } }), "M_FORBIDDEN", 403);
    await expectMatrixError(bob.client.call(getJoinedMembersByRoom, { path: { roomId } }), "M_FORBIDDEN", 403);
    await expectMatrixError(bob.client.call(getOneRoomEvent, { path: { roomId, eventId } }), "M_NOT_FOUND", 404);
    await expectMatrixError(bob.client.call(getEventContext, { path: { roomId, eventId } }), "M_NOT_FOUND", 404);
  });

  it("redacts: own events freely, others' only with the redact level; the stored event is served redacted", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { preset: "public_chat" } });
    await bob.client.call(joinRoomById, { path: { roomId }, body: {} });
    const aliceMessage = await send(alice.client, roomId, "alice's secret");
    const bobMessage = await send(bob.client, roomId, "bob's secret");
    const refused = await expectMatrixError(
      bob.client.call(redactEvent, { path: { roomId, eventId: aliceMessage.event_id, txnId: txn() }, body: {} }),
      "M_FORBIDDEN",
      403,
    );
    expect(refused.message).toMatch(/redact/);
    expect((await bob.client.call(getOneRoomEvent, { path: { roomId, eventId: aliceMessage.event_id } })).content.body).toBe("alice's secret");

    const own = await bob.client.call(redactEvent, { path: { roomId, eventId: bobMessage.event_id, txnId: "redact-1" }, body: { reason: "oops" } });
    const again = await bob.client.call(redactEvent, { path: { roomId, eventId: bobMessage.event_id, txnId: "redact-1" }, body: { reason: "oops" } });
    expect(again.event_id).toBe(own.event_id);
    const byAdmin = await alice.client.call(redactEvent, { path: { roomId, eventId: aliceMessage.event_id, txnId: txn() }, body: {} });
    expect(byAdmin.event_id).toMatch(/^\$/);

    const redacted = await alice.client.call(getOneRoomEvent, { path: { roomId, eventId: bobMessage.event_id } });
    expect(redacted.content).toEqual({});
    expect(redacted.unsigned?.redacted_because).toMatchObject({ event_id: own.event_id, type: "m.room.redaction", content: { reason: "oops" } });
    const redaction = await alice.client.call(getOneRoomEvent, { path: { roomId, eventId: own.event_id! } });
    expect(redaction).toMatchObject({ redacts: bobMessage.event_id, content: { redacts: bobMessage.event_id } });
  });

  it("lists members with at/membership/not_membership, joined members and joined rooms; /members?at= reads the earlier state", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { preset: "public_chat" } });
    const beforeBob = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b", limit: 1 } });
    await bob.client.call(joinRoomById, { path: { roomId }, body: {} });
    const carol = await hs.registerUser(`carol${txn()}`.replace(/-/g, ""));
    await alice.client.call(inviteUser, { path: { roomId }, body: { user_id: carol.userId } });

    const all = await alice.client.call(getMembersByRoom, { path: { roomId } });
    expect(all.chunk?.map((event) => [event.state_key, event.content.membership]).sort()).toEqual(
      [
        [alice.userId, "join"],
        [bob.userId, "join"],
        [carol.userId, "invite"],
      ].sort(),
    );
    const joinedOnly = await alice.client.call(getMembersByRoom, { path: { roomId }, query: { membership: "join" } });
    expect(joinedOnly.chunk?.map((event) => event.state_key).sort()).toEqual([alice.userId, bob.userId].sort());
    const notJoined = await alice.client.call(getMembersByRoom, { path: { roomId }, query: { not_membership: "join" } });
    expect(notJoined.chunk?.map((event) => event.state_key)).toEqual([carol.userId]);
    const earlier = await alice.client.call(getMembersByRoom, { path: { roomId }, query: { at: beforeBob.start } });
    expect(earlier.chunk?.map((event) => event.state_key)).toEqual([alice.userId]);

    const joined = await bob.client.call(getJoinedMembersByRoom, { path: { roomId } });
    expect(Object.keys(joined.joined ?? {}).sort()).toEqual([alice.userId, bob.userId].sort());
    expect(joined.joined?.[alice.userId]).toEqual({ display_name: "alice" });
    expect((await bob.client.call(getJoinedRooms)).joined_rooms).toContain(roomId);
    expect((await carol.client.call(getJoinedRooms)).joined_rooms).not.toContain(roomId);
  });

  it("paginates /messages backwards and forwards with from/to/limit; end is omitted at the start of the room", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: {} });
    const sent: string[] = [];
    for (let i = 0; i < 7; i++) sent.push((await send(alice.client, roomId, `m${i}`)).event_id);
    const filter = JSON.stringify({ types: ["m.room.message"] });
    const page1 = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b", limit: 3, filter } });
    expect(page1.chunk.map((event) => event.content.body)).toEqual(["m6", "m5", "m4"]);
    const page2 = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b", limit: 3, from: page1.end, filter } });
    expect(page2.chunk.map((event) => event.content.body)).toEqual(["m3", "m2", "m1"]);
    const page3 = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b", limit: 3, from: page2.end, filter } });
    expect(page3.chunk.map((event) => event.content.body)).toEqual(["m0"]);
    expect(page3.end).toBeUndefined();

    const forwards = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "f", limit: 2, from: page2.end, filter } });
    // A token is a position between events: forwards from where page 2 stopped starts at its last event.
    expect(forwards.chunk.map((event) => event.content.body)).toEqual(["m1", "m2"]);
    const forwards2 = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "f", limit: 10, from: forwards.end, to: page1.end, filter } });
    expect(forwards2.chunk.map((event) => event.content.body)).toEqual(["m3"]);
    const bounded = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b", limit: 10, to: page2.end, filter } });
    expect(bounded.chunk.map((event) => event.content.body)).toEqual(["m6", "m5", "m4", "m3", "m2", "m1"]);

    const notMessages = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "f", limit: 50, filter: JSON.stringify({ not_types: ["m.room.message", "m.room.p*"] }) } });
    expect(notMessages.chunk.map((event) => event.type)).toEqual(["m.room.create", "m.room.member", "m.room.join_rules", "m.room.history_visibility", "m.room.guest_access"]);
  });

  it("filters /messages by senders and lazy-loads the senders' member events into state", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { preset: "public_chat" } });
    await bob.client.call(joinRoomById, { path: { roomId }, body: {} });
    await send(alice.client, roomId, "from alice");
    await send(bob.client, roomId, "from bob");
    const onlyBob = await alice.client.call(getRoomEvents, {
      path: { roomId },
      query: { dir: "b", limit: 5, filter: JSON.stringify({ senders: [bob.userId], types: ["m.room.message"], lazy_load_members: true }) },
    });
    expect(onlyBob.chunk.map((event) => event.content.body)).toEqual(["from bob"]);
    expect(onlyBob.state?.map((event) => [event.type, event.state_key])).toEqual([["m.room.member", bob.userId]]);
    const notBob = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b", limit: 1, filter: JSON.stringify({ not_senders: [bob.userId] }) } });
    expect(notBob.chunk[0]?.content.body).toBe("from alice");
  });

  it("hides history from before a user joined when history_visibility is joined; shared history is visible", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, {
      body: { preset: "public_chat", initial_state: [{ type: "m.room.history_visibility", content: { history_visibility: "joined" } }] },
    });
    const hidden = await send(alice.client, roomId, "before bob");
    await bob.client.call(joinRoomById, { path: { roomId }, body: {} });
    await send(alice.client, roomId, "after bob");
    const page = await bob.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b", limit: 50, filter: JSON.stringify({ types: ["m.room.message"] }) } });
    expect(page.chunk.map((event) => event.content.body)).toEqual(["after bob"]);
    await expectMatrixError(bob.client.call(getOneRoomEvent, { path: { roomId, eventId: hidden.event_id } }), "M_NOT_FOUND", 404);

    const shared = await alice.client.call(createRoom, { body: { preset: "public_chat" } });
    await send(alice.client, shared.room_id, "shared before");
    await bob.client.call(joinRoomById, { path: { roomId: shared.room_id }, body: {} });
    const sharedPage = await bob.client.call(getRoomEvents, { path: { roomId: shared.room_id }, query: { dir: "b", limit: 50, filter: JSON.stringify({ types: ["m.room.message"] }) } });
    expect(sharedPage.chunk.map((event) => event.content.body)).toEqual(["shared before"]);
  });

  it("lets anyone read a world_readable room's history and state, and shows invited users history only under invited", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, {
      body: { preset: "private_chat", initial_state: [{ type: "m.room.history_visibility", content: { history_visibility: "world_readable" } }] },
    });
    await send(alice.client, roomId, "readable by all");
    const page = await bob.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b", limit: 1 } });
    expect(page.chunk[0]?.content.body).toBe("readable by all");
    expect((await bob.client.call(getRoomState, { path: { roomId } })).some((event) => event.type === "m.room.create")).toBe(true);

    const invitedRoom = await alice.client.call(createRoom, {
      body: { preset: "private_chat", initial_state: [{ type: "m.room.history_visibility", content: { history_visibility: "invited" } }] },
    });
    await send(alice.client, invitedRoom.room_id, "before the invite");
    await alice.client.call(inviteUser, { path: { roomId: invitedRoom.room_id }, body: { user_id: bob.userId } });
    await send(alice.client, invitedRoom.room_id, "while invited");
    const invitedPage = await bob.client.call(getRoomEvents, {
      path: { roomId: invitedRoom.room_id },
      query: { dir: "b", limit: 10, filter: JSON.stringify({ types: ["m.room.message"] }) },
    });
    expect(invitedPage.chunk.map((event) => event.content.body)).toEqual(["while invited"]);
  });

  it("returns /context around an event, with state and tokens that continue pagination", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: {} });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await send(alice.client, roomId, `c${i}`)).event_id);
    const context = await alice.client.call(getEventContext, { path: { roomId, eventId: ids[2]! }, query: { limit: 4 } });
    expect(context.event?.content.body).toBe("c2");
    expect(context.events_before?.map((event) => event.content.body)).toEqual(["c1", "c0"]);
    expect(context.events_after?.map((event) => event.content.body)).toEqual(["c3", "c4"]);
    expect(context.state?.some((event) => event.type === "m.room.create")).toBe(true);
    const older = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b", limit: 1, from: context.start } });
    expect(older.chunk[0]?.type).toBe("m.room.guest_access");
    const newer = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "f", limit: 5, from: context.end } });
    expect(newer.chunk).toEqual([]);
    await expectMatrixError(alice.client.call(getEventContext, { path: { roomId, eventId: "$nope" } }), "M_NOT_FOUND", 404);
  });

  it("finds the closest event to a timestamp in both directions", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: {} });
    const first = await send(alice.client, roomId, "first");
    const firstEvent = await alice.client.call(getOneRoomEvent, { path: { roomId, eventId: first.event_id } });
    const forward = await alice.client.call(getEventByTimestamp, { path: { roomId }, query: { ts: firstEvent.origin_server_ts, dir: "f" } });
    expect(forward.origin_server_ts).toBeGreaterThanOrEqual(firstEvent.origin_server_ts);
    const backward = await alice.client.call(getEventByTimestamp, { path: { roomId }, query: { ts: Date.now() + 60_000, dir: "b" } });
    expect(backward.event_id).toBe(first.event_id);
    await expectMatrixError(alice.client.call(getEventByTimestamp, { path: { roomId }, query: { ts: Date.now() + 60_000, dir: "f" } }), "M_NOT_FOUND", 404);
    await expectMatrixError(bob.client.call(getEventByTimestamp, { path: { roomId }, query: { ts: 0, dir: "f" } }), "M_FORBIDDEN", 403);
  });
});
