// Spec: client-server "Push Notifications": "Server behaviour" (push rules
// evaluated for each local member but the sender; the count in the same
// /sync as the event), "Receiving notifications" (unread_notifications),
// "Marking notifications as read" (receipts, and sending an event),
// "Listing Notifications" (notifications.yaml) and pushers (pusher.yaml).
import { getNotifications, getPushers, postPusher, postReceipt, sendMessage, setPushRuleEnabled } from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { expectMatrixError } from "./helpers/expect-error.js";
import { newUser, roomWith, sendText, syncOnce, type TestUser } from "./helpers/sync-helpers.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

let txn = 0;
async function send(user: TestUser, roomId: string, content: Record<string, unknown>): Promise<string> {
  txn += 1;
  return (await user.client.call(sendMessage, { path: { roomId, eventType: "m.room.message", txnId: `n${txn}` }, body: content })).event_id;
}

async function counts(user: TestUser, roomId: string) {
  const response = await syncOnce(user, { filter: JSON.stringify({ room: { timeline: { limit: 1 } } }) });
  return response.rooms?.join?.[roomId]?.unread_notifications;
}

describe.each(backends)("notification counts, /notifications and pushers on %s", (backend) => {
  let hs: TestServer;
  beforeAll(async () => {
    hs = await startTestServer(backend);
  });
  afterAll(() => hs?.close());

  it("a mention (m.mentions.user_ids) highlights the mentioned user only; plain messages notify everyone but the sender", async () => {
    const alice = await newUser(hs, "ncalice");
    const bob = await newUser(hs, "ncbob");
    const carol = await newUser(hs, "nccarol");
    const roomId = await roomWith(alice, [bob, carol]);
    await send(alice, roomId, { msgtype: "m.text", body: "hey bob", "m.mentions": { user_ids: [bob.userId] } });
    await sendText(alice, roomId, "and everyone");
    expect(await counts(bob, roomId)).toEqual({ notification_count: 2, highlight_count: 1 });
    expect(await counts(carol, roomId)).toEqual({ notification_count: 2, highlight_count: 0 });
    expect(await counts(alice, roomId)).toEqual({ notification_count: 0, highlight_count: 0 });
  });

  it("a message in a 1:1 room notifies; a notice does not; the count comes with the event in an incremental sync", async () => {
    const alice = await newUser(hs, "oneone");
    const bob = await newUser(hs, "oneonebob");
    const roomId = await roomWith(alice, [bob]);
    const before = await syncOnce(bob);
    await send(alice, roomId, { msgtype: "m.notice", body: "bot says" });
    expect(await counts(bob, roomId)).toEqual({ notification_count: 0, highlight_count: 0 });
    const eventId = await sendText(alice, roomId, "hello bob");
    const next = await syncOnce(bob, { since: before.next_batch, timeout: 0 });
    const room = next.rooms?.join?.[roomId];
    expect(room?.timeline?.events.map((event) => event.event_id)).toContain(eventId);
    expect(room?.unread_notifications).toEqual({ notification_count: 1, highlight_count: 0 });
    // The 1:1 rule plays a sound: the stored actions are the rule's.
    const listed = await bob.client.call(getNotifications, { query: {} });
    expect(listed.notifications[0]?.actions).toEqual(["notify", { set_tweak: "sound", value: "default" }]);
  });

  it("counts reset after a read receipt (m.read or m.read.private) and after the user sends an event", async () => {
    const alice = await newUser(hs, "rralice");
    const bob = await newUser(hs, "rrbob");
    const carol = await newUser(hs, "rrcarol");
    const roomId = await roomWith(alice, [bob, carol]);
    const first = await sendText(alice, roomId, "one");
    await sendText(alice, roomId, "two");
    const third = await sendText(alice, roomId, "three");
    expect(await counts(bob, roomId)).toEqual({ notification_count: 3, highlight_count: 0 });
    await bob.client.call(postReceipt, { path: { roomId, receiptType: "m.read", eventId: first }, body: {} });
    expect(await counts(bob, roomId)).toEqual({ notification_count: 2, highlight_count: 0 });
    await bob.client.call(postReceipt, { path: { roomId, receiptType: "m.read.private", eventId: third }, body: {} });
    expect(await counts(bob, roomId)).toEqual({ notification_count: 0, highlight_count: 0 });

    await sendText(alice, roomId, "four");
    expect(await counts(carol, roomId)).toEqual({ notification_count: 4, highlight_count: 0 });
    await sendText(carol, roomId, "I read it all");
    expect(await counts(carol, roomId)).toEqual({ notification_count: 0, highlight_count: 0 });
  });

  it("a threaded receipt clears its thread only", async () => {
    const alice = await newUser(hs, "thralice");
    const bob = await newUser(hs, "thrbob");
    const carol = await newUser(hs, "thrcarol");
    const roomId = await roomWith(alice, [bob, carol]);
    const root = await sendText(alice, roomId, "root");
    const threadReply = await send(alice, roomId, { msgtype: "m.text", body: "in thread", "m.relates_to": { rel_type: "m.thread", event_id: root } });
    await sendText(alice, roomId, "main again");
    expect(await counts(bob, roomId)).toEqual({ notification_count: 3, highlight_count: 0 });
    await bob.client.call(postReceipt, { path: { roomId, receiptType: "m.read", eventId: threadReply }, body: { thread_id: root } });
    expect(await counts(bob, roomId)).toEqual({ notification_count: 2, highlight_count: 0 });
  });

  it("push rules decide: disabling .m.rule.message silences group messages; enabling master silences everything", async () => {
    const alice = await newUser(hs, "rulealice");
    const bob = await newUser(hs, "rulebob");
    const carol = await newUser(hs, "rulecarol");
    const roomId = await roomWith(alice, [bob, carol]);
    await bob.client.call(setPushRuleEnabled, { path: { kind: "underride", ruleId: ".m.rule.message" }, body: { enabled: false } });
    await sendText(alice, roomId, "quiet for bob");
    expect(await counts(bob, roomId)).toEqual({ notification_count: 0, highlight_count: 0 });
    await carol.client.call(setPushRuleEnabled, { path: { kind: "override", ruleId: ".m.rule.master" }, body: { enabled: true } });
    await send(alice, roomId, { msgtype: "m.text", body: "carol!", "m.mentions": { user_ids: [carol.userId] } });
    expect(await counts(carol, roomId)).toEqual({ notification_count: 1, highlight_count: 0 });
  });

  it("GET /notifications: newest first, read flags, only=highlight, pagination with next_token; bad input is 400", async () => {
    const alice = await newUser(hs, "listalice");
    const bob = await newUser(hs, "listbob");
    const carol = await newUser(hs, "listcarol");
    const roomId = await roomWith(alice, [bob, carol]);
    const plain = await sendText(alice, roomId, "plain");
    const mention = await send(alice, roomId, { msgtype: "m.text", body: "bob look", "m.mentions": { user_ids: [bob.userId] } });
    const latest = await sendText(alice, roomId, "latest");
    await bob.client.call(postReceipt, { path: { roomId, receiptType: "m.read", eventId: plain }, body: {} });

    const all = await bob.client.call(getNotifications, { query: {} });
    expect(all.notifications.map((n) => n.event.event_id).slice(0, 3)).toEqual([latest, mention, plain]);
    // The oldest: bob's invite (".m.rule.invite_for_me" is evaluated for the invitee, who is not joined yet).
    expect(all.notifications[3]?.event).toMatchObject({ type: "m.room.member", state_key: bob.userId, content: { membership: "invite" } });
    expect(all.notifications.map((n) => n.read)).toEqual([false, false, true, true]);
    expect(all.notifications[0]?.room_id).toBe(roomId);
    expect(all.notifications[0]).not.toHaveProperty("event.room_id");
    expect(all.notifications[1]?.actions).toContainEqual({ set_tweak: "highlight" });

    const highlights = await bob.client.call(getNotifications, { query: { only: "highlight" } });
    expect(highlights.notifications.map((n) => n.event.event_id)).toEqual([mention]);

    const page1 = await bob.client.call(getNotifications, { query: { limit: 2 } });
    expect(page1.notifications.map((n) => n.event.event_id)).toEqual([latest, mention]);
    const page2 = await bob.client.call(getNotifications, { query: { limit: 2, from: page1.next_token! } });
    expect(page2.notifications.map((n) => n.event.event_id)).toEqual([plain, all.notifications[3]?.event.event_id]);
    const page3 = await bob.client.call(getNotifications, { query: { limit: 2, from: page2.next_token! } });
    expect(page3).toEqual({ notifications: [] });

    await expectMatrixError(bob.client.call(getNotifications, { query: { from: "nonsense" } }), "M_INVALID_PARAM", 400);
    const headers = { Authorization: `Bearer ${bob.accessToken}` };
    for (const query of ["?limit=-3", "?limit=abc"]) expect((await rawFetch(hs.baseUrl, `/_matrix/client/v3/notifications${query}`, { headers })).status, query).toBe(400);
  });

  it("pushers: set, list, replace, append, delete with kind null; validation", async () => {
    const alice = await newUser(hs, "pushalice");
    const bob = await newUser(hs, "pushbob");
    const http = {
      pushkey: "device-token-1",
      kind: "http",
      app_id: "org.example.app",
      app_display_name: "Example",
      device_display_name: "Phone",
      lang: "en",
      data: { url: "https://push.example.org/_matrix/push/v1/notify", format: "event_id_only" as const },
    };
    await alice.client.call(postPusher, { body: http });
    expect((await alice.client.call(getPushers, {})).pushers).toEqual([
      { pushkey: "device-token-1", kind: "http", app_id: "org.example.app", app_display_name: "Example", device_display_name: "Phone", lang: "en", data: http.data },
    ]);
    // Same app and pushkey: replaced, not duplicated.
    await alice.client.call(postPusher, { body: { ...http, device_display_name: "New phone", profile_tag: "tag" } });
    expect((await alice.client.call(getPushers, {})).pushers).toMatchObject([{ device_display_name: "New phone", profile_tag: "tag" }]);

    // Another user takes the pushkey: without append the first user's pusher goes.
    await bob.client.call(postPusher, { body: { ...http, append: true } });
    expect((await alice.client.call(getPushers, {})).pushers).toHaveLength(1);
    await bob.client.call(postPusher, { body: http });
    expect((await alice.client.call(getPushers, {})).pushers).toEqual([]);
    expect((await bob.client.call(getPushers, {})).pushers).toHaveLength(1);

    await bob.client.call(postPusher, { body: { pushkey: "device-token-1", kind: null, app_id: "org.example.app" } });
    expect((await bob.client.call(getPushers, {})).pushers).toEqual([]);

    await bob.client.call(postPusher, { body: { ...http, kind: "email", pushkey: "bob@example.org", data: {} } });
    expect((await bob.client.call(getPushers, {})).pushers?.map((p) => p.kind)).toEqual(["email"]);

    const bad: [Record<string, unknown>, string][] = [
      [{ ...http, kind: "carrier-pigeon" }, "M_INVALID_PARAM"],
      [{ ...http, data: { url: "https://push.example.org/elsewhere" } }, "M_INVALID_PARAM"],
      [{ ...http, data: { url: "ftp://push.example.org/_matrix/push/v1/notify" } }, "M_INVALID_PARAM"],
      [{ ...http, data: { url: "not a url" } }, "M_INVALID_PARAM"],
      [{ ...http, data: {} }, "M_MISSING_PARAM"],
      [{ ...http, lang: undefined }, "M_MISSING_PARAM"],
      [{ ...http, app_display_name: undefined }, "M_MISSING_PARAM"],
      [{ ...http, pushkey: "x".repeat(513) }, "M_INVALID_PARAM"],
      [{ ...http, app_id: "a".repeat(65) }, "M_INVALID_PARAM"],
      [{ ...http, kind: "email", pushkey: "not-an-address" }, "M_INVALID_PARAM"],
      [{ ...http, pushkey: 5 }, "M_BAD_JSON"],
      [{ ...http, app_id: undefined }, "M_BAD_JSON"],
    ];
    const headers = { Authorization: `Bearer ${bob.accessToken}`, "Content-Type": "application/json" };
    for (const [body, errcode] of bad) {
      const response = await rawFetch(hs.baseUrl, "/_matrix/client/v3/pushers/set", { method: "POST", headers, body: JSON.stringify(body) });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.errcode, JSON.stringify(body)).toBe(errcode);
    }
  });
});
