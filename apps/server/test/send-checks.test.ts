// Spec: client-server "Event annotations and reactions" → "Avoiding duplicate
// annotations" (400 M_DUPLICATE_ANNOTATION); "Threading" → "Validation of
// m.thread relationships" (400 M_UNKNOWN) and threaded notification counts
// (sync.yaml `unread_thread_notifications`, "Receiving notifications");
// "Push Notifications" default override `.m.rule.invite_for_me` for the
// invites of POST /createRoom.
import { createRoom, getNotifications, postReceipt, redactEvent, sendMessage } from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { expectMatrixError } from "./helpers/expect-error.js";
import { newUser, roomWith, sendText, syncOnce, type TestUser } from "./helpers/sync-helpers.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

let txn = 0;
async function send(user: TestUser, roomId: string, content: Record<string, unknown>, eventType = "m.room.message", txnId?: string): Promise<string> {
  txn += 1;
  return (await user.client.call(sendMessage, { path: { roomId, eventType, txnId: txnId ?? `sc${txn}` }, body: content })).event_id;
}
const reaction = (target: string, key: string) => ({ "m.relates_to": { rel_type: "m.annotation", event_id: target, key } });
const inThread = (root: string, body: string) => ({ msgtype: "m.text", body, "m.relates_to": { rel_type: "m.thread", event_id: root } });

describe.each(backends)("send-time relation checks on %s", (backend) => {
  let hs: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let roomId: string;
  beforeAll(async () => {
    hs = await startTestServer(backend);
    alice = await newUser(hs, "scalice");
    bob = await newUser(hs, "scbob");
    roomId = await roomWith(alice, [bob]);
  });
  afterAll(() => hs?.close());

  it("a second identical annotation (same sender, type, key) is 400 M_DUPLICATE_ANNOTATION; other keys, senders and types pass; a redacted one can be sent again", async () => {
    const target = await sendText(alice, roomId, "react to me");
    const first = await send(bob, roomId, reaction(target, "👍"), "m.reaction");
    await expectMatrixError(send(bob, roomId, reaction(target, "👍"), "m.reaction"), "M_DUPLICATE_ANNOTATION", 400);
    await send(bob, roomId, reaction(target, "🎉"), "m.reaction");
    await send(alice, roomId, reaction(target, "👍"), "m.reaction");
    await send(bob, roomId, reaction(target, "👍"), "org.example.custom_annotation");
    // A retry of the same transaction is the same event, not a duplicate.
    const retried = await send(bob, roomId, reaction(target, "❤️"), "m.reaction", "sc-retry");
    expect(await send(bob, roomId, reaction(target, "❤️"), "m.reaction", "sc-retry")).toBe(retried);
    await bob.client.call(redactEvent, { path: { roomId, eventId: first, txnId: `scr${txn}` }, body: {} });
    await send(bob, roomId, reaction(target, "👍"), "m.reaction");
  });

  it("a thread cannot start from an event with a relation (reply in a thread, edit, reaction): 400 M_UNKNOWN", async () => {
    const root = await sendText(alice, roomId, "root");
    const reply = await send(bob, roomId, inThread(root, "in thread"));
    await send(bob, roomId, inThread(root, "a second reply to the real root is fine"));
    await expectMatrixError(send(bob, roomId, inThread(reply, "thread off a thread reply")), "M_UNKNOWN", 400);
    const edit = await send(alice, roomId, { msgtype: "m.text", body: "* root!", "m.new_content": { msgtype: "m.text", body: "root!" }, "m.relates_to": { rel_type: "m.replace", event_id: root } });
    await expectMatrixError(send(bob, roomId, inThread(edit, "thread off an edit")), "M_UNKNOWN", 400);
    const react = await send(bob, roomId, reaction(root, "👀"), "m.reaction");
    await expectMatrixError(send(bob, roomId, inThread(react, "thread off a reaction")), "M_UNKNOWN", 400);
    // A rich reply (m.in_reply_to only, no rel_type) is no relation: it can be a root.
    const richReply = await send(alice, roomId, { msgtype: "m.text", body: "> root\n\nreply", "m.relates_to": { "m.in_reply_to": { event_id: root } } });
    await send(bob, roomId, inThread(richReply, "thread off a rich reply"));
  });

  it("a thread root in another room, or unknown, is 400", async () => {
    const otherRoom = await roomWith(alice, [bob]);
    const elsewhere = await sendText(alice, otherRoom, "root elsewhere");
    await expectMatrixError(send(bob, roomId, inThread(elsewhere, "cross-room")), "M_UNKNOWN", 400);
    await expectMatrixError(send(bob, roomId, inThread("$doesnotexist", "nowhere")), "M_UNKNOWN", 400);
  });
});

describe.each(backends)("threaded notification counts and createRoom invites on %s", (backend) => {
  let hs: TestServer;
  beforeAll(async () => {
    hs = await startTestServer(backend);
  });
  afterAll(() => hs?.close());

  const threadedFilter = JSON.stringify({ room: { timeline: { limit: 1, unread_thread_notifications: true } } });

  it("unread_thread_notifications splits counts per thread when the filter asks; a threaded receipt clears only its thread", async () => {
    const alice = await newUser(hs, "utnalice");
    const bob = await newUser(hs, "utnbob");
    const carol = await newUser(hs, "utncarol");
    const roomId = await roomWith(alice, [bob, carol]);
    const rootA = await sendText(alice, roomId, "root A");
    const rootB = await sendText(alice, roomId, "root B");
    const inA = await send(alice, roomId, inThread(rootA, "a1"));
    await send(alice, roomId, { ...inThread(rootA, "a2 @bob"), "m.mentions": { user_ids: [bob.userId] } });
    await send(alice, roomId, inThread(rootB, "b1"));
    await sendText(alice, roomId, "main");

    const threaded = async () => (await syncOnce(bob, { filter: threadedFilter })).rooms?.join?.[roomId];
    let room = await threaded();
    // The main timeline, thread roots included: root A, root B, "main".
    expect(room?.unread_notifications).toEqual({ notification_count: 3, highlight_count: 0 });
    expect(room?.unread_thread_notifications).toEqual({
      [rootA]: { notification_count: 2, highlight_count: 1 },
      [rootB]: { notification_count: 1, highlight_count: 0 },
    });
    // Without the filter flag: one total, no per-thread key.
    const plain = (await syncOnce(bob, { filter: JSON.stringify({ room: { timeline: { limit: 1 } } }) })).rooms?.join?.[roomId];
    expect(plain?.unread_notifications).toEqual({ notification_count: 6, highlight_count: 1 });
    expect(plain?.unread_thread_notifications).toBeUndefined();

    // A receipt in thread A up to its first reply: A keeps the mention only; B and main untouched.
    await bob.client.call(postReceipt, { path: { roomId, receiptType: "m.read", eventId: inA }, body: { thread_id: rootA } });
    room = await threaded();
    expect(room?.unread_thread_notifications).toEqual({
      [rootA]: { notification_count: 1, highlight_count: 1 },
      [rootB]: { notification_count: 1, highlight_count: 0 },
    });
    expect(room?.unread_notifications).toEqual({ notification_count: 3, highlight_count: 0 });
    // A main-timeline receipt clears main only; the threads keep their counts.
    await bob.client.call(postReceipt, { path: { roomId, receiptType: "m.read", eventId: rootB }, body: { thread_id: "main" } });
    room = await threaded();
    expect(room?.unread_notifications).toEqual({ notification_count: 1, highlight_count: 0 });
    expect(room?.unread_thread_notifications?.[rootB]).toEqual({ notification_count: 1, highlight_count: 0 });
  });

  it("createRoom's invitees get their .m.rule.invite_for_me notification", async () => {
    const alice = await newUser(hs, "invalice");
    const bob = await newUser(hs, "invbob");
    const carol = await newUser(hs, "invcarol");
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { preset: "private_chat", invite: [bob.userId, carol.userId] } });
    for (const invitee of [bob, carol]) {
      const listed = await invitee.client.call(getNotifications, { query: {} });
      const invite = listed.notifications.find((entry) => entry.room_id === roomId);
      expect(invite?.event.type).toBe("m.room.member");
      expect(invite?.event.state_key).toBe(invitee.userId);
      expect(invite?.actions).toContain("notify");
    }
    // The creator is not notified of their own invites.
    expect((await alice.client.call(getNotifications, { query: {} })).notifications.filter((entry) => entry.room_id === roomId)).toEqual([]);
  });
});
