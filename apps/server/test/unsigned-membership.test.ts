// Spec: client_event_without_room_id.yaml `unsigned.membership` (v1.11): the
// requesting user's membership in the state at the event, including the
// event's own change, `leave` before they had any membership — on /messages,
// /context, /event and sync timelines.
import { createRoom, getEventContext, getOneRoomEvent, getRoomEvents, inviteUser, joinRoomById } from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { newUser, sendText, syncOnce, type TestUser } from "./helpers/sync-helpers.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

type Served = { event_id: string; unsigned?: Record<string, unknown> };
const membershipOf = (events: readonly Served[], eventId: string) => events.find((event) => event.event_id === eventId)?.unsigned?.membership;

describe.each(backends)("unsigned.membership on %s", (backend) => {
  let hs: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let roomId: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    hs = await startTestServer(backend);
    alice = await newUser(hs, "umalice");
    bob = await newUser(hs, "umbob");
    roomId = (await alice.client.call(createRoom, { body: { preset: "private_chat" } })).room_id;
    ids.before = await sendText(alice, roomId, "before bob");
    await alice.client.call(inviteUser, { path: { roomId }, body: { user_id: bob.userId } });
    ids.invited = await sendText(alice, roomId, "bob is invited");
    await bob.client.call(joinRoomById, { path: { roomId }, body: {} });
    ids.joined = await sendText(alice, roomId, "bob is here");
  });
  afterAll(() => hs?.close());

  it("/messages: leave before any membership, invite while invited, join after the join (the join event itself included)", async () => {
    const page = await bob.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b", limit: 50 } });
    const events = page.chunk as Served[];
    expect(membershipOf(events, ids.before!)).toBe("leave");
    expect(membershipOf(events, ids.invited!)).toBe("invite");
    expect(membershipOf(events, ids.joined!)).toBe("join");
    const joinEvent = (page.chunk as (Served & { type: string; state_key?: string; content: { membership?: string } })[]).find(
      (event) => event.type === "m.room.member" && event.state_key === bob.userId && event.content.membership === "join",
    );
    expect(joinEvent?.unsigned?.membership).toBe("join");
    // Each viewer sees their own membership: alice was joined from her join on; the create event came before it.
    const alicePage = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b", limit: 50 } });
    const aliceEvents = alicePage.chunk as (Served & { type: string })[];
    expect(aliceEvents.filter((event) => event.type !== "m.room.create").every((event) => event.unsigned?.membership === "join")).toBe(true);
    expect(aliceEvents.find((event) => event.type === "m.room.create")?.unsigned?.membership).toBe("leave");
  });

  it("/event, /context and the sync timeline carry it too", async () => {
    expect(((await bob.client.call(getOneRoomEvent, { path: { roomId, eventId: ids.invited! } })) as Served).unsigned?.membership).toBe("invite");
    const context = await bob.client.call(getEventContext, { path: { roomId, eventId: ids.invited! }, query: { limit: 10 } });
    expect((context.event as Served | undefined)?.unsigned?.membership).toBe("invite");
    expect(membershipOf((context.events_before ?? []) as Served[], ids.before!)).toBe("leave");
    expect(membershipOf((context.events_after ?? []) as Served[], ids.joined!)).toBe("join");
    const synced = await syncOnce(bob, { filter: JSON.stringify({ room: { timeline: { limit: 20 } } }) });
    const timeline = (synced.rooms?.join?.[roomId]?.timeline?.events ?? []) as Served[];
    expect(membershipOf(timeline, ids.joined!)).toBe("join");
    expect(membershipOf(timeline, ids.invited!)).toBe("invite");
  });
});
