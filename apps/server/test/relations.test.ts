// Spec: client-server "Forming relationships between events" → "Aggregations
// of child events" and "Relationships API" (relations.yaml), "Event
// replacements" ("Server-side aggregation of m.replace relationships"),
// "Threading" ("Server-side aggregation of m.thread relationships",
// threads_list.yaml), "Reference relations".
import {
  getEventContext,
  getOneRoomEvent,
  getRelatingEvents,
  getRelatingEventsWithRelType,
  getRelatingEventsWithRelTypeAndEventType,
  getRoomEvents,
  getThreadRoots,
  redactEvent,
  sendMessage,
  setAccountData,
} from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { expectMatrixError } from "./helpers/expect-error.js";
import { newUser, roomWith, sendText, type TestUser } from "./helpers/sync-helpers.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

let txn = 0;
async function send(user: TestUser, roomId: string, content: Record<string, unknown>, eventType = "m.room.message"): Promise<string> {
  txn += 1;
  const response = await user.client.call(sendMessage, { path: { roomId, eventType, txnId: `rel${txn}` }, body: content });
  return response.event_id;
}

const edit = (target: string, body: string) => ({
  msgtype: "m.text",
  body: `* ${body}`,
  "m.new_content": { msgtype: "m.text", body },
  "m.relates_to": { rel_type: "m.replace", event_id: target },
});
const inThread = (root: string, body: string) => ({ msgtype: "m.text", body, "m.relates_to": { rel_type: "m.thread", event_id: root } });
const reference = (target: string) => ({ msgtype: "m.text", body: "ref", "m.relates_to": { rel_type: "m.reference", event_id: target } });
const reaction = (target: string, key: string) => ({ "m.relates_to": { rel_type: "m.annotation", event_id: target, key } });

type Served = { event_id: string; sender: string; content: Record<string, unknown>; unsigned?: Record<string, unknown> };
const relationsOf = (event: Served | undefined) => event?.unsigned?.["m.relations"] as Record<string, Record<string, unknown>> | undefined;

describe.each(backends)("relations and threads on %s", (backend) => {
  let hs: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let roomId: string;
  beforeAll(async () => {
    hs = await startTestServer(backend);
    alice = await newUser(hs, "relalice");
    bob = await newUser(hs, "relbob");
    roomId = await roomWith(alice, [bob]);
  });
  afterAll(() => hs?.close());

  it("m.replace: the latest valid edit is bundled on /event, /messages and /context; the content stays the original's", async () => {
    const original = await send(alice, roomId, { msgtype: "m.text", body: "I like cake" });
    await send(alice, roomId, edit(original, "I like chocolate cake"));
    const latest = await send(alice, roomId, edit(original, "I really like chocolate cake"));
    // An edit by someone else is invalid ("Validity of replacement events") and is ignored.
    await send(bob, roomId, edit(original, "bob was here"));

    const viaEvent = (await alice.client.call(getOneRoomEvent, { path: { roomId, eventId: original } })) as Served;
    // v1.19: "servers should not replace the content with that of the replacement event".
    expect(viaEvent.content.body).toBe("I like cake");
    const replace = relationsOf(viaEvent)?.["m.replace"] as Served | undefined;
    expect(replace?.event_id).toBe(latest);
    expect((replace?.content["m.new_content"] as Record<string, unknown>).body).toBe("I really like chocolate cake");

    const messages = await bob.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b", limit: 10 } });
    const inMessages = (messages.chunk as Served[]).find((event) => event.event_id === original);
    expect((relationsOf(inMessages)?.["m.replace"] as Served | undefined)?.event_id).toBe(latest);

    const context = await bob.client.call(getEventContext, { path: { roomId, eventId: original }, query: { limit: 2 } });
    expect((relationsOf(context.event as Served)?.["m.replace"] as Served | undefined)?.event_id).toBe(latest);
  });

  it("m.replace is not bundled once the original is redacted; redacting the latest edit falls back to the one before", async () => {
    const original = await send(alice, roomId, { msgtype: "m.text", body: "typo" });
    const first = await send(alice, roomId, edit(original, "first fix"));
    const second = await send(alice, roomId, edit(original, "second fix"));
    await alice.client.call(redactEvent, { path: { roomId, eventId: second, txnId: `redact${second}` }, body: {} });
    const afterEditRedacted = (await alice.client.call(getOneRoomEvent, { path: { roomId, eventId: original } })) as Served;
    expect((relationsOf(afterEditRedacted)?.["m.replace"] as Served | undefined)?.event_id).toBe(first);
    await alice.client.call(redactEvent, { path: { roomId, eventId: original, txnId: `redact${original}` }, body: {} });
    const redacted = (await alice.client.call(getOneRoomEvent, { path: { roomId, eventId: original } })) as Served;
    expect(relationsOf(redacted)?.["m.replace"]).toBeUndefined();
  });

  it("m.thread: latest_event, count and current_user_participated; m.reference: a chunk of IDs; annotations are not aggregated", async () => {
    const root = await send(alice, roomId, { msgtype: "m.text", body: "thread root" });
    await send(bob, roomId, inThread(root, "one"));
    await send(bob, roomId, inThread(root, "two"));
    const last = await send(bob, roomId, inThread(root, "three"));
    const ref = await send(bob, roomId, reference(root));
    await send(bob, roomId, reaction(root, "👍"), "m.reaction");

    const forAlice = (await alice.client.call(getOneRoomEvent, { path: { roomId, eventId: root } })) as Served;
    const thread = relationsOf(forAlice)?.["m.thread"];
    expect(thread?.count).toBe(3);
    expect((thread?.latest_event as Served).event_id).toBe(last);
    expect((thread?.latest_event as Served).content.body).toBe("three");
    // Alice sent the root: she participated.
    expect(thread?.current_user_participated).toBe(true);
    expect(relationsOf(forAlice)?.["m.reference"]).toEqual({ chunk: [{ event_id: ref }] });
    expect(relationsOf(forAlice)?.["m.annotation"]).toBeUndefined();

    const carol = await newUser(hs, "relcarol");
    const other = await roomWith(alice, [carol]);
    const otherRoot = await send(alice, other, { msgtype: "m.text", body: "root" });
    await send(alice, other, inThread(otherRoot, "alice replies"));
    const forCarol = (await carol.client.call(getOneRoomEvent, { path: { roomId: other, eventId: otherRoot } })) as Served;
    expect(relationsOf(forCarol)?.["m.thread"]?.current_user_participated).toBe(false);
    expect(relationsOf(forCarol)?.["m.thread"]?.count).toBe(1);

    // "Servers must additionally ensure they do not consider child events from ignored users".
    await carol.client.call(setAccountData, { path: { userId: carol.userId, type: "m.ignored_user_list" }, body: { ignored_users: { [alice.userId]: {} } } });
    await send(alice, other, inThread(otherRoot, "again"));
    const ignoring = (await carol.client.call(getOneRoomEvent, { path: { roomId: other, eventId: otherRoot } })) as Served;
    expect(relationsOf(ignoring)?.["m.thread"]).toBeUndefined();
  });

  it("GET /relations: newest first, paginated with next_batch, filtered by relType and eventType, forwards with dir=f", async () => {
    const parent = await send(alice, roomId, { msgtype: "m.text", body: "parent" });
    const children: string[] = [];
    for (let i = 0; i < 5; i += 1) children.push(await send(bob, roomId, reference(parent)));
    const reactionId = await send(bob, roomId, reaction(parent, "🎉"), "m.reaction");

    const first = await alice.client.call(getRelatingEvents, { path: { roomId, eventId: parent }, query: { limit: 4 } });
    expect(first.chunk.map((event) => event.event_id)).toEqual([reactionId, ...children.slice(2).reverse()]);
    expect(first.next_batch).toBeDefined();
    expect(first.recursion_depth).toBeUndefined();
    const second = await alice.client.call(getRelatingEvents, { path: { roomId, eventId: parent }, query: { limit: 4, from: first.next_batch! } });
    expect(second.chunk.map((event) => event.event_id)).toEqual(children.slice(0, 2).reverse());
    expect(second.next_batch).toBeUndefined();

    const references = await alice.client.call(getRelatingEventsWithRelType, { path: { roomId, eventId: parent, relType: "m.reference" }, query: {} });
    expect(references.chunk.map((event) => event.event_id)).toEqual([...children].reverse());
    const reactions = await alice.client.call(getRelatingEventsWithRelTypeAndEventType, {
      path: { roomId, eventId: parent, relType: "m.annotation", eventType: "m.reaction" },
      query: {},
    });
    expect(reactions.chunk.map((event) => event.event_id)).toEqual([reactionId]);
    const none = await alice.client.call(getRelatingEventsWithRelTypeAndEventType, {
      path: { roomId, eventId: parent, relType: "m.annotation", eventType: "m.room.message" },
      query: {},
    });
    expect(none.chunk).toEqual([]);

    const forwards = await alice.client.call(getRelatingEventsWithRelType, { path: { roomId, eventId: parent, relType: "m.reference" }, query: { dir: "f", limit: 3 } });
    expect(forwards.chunk.map((event) => event.event_id)).toEqual(children.slice(0, 3));
    const rest = await alice.client.call(getRelatingEventsWithRelType, {
      path: { roomId, eventId: parent, relType: "m.reference" },
      query: { dir: "f", limit: 3, from: forwards.next_batch! },
    });
    expect(rest.chunk.map((event) => event.event_id)).toEqual(children.slice(3));
  });

  it("GET /relations with recurse: indirect relations up to the recursion depth, through matching events only", async () => {
    const root = await send(alice, roomId, { msgtype: "m.text", body: "root" });
    const level1 = await send(bob, roomId, reference(root));
    const level2 = await send(bob, roomId, reference(level1));
    const level3 = await send(bob, roomId, reference(level2));
    const level4 = await send(bob, roomId, reference(level3));
    const reactionOnLevel1 = await send(bob, roomId, reaction(level1, "x"), "m.reaction");

    const direct = await alice.client.call(getRelatingEvents, { path: { roomId, eventId: root }, query: { recurse: false } });
    expect(direct.chunk.map((event) => event.event_id)).toEqual([level1]);
    expect(direct.recursion_depth).toBe(1);

    const recursive = await alice.client.call(getRelatingEvents, { path: { roomId, eventId: root }, query: { recurse: true } });
    expect(recursive.recursion_depth).toBe(3);
    // Depth 3: level4 is beyond it.
    expect(recursive.chunk.map((event) => event.event_id).sort()).toEqual([level1, level2, level3, reactionOnLevel1].sort());
    expect(recursive.chunk.map((event) => event.event_id)).not.toContain(level4);

    // With rel_type m.annotation, the reaction on level1 is reached only through a non-matching event: left out.
    const annotations = await alice.client.call(getRelatingEventsWithRelType, { path: { roomId, eventId: root, relType: "m.annotation" }, query: { recurse: true } });
    expect(annotations.chunk).toEqual([]);
  });

  it("GET /relations: 404 for an unknown or invisible parent, 400 for bad tokens and limits, 403/404 never 500", async () => {
    const parent = await send(alice, roomId, { msgtype: "m.text", body: "private" });
    await expectMatrixError(alice.client.call(getRelatingEvents, { path: { roomId, eventId: "$nope" }, query: {} }), "M_NOT_FOUND", 404);
    const stranger = await newUser(hs, "relstranger");
    await expectMatrixError(stranger.client.call(getRelatingEvents, { path: { roomId, eventId: parent }, query: {} }), "M_NOT_FOUND", 404);
    await expectMatrixError(alice.client.call(getRelatingEvents, { path: { roomId, eventId: parent }, query: { from: "garbage" } }), "M_INVALID_PARAM", 400);
    const headers = { Authorization: `Bearer ${alice.accessToken}` };
    const base = `/_matrix/client/v1/rooms/${encodeURIComponent(roomId)}/relations/${encodeURIComponent(parent)}`;
    for (const query of ["?limit=-1", "?limit=abc", "?dir=x", "?recurse=maybe", "?to=zz"]) {
      const response = await rawFetch(hs.baseUrl, base + query, { headers });
      expect(response.status, query).toBe(400);
    }
    const unknownRoom = await rawFetch(hs.baseUrl, `/_matrix/client/v1/rooms/${encodeURIComponent("!nope:localhost")}/relations/${encodeURIComponent(parent)}`, { headers });
    expect(unknownRoom.status).toBe(404);
  });

  it("GET /threads: roots by latest activity, include=participated, pagination, bundled thread summaries", async () => {
    const room = await roomWith(alice, [bob]);
    const rootA = await send(alice, room, { msgtype: "m.text", body: "A" });
    const rootB = await send(bob, room, { msgtype: "m.text", body: "B" });
    const rootC = await send(bob, room, { msgtype: "m.text", body: "C" });
    await send(bob, room, inThread(rootA, "a1"));
    await send(bob, room, inThread(rootB, "b1"));
    await send(bob, room, inThread(rootC, "c1"));
    // Thread A becomes the most recently active.
    await send(bob, room, inThread(rootA, "a2"));
    await sendText(bob, room, "not in a thread");

    const all = await alice.client.call(getThreadRoots, { path: { roomId: room }, query: {} });
    expect(all.chunk.map((event) => event.event_id)).toEqual([rootA, rootC, rootB]);
    expect((relationsOf(all.chunk[0] as Served)?.["m.thread"] as Record<string, unknown>).count).toBe(2);

    const page1 = await alice.client.call(getThreadRoots, { path: { roomId: room }, query: { limit: 2 } });
    expect(page1.chunk.map((event) => event.event_id)).toEqual([rootA, rootC]);
    const page2 = await alice.client.call(getThreadRoots, { path: { roomId: room }, query: { limit: 2, from: page1.next_batch! } });
    expect(page2.chunk.map((event) => event.event_id)).toEqual([rootB]);
    expect(page2.next_batch).toBeUndefined();

    // Alice sent root A only: she participated in that thread alone.
    const participated = await alice.client.call(getThreadRoots, { path: { roomId: room }, query: { include: "participated" } });
    expect(participated.chunk.map((event) => event.event_id)).toEqual([rootA]);

    await expectMatrixError(alice.client.call(getThreadRoots, { path: { roomId: room }, query: { from: "bogus" } }), "M_INVALID_PARAM", 400);
    const stranger = await newUser(hs, "thrstranger");
    await expectMatrixError(stranger.client.call(getThreadRoots, { path: { roomId: room }, query: {} }), "M_FORBIDDEN", 403);
    const headers = { Authorization: `Bearer ${alice.accessToken}` };
    for (const query of ["?limit=0", "?include=some", "?limit=x"]) {
      const response = await rawFetch(hs.baseUrl, `/_matrix/client/v1/rooms/${encodeURIComponent(room)}/threads${query}`, { headers });
      expect(response.status, query).toBe(400);
    }
  });
});
