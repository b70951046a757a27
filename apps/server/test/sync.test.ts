// Spec: client-server "Syncing" and sync.yaml (GET /_matrix/client/v3/sync, v1.19):
// initial and incremental syncs, long-polling, limited timelines with prev_batch
// usable as /messages `from`, state deltas, lazy-loading members ("Lazy-loading
// room members"), invites with stripped state, knocks, left rooms, bad tokens and filters.
import { createRoom, defineFilter, forgetRoom, getRoomEvents, inviteUser, knockRoom, leaveRoom, setRoomStateWithKey } from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { expectMatrixError } from "./helpers/expect-error.js";
import { newUser, roomWith, sendText, syncOnce, type TestUser } from "./helpers/sync-helpers.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

type Served = { event_id: string; type: string; sender: string; state_key?: string; content: Record<string, unknown> };
const bodies = (events: readonly Served[] | undefined) => (events ?? []).filter((e) => e.type === "m.room.message").map((e) => e.content.body);
const memberKeys = (events: readonly Served[] | undefined) => (events ?? []).filter((e) => e.type === "m.room.member").map((e) => e.state_key).sort();

describe.each(backends)("/sync on %s", (backend) => {
  let hs: TestServer;
  beforeAll(async () => {
    hs = await startTestServer(backend);
  });
  afterAll(() => hs?.close());

  it("initial sync: the joined room with its timeline, the state at the timeline's start, and a summary", async () => {
    const alice = await newUser(hs, "initalice");
    const bob = await newUser(hs, "initbob");
    const roomId = await roomWith(alice, [bob]);
    await sendText(alice, roomId, "hello");
    await sendText(bob, roomId, "hi");
    const response = await syncOnce(alice, { filter: JSON.stringify({ room: { timeline: { limit: 2 } } }) });
    const room = response.rooms?.join?.[roomId];
    expect(room).toBeDefined();
    expect(bodies(room?.timeline?.events as Served[])).toEqual(["hello", "hi"]);
    expect(room?.timeline?.limited).toBe(true);
    const stateTypes = (room?.state?.events ?? []).map((e) => e.type);
    expect(stateTypes).toEqual(expect.arrayContaining(["m.room.create", "m.room.power_levels", "m.room.join_rules", "m.room.member"]));
    expect(memberKeys(room?.state?.events as Served[])).toEqual([alice.userId, bob.userId].sort());
    // No event is both in the state and in the timeline.
    const timelineIds = new Set(room?.timeline?.events.map((e) => e.event_id));
    expect((room?.state?.events ?? []).some((e) => timelineIds.has(e.event_id))).toBe(false);
    expect(room?.summary).toEqual({ "m.heroes": [bob.userId], "m.joined_member_count": 2, "m.invited_member_count": 0 });
    // Bob's "hi" in a two-person room notifies Alice (.m.rule.room_one_to_one);
    // her own "hello" does not count.
    expect(room?.unread_notifications).toEqual({ highlight_count: 0, notification_count: 1 });
    expect(typeof response.next_batch).toBe("string");
  });

  it("event_format federation: timeline and state events are the PDUs (hashes, signatures, auth_events, room_id) with event_id", async () => {
    const alice = await newUser(hs, "fedfmt");
    const roomId = await roomWith(alice, []);
    await sendText(alice, roomId, "raw please");
    const response = await syncOnce(alice, { filter: JSON.stringify({ event_format: "federation", room: { timeline: { limit: 1 } } }) });
    const room = response.rooms?.join?.[roomId];
    const [event] = (room?.timeline?.events ?? []) as unknown as Record<string, unknown>[];
    expect(event).toMatchObject({ type: "m.room.message", room_id: roomId, content: { body: "raw please" } });
    expect(Object.keys(event ?? {})).toEqual(expect.arrayContaining(["event_id", "hashes", "signatures", "auth_events", "prev_events", "depth"]));
    expect((event?.unsigned as Record<string, unknown>).transaction_id).toBeDefined();
    const state = (room?.state?.events ?? []) as unknown as Record<string, unknown>[];
    expect(state.length).toBeGreaterThan(0);
    for (const stateEvent of state) expect(stateEvent).toHaveProperty("signatures");
    // The client format stays the default.
    const client = await syncOnce(alice, { filter: JSON.stringify({ room: { timeline: { limit: 1 } } }) });
    expect(client.rooms?.join?.[roomId]?.timeline?.events[0]).not.toHaveProperty("signatures");
  });

  it("incremental sync: only what is new; nothing new returns an empty response with timeout 0", async () => {
    const alice = await newUser(hs, "incalice");
    const roomId = await roomWith(alice, []);
    const first = await syncOnce(alice);
    const quiet = await syncOnce(alice, { since: first.next_batch, timeout: 0 });
    expect(quiet.rooms?.join?.[roomId]).toBeUndefined();
    await sendText(alice, roomId, "new one");
    const next = await syncOnce(alice, { since: quiet.next_batch });
    const room = next.rooms?.join?.[roomId];
    expect(bodies(room?.timeline?.events as Served[])).toEqual(["new one"]);
    expect(room?.timeline?.limited).toBe(false);
    expect(room?.state?.events).toEqual([]);
    // The transaction ID goes back to the device that sent the event.
    expect(room?.timeline?.events[0]?.unsigned?.transaction_id).toBeDefined();
  });

  it("a long-poll is woken by another user's message and returns it before the timeout", async () => {
    const alice = await newUser(hs, "pollalice");
    const bob = await newUser(hs, "pollbob");
    const roomId = await roomWith(alice, [bob]);
    const { next_batch: since } = await syncOnce(alice);
    const waiting = syncOnce(alice, { since, timeout: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The waiting request shows in the Prometheus metrics.
    const metrics = await (await fetch(`${hs.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^myelin_sync_waiters [1-9]/m);
    const eventId = await sendText(bob, roomId, "wake up");
    const response = await waiting;
    expect(response.rooms?.join?.[roomId]?.timeline?.events.map((e) => e.event_id)).toContain(eventId);
  });

  it("a limited timeline's prev_batch works as /messages `from`, and the gap's state changes come as a delta", async () => {
    const alice = await newUser(hs, "limalice");
    const roomId = await roomWith(alice, []);
    const { next_batch: since } = await syncOnce(alice);
    for (let i = 1; i <= 6; i += 1) await sendText(alice, roomId, `m${i}`);
    await alice.client.call(setRoomStateWithKey, { path: { roomId, eventType: "m.room.topic", stateKey: "" }, body: { topic: "in the gap" } });
    for (let i = 7; i <= 9; i += 1) await sendText(alice, roomId, `m${i}`);
    const response = await syncOnce(alice, { since, filter: JSON.stringify({ room: { timeline: { limit: 3 } } }) });
    const room = response.rooms?.join?.[roomId];
    expect(room?.timeline?.limited).toBe(true);
    expect(bodies(room?.timeline?.events as Served[])).toEqual(["m7", "m8", "m9"]);
    // "state": the delta between `since` and the start of the timeline.
    expect((room?.state?.events ?? []).map((e) => [e.type, e.content.topic])).toEqual([["m.room.topic", "in the gap"]]);
    const prevBatch = room?.timeline?.prev_batch;
    expect(prevBatch).toBeDefined();
    const older = await alice.client.call(getRoomEvents, { path: { roomId }, query: { from: prevBatch, dir: "b", limit: 4 } });
    expect(older.chunk.map((e) => (e.type === "m.room.message" ? e.content.body : e.type))).toEqual(["m.room.topic", "m6", "m5", "m4"]);
  });

  it("full_state returns the whole state with a since token", async () => {
    const alice = await newUser(hs, "fullalice");
    const roomId = await roomWith(alice, []);
    const { next_batch: since } = await syncOnce(alice);
    const response = await syncOnce(alice, { since, full_state: true });
    const room = response.rooms?.join?.[roomId];
    expect(room?.timeline?.events).toEqual([]);
    expect((room?.state?.events ?? []).map((e) => e.type)).toEqual(expect.arrayContaining(["m.room.create", "m.room.member", "m.room.power_levels"]));
  });

  it("use_state_after: state_after instead of state", async () => {
    const alice = await newUser(hs, "afteralice");
    const roomId = await roomWith(alice, []);
    await alice.client.call(setRoomStateWithKey, { path: { roomId, eventType: "m.room.topic", stateKey: "" }, body: { topic: "t" } });
    const response = await syncOnce(alice, { use_state_after: true, filter: JSON.stringify({ room: { timeline: { limit: 1 } } }) });
    const room = response.rooms?.join?.[roomId];
    expect(room?.state).toBeUndefined();
    const after = room?.state_after?.events ?? [];
    expect(after.find((e) => e.type === "m.room.topic")?.content).toEqual({ topic: "t" });
  });

  it("lazy-loading members: only the senders of timeline events and the user themself", async () => {
    const alice = await newUser(hs, "lazyalice");
    const bob = await newUser(hs, "lazybob");
    const carol = await newUser(hs, "lazycarol");
    const roomId = await roomWith(alice, [bob, carol], { name: "Lazy room" });
    await sendText(carol, roomId, "one");
    await sendText(carol, roomId, "two");
    const lazy = { room: { timeline: { limit: 2 }, state: { lazy_load_members: true } } };
    const { filter_id: filterId } = await alice.client.call(defineFilter, { path: { userId: alice.userId }, body: lazy });
    const response = await syncOnce(alice, { filter: filterId });
    const room = response.rooms?.join?.[roomId];
    expect(memberKeys(room?.state?.events as Served[])).toEqual([alice.userId, carol.userId].sort());
    expect(room?.summary?.["m.joined_member_count"]).toBe(3);

    const eager = await syncOnce(alice, { filter: JSON.stringify({ room: { timeline: { limit: 2 } } }) });
    expect(memberKeys(eager.rooms?.join?.[roomId]?.state?.events as Served[])).toEqual([alice.userId, bob.userId, carol.userId].sort());

    // Incremental: a new sender's member event comes with their first message.
    const { next_batch: since } = response;
    await sendText(bob, roomId, "bob speaks");
    const next = await syncOnce(alice, { since, filter: filterId });
    expect(memberKeys(next.rooms?.join?.[roomId]?.state?.events as Served[])).toEqual([bob.userId]);
  });

  it("an invite appears in rooms.invite with stripped state, then the room moves to join", async () => {
    const alice = await newUser(hs, "invalice");
    const bob = await newUser(hs, "invbob");
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { preset: "private_chat", name: "Secret plans" } });
    const { next_batch: since } = await syncOnce(bob);
    // Bob is in no room: only the invite (notified to him as a user) can end this long-poll early.
    const waiting = syncOnce(bob, { since, timeout: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await alice.client.call(inviteUser, { path: { roomId }, body: { user_id: bob.userId } });
    const response = await waiting;
    const invite = response.rooms?.invite?.[roomId];
    expect(invite).toBeDefined();
    const events = invite?.invite_state?.events ?? [];
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["m.room.create", "m.room.name", "m.room.join_rules", "m.room.member"]));
    expect(events.find((e) => e.type === "m.room.name")?.content).toEqual({ name: "Secret plans" });
    const member = events.find((e) => e.type === "m.room.member");
    expect(member).toMatchObject({ state_key: bob.userId, sender: alice.userId, content: { membership: "invite" } });
    // Stripped state events carry only type, state_key, sender and content.
    for (const event of events) expect(Object.keys(event).sort()).toEqual(["content", "sender", "state_key", "type"]);
    // Initial sync shows it too.
    expect((await syncOnce(bob)).rooms?.invite?.[roomId]).toBeDefined();
  });

  it("a room joined since the token comes with its full state and recent timeline", async () => {
    const alice = await newUser(hs, "joinalice");
    const bob = await newUser(hs, "joinbob");
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { preset: "public_chat" } });
    await sendText(alice, roomId, "before bob");
    const { next_batch: since } = await syncOnce(bob);
    await roomWithJoin(bob, roomId);
    const response = await syncOnce(bob, { since });
    const room = response.rooms?.join?.[roomId];
    const all = [...(room?.state?.events ?? []), ...(room?.timeline?.events ?? [])];
    expect(all.map((e) => e.type)).toEqual(expect.arrayContaining(["m.room.create", "m.room.power_levels"]));
    expect(all.some((e) => e.type === "m.room.member" && e.state_key === bob.userId && e.content.membership === "join")).toBe(true);
    expect(room?.summary?.["m.joined_member_count"]).toBe(2);
  });

  it("leaving: the room appears under rooms.leave; initial syncs show it only with include_leave", async () => {
    const alice = await newUser(hs, "leavealice");
    const bob = await newUser(hs, "leavebob");
    const roomId = await roomWith(alice, [bob]);
    const { next_batch: since } = await syncOnce(bob);
    await bob.client.call(leaveRoom, { path: { roomId }, body: {} });
    const response = await syncOnce(bob, { since });
    const left = response.rooms?.leave?.[roomId];
    expect(left).toBeDefined();
    expect(left?.timeline?.events.at(-1)).toMatchObject({ type: "m.room.member", state_key: bob.userId, content: { membership: "leave" } });
    expect(response.rooms?.join?.[roomId]).toBeUndefined();

    // After leaving, alice's messages do not reach bob.
    await sendText(alice, roomId, "after bob left");
    const later = await syncOnce(bob, { since: response.next_batch });
    expect(later.rooms?.leave?.[roomId]).toBeUndefined();

    expect((await syncOnce(bob)).rooms?.leave?.[roomId]).toBeUndefined();
    const withLeave = await syncOnce(bob, { filter: JSON.stringify({ room: { include_leave: true } }) });
    const archived = withLeave.rooms?.leave?.[roomId];
    expect(archived?.timeline?.events.at(-1)).toMatchObject({ type: "m.room.member", state_key: bob.userId });
    expect(bodies(archived?.timeline?.events as Served[])).not.toContain("after bob left");

    // A forgotten room is gone even with include_leave.
    await bob.client.call(forgetRoom, { path: { roomId }, body: {} });
    expect((await syncOnce(bob, { filter: JSON.stringify({ room: { include_leave: true } }) })).rooms?.leave?.[roomId]).toBeUndefined();
  });

  it("a rejected invite moves the room from invite to leave with only the leave event", async () => {
    const alice = await newUser(hs, "rejalice");
    const bob = await newUser(hs, "rejbob");
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { preset: "private_chat" } });
    await sendText(alice, roomId, "private history");
    await alice.client.call(inviteUser, { path: { roomId }, body: { user_id: bob.userId } });
    const { next_batch: since } = await syncOnce(bob);
    await bob.client.call(leaveRoom, { path: { roomId }, body: {} });
    const response = await syncOnce(bob, { since });
    const events = response.rooms?.leave?.[roomId]?.timeline?.events ?? [];
    expect(events.map((e) => [e.type, e.content.membership])).toEqual([["m.room.member", "leave"]]);
  });

  it("a knock appears in rooms.knock with stripped state", async () => {
    const alice = await newUser(hs, "knockalice");
    const bob = await newUser(hs, "knockbob");
    const { room_id: roomId } = await alice.client.call(createRoom, {
      body: { preset: "private_chat", room_version: "10", initial_state: [{ type: "m.room.join_rules", state_key: "", content: { join_rule: "knock" } }] },
    });
    const { next_batch: since } = await syncOnce(bob);
    await bob.client.call(knockRoom, { path: { roomIdOrAlias: roomId }, body: {} });
    const response = await syncOnce(bob, { since });
    const knock = response.rooms?.knock?.[roomId];
    expect(knock?.knock_state?.events?.map((e) => e.type)).toEqual(expect.arrayContaining(["m.room.create", "m.room.join_rules", "m.room.member"]));
    expect(knock?.knock_state?.events?.find((e) => e.type === "m.room.member")?.content.membership).toBe("knock");
  });

  it("filters: rooms/not_rooms, timeline types and not_senders, event_fields", async () => {
    const alice = await newUser(hs, "filtalice");
    const bob = await newUser(hs, "filtbob");
    const roomA = await roomWith(alice, [bob]);
    const roomB = await roomWith(alice, []);
    await sendText(alice, roomA, "from alice");
    await sendText(bob, roomA, "from bob");
    const onlyA = await syncOnce(alice, { filter: JSON.stringify({ room: { rooms: [roomA] } }) });
    expect(Object.keys(onlyA.rooms?.join ?? {})).toEqual([roomA]);
    const notA = await syncOnce(alice, { filter: JSON.stringify({ room: { not_rooms: [roomA] } }) });
    expect(Object.keys(notA.rooms?.join ?? {})).toEqual([roomB]);
    const messagesNotBob = await syncOnce(alice, {
      filter: JSON.stringify({ room: { rooms: [roomA], timeline: { types: ["m.room.mess*"], not_senders: [bob.userId] } } }),
    });
    expect(messagesNotBob.rooms?.join?.[roomA]?.timeline?.events.map((e) => e.content.body)).toEqual(["from alice"]);
    const fields = await syncOnce(alice, { filter: JSON.stringify({ event_fields: ["type", "content.body"], room: { rooms: [roomA], timeline: { limit: 1 } } }) });
    const event = fields.rooms?.join?.[roomA]?.timeline?.events[0];
    expect(event?.content).toEqual({ body: "from bob" });
  });

  it("refuses a malformed since token, filter JSON or unknown filter ID with 400, never a 500", async () => {
    const alice = await newUser(hs, "badalice");
    for (const since of ["garbage", "s1_2", "s1_2_3_4_x", "s99999999999999999_0_0_0_0", "", "t1_2"]) {
      if (since === "") continue;
      await expectMatrixError(syncOnce(alice, { since }), "M_INVALID_PARAM", 400);
    }
    await expectMatrixError(syncOnce(alice, { filter: "{not json" }), "M_INVALID_PARAM", 400);
    await expectMatrixError(syncOnce(alice, { filter: JSON.stringify({ room: { timeline: { limit: "x" } } }) }), "M_INVALID_PARAM", 400);
    await expectMatrixError(syncOnce(alice, { filter: JSON.stringify({ room: { timeline: { limit: 0 } } }) }), "M_INVALID_PARAM", 400);
    await expectMatrixError(syncOnce(alice, { filter: "no-such-filter" }), "M_INVALID_PARAM", 400);
    const raw = await rawFetch(hs.baseUrl, "/_matrix/client/v3/sync?timeout=abc", { headers: { Authorization: `Bearer ${alice.accessToken}` } });
    expect(raw.status).toBe(400);
    const noToken = await rawFetch(hs.baseUrl, "/_matrix/client/v3/sync");
    expect(noToken.status).toBe(401);
  });

  it("a token from the future is treated as now, not an error", async () => {
    const alice = await newUser(hs, "futurealice");
    const response = await syncOnce(alice, { since: "s999999_999999_999999_999999_99999999999999", timeout: 0 });
    expect(typeof response.next_batch).toBe("string");
  });
});

async function roomWithJoin(user: TestUser, roomId: string): Promise<void> {
  const { joinRoomById } = await import("@myelin/client-server");
  await user.client.call(joinRoomById, { path: { roomId }, body: {} });
}
