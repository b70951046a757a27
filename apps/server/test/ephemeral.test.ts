// Spec: client-server "Typing Notifications" (typing.yaml), "Receipts" (receipts.yaml:
// m.read, m.read.private, threaded receipts), "Fully read markers" (read_markers.yaml)
// and "Presence" (presence.yaml), each checked through the endpoints and /sync.
import { getAccountDataPerRoom, getPresence, postReceipt, sendMessage, setPresence, setReadMarker, setTyping } from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { expectMatrixError } from "./helpers/expect-error.js";
import { newUser, roomWith, sendText, syncOnce, type TestUser } from "./helpers/sync-helpers.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

type Ephemeral = { type: string; content: Record<string, unknown> };

function ephemeralOf(response: Awaited<ReturnType<typeof syncOnce>>, roomId: string): Ephemeral[] {
  return response.rooms?.join?.[roomId]?.ephemeral?.events ?? [];
}

describe.each(backends)("typing, receipts, read markers and presence on %s", (backend) => {
  let hs: TestServer;
  beforeAll(async () => {
    hs = await startTestServer(backend);
  });
  afterAll(() => hs?.close());

  describe("typing", () => {
    it("shows who types to the other members, and clears on typing: false", async () => {
      const alice = await newUser(hs, "typealice");
      const bob = await newUser(hs, "typebob");
      const roomId = await roomWith(alice, [bob]);
      const { next_batch: since } = await syncOnce(bob);
      await alice.client.call(setTyping, { path: { roomId, userId: alice.userId }, body: { typing: true, timeout: 30_000 } });
      const typing = await syncOnce(bob, { since, timeout: 5_000 });
      expect(ephemeralOf(typing, roomId)).toContainEqual({ type: "m.typing", content: { user_ids: [alice.userId] } });
      // The ephemeral filter can leave typing out.
      const filtered = await syncOnce(bob, { since, filter: JSON.stringify({ room: { ephemeral: { not_types: ["m.typing"] } } }) });
      expect(ephemeralOf(filtered, roomId).map((event) => event.type)).not.toContain("m.typing");
      await alice.client.call(setTyping, { path: { roomId, userId: alice.userId }, body: { typing: false } });
      const stopped = await syncOnce(bob, { since: typing.next_batch, timeout: 5_000 });
      expect(ephemeralOf(stopped, roomId)).toContainEqual({ type: "m.typing", content: { user_ids: [] } });
    });

    it("expires after the timeout and wakes a waiting sync", async () => {
      const alice = await newUser(hs, "expalice");
      const bob = await newUser(hs, "expbob");
      const roomId = await roomWith(alice, [bob]);
      await alice.client.call(setTyping, { path: { roomId, userId: alice.userId }, body: { typing: true, timeout: 300 } });
      const typing = await syncOnce(bob);
      expect(ephemeralOf(typing, roomId)).toContainEqual({ type: "m.typing", content: { user_ids: [alice.userId] } });
      // Nothing else happens in the room: only the expiry can answer this long-poll early.
      const expired = await syncOnce(bob, { since: typing.next_batch, timeout: 20_000 });
      expect(ephemeralOf(expired, roomId)).toContainEqual({ type: "m.typing", content: { user_ids: [] } });
    });

    it("only members may type, and only as themselves (403)", async () => {
      const alice = await newUser(hs, "typeowner");
      const mallory = await newUser(hs, "typemallory");
      const roomId = await roomWith(alice, []);
      await expectMatrixError(mallory.client.call(setTyping, { path: { roomId, userId: mallory.userId }, body: { typing: true } }), "M_FORBIDDEN", 403);
      await expectMatrixError(mallory.client.call(setTyping, { path: { roomId, userId: alice.userId }, body: { typing: true } }), "M_FORBIDDEN", 403);
      const raw = await rawFetch(hs.baseUrl, `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/typing/${encodeURIComponent(alice.userId)}`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${alice.accessToken}`, "Content-Type": "application/json" },
        body: JSON.stringify({ typing: "yes" }),
      });
      expect(raw.status).toBe(400);
      expect(raw.body.errcode).toBe("M_BAD_JSON");
    });
  });

  describe("receipts and read markers", () => {
    async function setup(): Promise<{ alice: TestUser; bob: TestUser; roomId: string; eventId: string }> {
      const alice = await newUser(hs, "rcptalice");
      const bob = await newUser(hs, "rcptbob");
      const roomId = await roomWith(alice, [bob]);
      const eventId = await sendText(alice, roomId, "read me");
      return { alice, bob, roomId, eventId };
    }

    it("m.read reaches the other members through ephemeral m.receipt", async () => {
      const { alice, bob, roomId, eventId } = await setup();
      const { next_batch: since } = await syncOnce(alice);
      await bob.client.call(postReceipt, { path: { roomId, receiptType: "m.read", eventId }, body: {} });
      const response = await syncOnce(alice, { since, timeout: 5_000 });
      const receipt = ephemeralOf(response, roomId).find((event) => event.type === "m.receipt");
      expect(receipt?.content).toMatchObject({ [eventId]: { "m.read": { [bob.userId]: { ts: expect.any(Number) } } } });
      // An initial sync carries it too.
      const initial = await syncOnce(alice);
      expect(ephemeralOf(initial, roomId).find((event) => event.type === "m.receipt")?.content).toHaveProperty([eventId, "m.read", bob.userId]);
    });

    it("m.read.private is seen only by its sender", async () => {
      const { alice, bob, roomId, eventId } = await setup();
      const aliceSince = (await syncOnce(alice)).next_batch;
      const bobSince = (await syncOnce(bob)).next_batch;
      await bob.client.call(postReceipt, { path: { roomId, receiptType: "m.read.private", eventId }, body: {} });
      const own = await syncOnce(bob, { since: bobSince, timeout: 5_000 });
      expect(ephemeralOf(own, roomId).find((event) => event.type === "m.receipt")?.content).toHaveProperty([eventId, "m.read.private", bob.userId]);
      const other = await syncOnce(alice, { since: aliceSince, timeout: 0 });
      expect(JSON.stringify(other)).not.toContain("m.read.private");
      expect(JSON.stringify(await syncOnce(alice))).not.toContain("m.read.private");
    });

    it("threaded receipts carry thread_id; a wrong or empty thread_id is 400 M_INVALID_PARAM", async () => {
      const { alice, bob, roomId, eventId: root } = await setup();
      const { event_id: inThread } = await alice.client.call(sendMessage, {
        path: { roomId, eventType: "m.room.message", txnId: `thread-${Date.now()}` },
        body: { msgtype: "m.text", body: "in thread", "m.relates_to": { rel_type: "m.thread", event_id: root } },
      });
      await bob.client.call(postReceipt, { path: { roomId, receiptType: "m.read", eventId: inThread }, body: { thread_id: root } });
      await bob.client.call(postReceipt, { path: { roomId, receiptType: "m.read", eventId: root }, body: { thread_id: "main" } });
      const response = await syncOnce(alice);
      const content = ephemeralOf(response, roomId).find((event) => event.type === "m.receipt")?.content as Record<string, Record<string, Record<string, unknown>>>;
      expect(content[inThread]?.["m.read"]?.[bob.userId]).toMatchObject({ thread_id: root });
      expect(content[root]?.["m.read"]?.[bob.userId]).toMatchObject({ thread_id: "main" });

      await expectMatrixError(bob.client.call(postReceipt, { path: { roomId, receiptType: "m.read", eventId: inThread }, body: { thread_id: "main" } }), "M_INVALID_PARAM", 400);
      await expectMatrixError(bob.client.call(postReceipt, { path: { roomId, receiptType: "m.read", eventId: root }, body: { thread_id: "" } }), "M_INVALID_PARAM", 400);
      await expectMatrixError(bob.client.call(postReceipt, { path: { roomId, receiptType: "m.fully_read", eventId: root }, body: { thread_id: "main" } }), "M_INVALID_PARAM", 400);
    });

    it("refuses receipts from non-members (403) and for unknown events (404)", async () => {
      const { roomId, eventId } = await setup();
      const outsider = await newUser(hs, "rcptoutsider");
      await expectMatrixError(outsider.client.call(postReceipt, { path: { roomId, receiptType: "m.read", eventId }, body: {} }), "M_FORBIDDEN", 403);
      const { alice } = await setup();
      const aliceRoom = await roomWith(alice, []);
      await expectMatrixError(alice.client.call(postReceipt, { path: { roomId: aliceRoom, receiptType: "m.read", eventId: "$nosuchevent" }, body: {} }), "M_NOT_FOUND", 404);
      // An event of another room does not count either.
      await expectMatrixError(alice.client.call(postReceipt, { path: { roomId: aliceRoom, receiptType: "m.read", eventId }, body: {} }), "M_NOT_FOUND", 404);
    });

    it("read markers set m.fully_read room account data and the receipts, delivered through /sync", async () => {
      const { alice, bob, roomId, eventId } = await setup();
      const { next_batch: since } = await syncOnce(bob);
      await bob.client.call(setReadMarker, { path: { roomId }, body: { "m.fully_read": eventId, "m.read": eventId, "m.read.private": eventId } });
      expect(await bob.client.call(getAccountDataPerRoom, { path: { userId: bob.userId, roomId, type: "m.fully_read" } })).toEqual({ event_id: eventId });
      const response = await syncOnce(bob, { since });
      const room = response.rooms?.join?.[roomId];
      expect(room?.account_data?.events).toContainEqual({ type: "m.fully_read", content: { event_id: eventId } });
      const receipt = ephemeralOf(response, roomId).find((event) => event.type === "m.receipt");
      expect(receipt?.content).toHaveProperty([eventId, "m.read", bob.userId]);
      expect(receipt?.content).toHaveProperty([eventId, "m.read.private", bob.userId]);
      // The receipt endpoint's m.fully_read is the same marker.
      const later = await sendText(alice, roomId, "later");
      await bob.client.call(postReceipt, { path: { roomId, receiptType: "m.fully_read", eventId: later }, body: {} });
      expect(await bob.client.call(getAccountDataPerRoom, { path: { userId: bob.userId, roomId, type: "m.fully_read" } })).toEqual({ event_id: later });
      await expectMatrixError(bob.client.call(setReadMarker, { path: { roomId }, body: { "m.fully_read": "$unknown" } }), "M_NOT_FOUND", 404);
    });
  });

  describe("presence", () => {
    it("sets and reads presence; users who share a room see it (also in /sync); others get 403", async () => {
      const alice = await newUser(hs, "presalice");
      const bob = await newUser(hs, "presbob");
      const stranger = await newUser(hs, "presstranger");
      await roomWith(alice, [bob]);
      const { next_batch: since } = await syncOnce(bob, { set_presence: "offline" });
      await alice.client.call(setPresence, { path: { userId: alice.userId }, body: { presence: "online", status_msg: "busy" } });
      const own = await alice.client.call(getPresence, { path: { userId: alice.userId } });
      expect(own).toMatchObject({ presence: "online", status_msg: "busy", currently_active: true });
      expect(own.last_active_ago).toBeGreaterThanOrEqual(0);
      expect(await bob.client.call(getPresence, { path: { userId: alice.userId } })).toMatchObject({ presence: "online", status_msg: "busy" });
      await expectMatrixError(stranger.client.call(getPresence, { path: { userId: alice.userId } }), "M_FORBIDDEN", 403);
      await expectMatrixError(bob.client.call(setPresence, { path: { userId: alice.userId }, body: { presence: "offline" } }), "M_FORBIDDEN", 403);

      const response = await syncOnce(bob, { since, set_presence: "offline", timeout: 5_000 });
      const event = (response.presence?.events ?? []).find((e) => e.sender === alice.userId);
      expect(event).toMatchObject({ type: "m.presence", content: { presence: "online", status_msg: "busy" } });
      const noPresence = await syncOnce(bob, { since, set_presence: "offline", filter: JSON.stringify({ presence: { not_types: ["*"] } }) });
      expect(noPresence.presence?.events ?? []).toEqual([]);

      await alice.client.call(setPresence, { path: { userId: alice.userId }, body: { presence: "unavailable" } });
      expect(await bob.client.call(getPresence, { path: { userId: alice.userId } })).toMatchObject({ presence: "unavailable", status_msg: "busy" });
    });

    it("/sync marks the user online unless set_presence says otherwise", async () => {
      const carol = await newUser(hs, "prescarol");
      await syncOnce(carol, { set_presence: "offline" });
      expect((await carol.client.call(getPresence, { path: { userId: carol.userId } })).presence).toBe("offline");
      await syncOnce(carol, { set_presence: "unavailable" });
      expect((await carol.client.call(getPresence, { path: { userId: carol.userId } })).presence).toBe("unavailable");
      await syncOnce(carol);
      expect((await carol.client.call(getPresence, { path: { userId: carol.userId } })).presence).toBe("online");
    });

    it("refuses a bad presence value (400); a user who shares no room (existing or not) is 403", async () => {
      const dave = await newUser(hs, "presdave");
      const raw = await rawFetch(hs.baseUrl, `/_matrix/client/v3/presence/${encodeURIComponent(dave.userId)}/status`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${dave.accessToken}`, "Content-Type": "application/json" },
        body: JSON.stringify({ presence: "dancing" }),
      });
      expect(raw.status).toBe(400);
      await expectMatrixError(dave.client.call(getPresence, { path: { userId: "@nobody-here:localhost" } }), "M_FORBIDDEN", 403);
    });
  });
});
