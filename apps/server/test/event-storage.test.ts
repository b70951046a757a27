// Issue 3 "Storage": stream orderings for sync tokens, room state readable
// at any event without replaying the room (state groups), and persisting an
// event as one transaction. Driven through the real server's storage.
import { createRoom, joinRoomById, redactEvent, sendMessage, setRoomStateWithKey } from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_STATE_GROUP_CHAIN } from "../src/storage/queries/state-writes.js";
import type { Storage } from "../src/storage/storage.js";
import { backends } from "./helpers/backends.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

type User = Awaited<ReturnType<TestServer["registerUser"]>>;

describe.each(backends)("event storage on %s", (backend) => {
  let hs: TestServer;
  let storage: Storage;
  let alice: User;
  let bob: User;
  beforeAll(async () => {
    hs = await startTestServer(backend);
    storage = hs.server.services.storage;
    alice = await hs.registerUser("alice");
    bob = await hs.registerUser("bob");
  });
  afterAll(() => hs?.close());

  const sendText = (user: User, roomId: string, body: string) =>
    user.client.call(sendMessage, { path: { roomId, eventType: "m.room.message", txnId: `${body}-${Math.random()}` }, body: { msgtype: "m.text", body } });

  it("reads the state at every event from state groups, across delta chains longer than a snapshot interval", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: {} });
    const count = MAX_STATE_GROUP_CHAIN * 2 + 5;
    const eventIds: string[] = [];
    for (let i = 0; i < count; i++) {
      eventIds.push((await alice.client.call(setRoomStateWithKey, { path: { roomId, eventType: "org.example.counter", stateKey: "" }, body: { i } })).event_id);
      await alice.client.call(setRoomStateWithKey, { path: { roomId, eventType: "org.example.step", stateKey: String(i) }, body: {} });
    }
    const stored = await storage.events.getEvents(eventIds);
    const byId = new Map(stored.map((event) => [event.eventId, event]));
    const groups = await storage.roomState.stateAtGroupsForKeys(
      eventIds.map((eventId) => byId.get(eventId)!.stateGroup!),
      [["org.example.counter", ""]],
    );
    for (const [i, eventId] of eventIds.entries()) {
      const event = byId.get(eventId)!;
      expect(groups.get(event.stateGroup!)).toEqual([{ type: "org.example.counter", stateKey: "", eventId }]);
      if (i % 37 === 0 || i === count - 1) {
        const full = await storage.roomState.stateAtGroup(event.stateGroup!);
        const steps = full.filter((entry) => entry.type === "org.example.step").map((entry) => Number(entry.stateKey));
        // Before its own step event: steps 0..i-1 exist, none later.
        expect(steps.sort((a, b) => a - b)).toEqual(Array.from({ length: i }, (_, n) => n));
        expect(full.some((entry) => entry.type === "m.room.create")).toBe(true);
      }
    }
    const current = await storage.roomState.currentState(roomId);
    const latest = await storage.events.getEvent((await storage.events.forwardExtremities(roomId))[0]!);
    expect((await storage.roomState.stateAtGroup(latest!.stateGroup!)).sort((a, b) => a.eventId.localeCompare(b.eventId))).toEqual(
      [...current].sort((a, b) => a.eventId.localeCompare(b.eventId)),
    );
  });

  it("persists an event in one transaction: a failure part-way leaves no row, state, membership or extremity behind", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: {} });
    const [extremity] = await storage.events.forwardExtremities(roomId);
    const existing = (await storage.events.getEvent(extremity!))!;
    const position = await storage.events.maxStreamOrdering();
    const state = await storage.roomState.currentState(roomId);
    // A member event reusing a stored event ID: the state and membership rows are written first, then the event row's unique key fails.
    await expect(
      storage.events.persistEvent({
        eventId: existing.eventId,
        roomId,
        type: "m.room.member",
        stateKey: bob.userId,
        sender: bob.userId,
        depth: existing.depth + 1,
        originServerTs: Date.now(),
        pdu: { type: "m.room.member", content: { membership: "join" } },
        prevEventIds: [existing.eventId],
      }),
    ).rejects.toThrow();
    expect(await storage.events.maxStreamOrdering()).toBe(position);
    expect(await storage.roomState.currentState(roomId)).toEqual(state);
    expect(await storage.rooms.getMembership(roomId, bob.userId)).toBeUndefined();
    expect(await storage.events.forwardExtremities(roomId)).toEqual([existing.eventId]);
  });

  it("serialises concurrent sends into one room: one forward extremity, strictly increasing depth and stream orderings", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: {} });
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => sendText(alice, roomId, `c${i}`)));
    const events = await storage.events.getEvents(results.map((result) => result.event_id));
    expect(events).toHaveLength(25);
    const sorted = [...events].sort((a, b) => a.streamOrdering - b.streamOrdering);
    for (let i = 1; i < sorted.length; i++) {
      expect(sorted[i]!.depth).toBe(sorted[i - 1]!.depth + 1);
      expect(sorted[i]!.pdu.prev_events).toEqual([sorted[i - 1]!.eventId]);
    }
    expect(await storage.events.forwardExtremities(roomId)).toEqual([sorted.at(-1)!.eventId]);
  });

  it("gives sync what it needs: the max stream ordering, events per room between two positions, state deltas", async () => {
    const one = (await alice.client.call(createRoom, { body: { preset: "public_chat" } })).room_id;
    const two = (await alice.client.call(createRoom, { body: {} })).room_id;
    const since = await storage.events.maxStreamOrdering();
    for (let i = 0; i < 4; i++) {
      await sendText(alice, one, `one-${i}`);
      await sendText(alice, two, `two-${i}`);
    }
    await bob.client.call(joinRoomById, { path: { roomId: one }, body: {} });
    const upTo = await storage.events.maxStreamOrdering();
    expect(upTo).toBe(since + 9);

    const newest = await storage.events.roomEventsBetweenStreams({ roomIds: [one, two], after: since, upTo, limitPerRoom: 2, direction: "backwards" });
    expect(newest.map((event) => [event.roomId, event.type === "m.room.message" ? event.pdu.content : event.type])).toEqual([
      [two, { msgtype: "m.text", body: "two-2" }],
      [one, { msgtype: "m.text", body: "one-3" }],
      [two, { msgtype: "m.text", body: "two-3" }],
      [one, "m.room.member"],
    ]);
    const oldest = await storage.events.roomEventsBetweenStreams({ roomIds: [one], after: since, upTo, limitPerRoom: 2, direction: "forwards" });
    expect(oldest.map((event) => (event.pdu.content as { body: string }).body)).toEqual(["one-0", "one-1"]);
    expect(newest.every((event, i) => i === 0 || event.streamOrdering > newest[i - 1]!.streamOrdering)).toBe(true);

    const deltas = await storage.events.stateDeltasBetweenStreams({ after: since, upTo });
    expect(deltas).toEqual([{ streamOrdering: upTo, roomId: one, type: "m.room.member", stateKey: bob.userId, eventId: newest.at(-1)!.eventId, replacesState: null }]);
    expect(await storage.events.stateDeltasBetweenStreams({ roomIds: [two], after: since, upTo })).toEqual([]);
  });

  it("a cached event row reads as redacted once a redaction of it commits", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: {} });
    const { event_id: eventId } = await sendText(alice, roomId, "to be redacted");
    // Both reads fill the row cache of the database's stores.
    expect((await storage.events.getEvent(eventId))?.redactedBy).toBeNull();
    expect((await storage.events.getEvents([eventId, eventId])).map((event) => event.redactedBy)).toEqual([null]);
    const { event_id: redactionId } = await alice.client.call(redactEvent, { path: { roomId, eventId, txnId: `redact-${Math.random()}` }, body: {} });
    expect((await storage.events.getEvent(eventId))?.redactedBy).toBe(redactionId);
    expect((await storage.events.getEvents([eventId]))[0]?.redactedBy).toBe(redactionId);
  });
});
