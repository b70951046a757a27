// Spec: client-server "Filtering" (filter.yaml), "Client Config" (account-data.yaml,
// Server Behaviour: 405 for m.fully_read and m.push_rules), "Room Tagging" (tags.yaml)
// and their delivery through /sync (`account_data`, global and per room).
import {
  defineFilter,
  deleteRoomTag,
  getAccountData,
  getAccountDataPerRoom,
  getFilter,
  getRoomTags,
  setAccountData,
  setAccountDataPerRoom,
  setRoomTag,
} from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { expectMatrixError } from "./helpers/expect-error.js";
import { newUser, roomWith, syncOnce } from "./helpers/sync-helpers.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

describe.each(backends)("filters, account data and tags on %s", (backend) => {
  let hs: TestServer;
  beforeAll(async () => {
    hs = await startTestServer(backend);
  });
  afterAll(() => hs?.close());

  describe("filters (POST/GET /user/{userId}/filter)", () => {
    it("stores a filter and returns it; the same filter gets the same ID; the ID never starts with '{'", async () => {
      const alice = await newUser(hs, "filteralice");
      const filter = { room: { timeline: { limit: 5, types: ["m.room.message"] }, state: { lazy_load_members: true } }, presence: { not_types: ["*"] } };
      const { filter_id: filterId } = await alice.client.call(defineFilter, { path: { userId: alice.userId }, body: filter });
      expect(filterId.startsWith("{")).toBe(false);
      expect(await alice.client.call(getFilter, { path: { userId: alice.userId, filterId } })).toEqual(filter);
      const again = await alice.client.call(defineFilter, { path: { userId: alice.userId }, body: filter });
      expect(again.filter_id).toBe(filterId);
    });

    it("only the owner may create or read filters (403); an unknown filter is 404", async () => {
      const alice = await newUser(hs, "filterowner");
      const bob = await newUser(hs, "filterother");
      const { filter_id: filterId } = await alice.client.call(defineFilter, { path: { userId: alice.userId }, body: {} });
      await expectMatrixError(bob.client.call(getFilter, { path: { userId: alice.userId, filterId } }), "M_FORBIDDEN", 403);
      await expectMatrixError(bob.client.call(defineFilter, { path: { userId: alice.userId }, body: {} }), "M_FORBIDDEN", 403);
      // Bob has no filter of that ID under his own user either.
      await expectMatrixError(bob.client.call(getFilter, { path: { userId: bob.userId, filterId } }), "M_NOT_FOUND", 404);
    });

    it("refuses malformed filters: wrong types are M_BAD_JSON, a limit below 1 is M_INVALID_PARAM", async () => {
      const alice = await newUser(hs, "filterbad");
      const post = (body: unknown) =>
        rawFetch(hs.baseUrl, `/_matrix/client/v3/user/${encodeURIComponent(alice.userId)}/filter`, {
          method: "POST",
          headers: { Authorization: `Bearer ${alice.accessToken}`, "Content-Type": "application/json" },
          body: JSON.stringify(body),
        });
      const wrongType = await post({ room: { timeline: { limit: "ten" } } });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.errcode).toBe("M_BAD_JSON");
      const notAnArray = await post({ room: { rooms: "!a:b" } });
      expect(notAnArray.status).toBe(400);
      const zero = await post({ room: { timeline: { limit: 0 } } });
      expect(zero.status).toBe(400);
      expect(zero.body.errcode).toBe("M_INVALID_PARAM");
    });
  });

  describe("account data", () => {
    it("sets and reads global and per-room account data; unset is 404", async () => {
      const alice = await newUser(hs, "adalice");
      await alice.client.call(setAccountData, { path: { userId: alice.userId, type: "org.example.config" }, body: { theme: "dark" } });
      expect(await alice.client.call(getAccountData, { path: { userId: alice.userId, type: "org.example.config" } })).toEqual({ theme: "dark" });
      await alice.client.call(setAccountData, { path: { userId: alice.userId, type: "org.example.config" }, body: { theme: "light" } });
      expect(await alice.client.call(getAccountData, { path: { userId: alice.userId, type: "org.example.config" } })).toEqual({ theme: "light" });
      await expectMatrixError(alice.client.call(getAccountData, { path: { userId: alice.userId, type: "org.example.unset" } }), "M_NOT_FOUND", 404);

      const roomId = "!someroom:localhost";
      await alice.client.call(setAccountDataPerRoom, { path: { userId: alice.userId, roomId, type: "org.example.room" }, body: { x: 1 } });
      expect(await alice.client.call(getAccountDataPerRoom, { path: { userId: alice.userId, roomId, type: "org.example.room" } })).toEqual({ x: 1 });
      // No inheritance between room and global account data ("Client Config").
      await expectMatrixError(alice.client.call(getAccountData, { path: { userId: alice.userId, type: "org.example.room" } }), "M_NOT_FOUND", 404);
      await expectMatrixError(alice.client.call(getAccountDataPerRoom, { path: { userId: alice.userId, roomId, type: "org.example.config" } }), "M_NOT_FOUND", 404);
    });

    it("refuses another user's account data (403) and a bad room ID (400 M_INVALID_PARAM)", async () => {
      const alice = await newUser(hs, "adowner");
      const bob = await newUser(hs, "adother");
      await expectMatrixError(bob.client.call(setAccountData, { path: { userId: alice.userId, type: "org.example" }, body: {} }), "M_FORBIDDEN", 403);
      await expectMatrixError(bob.client.call(getAccountData, { path: { userId: alice.userId, type: "org.example" } }), "M_FORBIDDEN", 403);
      await expectMatrixError(
        alice.client.call(setAccountDataPerRoom, { path: { userId: alice.userId, roomId: "@notaroom:localhost", type: "org.example" }, body: {} }),
        "M_INVALID_PARAM",
        400,
      );
      await expectMatrixError(alice.client.call(getAccountDataPerRoom, { path: { userId: alice.userId, roomId: "notaroom", type: "org.example" } }), "M_INVALID_PARAM", 400);
    });

    it("refuses m.fully_read and m.push_rules with 405 M_BAD_JSON, globally and per room", async () => {
      const alice = await newUser(hs, "admanaged");
      for (const type of ["m.fully_read", "m.push_rules"]) {
        await expectMatrixError(alice.client.call(setAccountData, { path: { userId: alice.userId, type }, body: {} }), "M_BAD_JSON", 405);
        await expectMatrixError(
          alice.client.call(setAccountDataPerRoom, { path: { userId: alice.userId, roomId: "!r:localhost", type }, body: { event_id: "$x" } }),
          "M_BAD_JSON",
          405,
        );
      }
    });

    it("refuses a body that is not a JSON object", async () => {
      const alice = await newUser(hs, "adnotjson");
      const response = await rawFetch(hs.baseUrl, `/_matrix/client/v3/user/${encodeURIComponent(alice.userId)}/account_data/org.example`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${alice.accessToken}`, "Content-Type": "application/json" },
        body: "[1,2]",
      });
      expect(response.status).toBe(400);
      expect(["M_BAD_JSON", "M_NOT_JSON"]).toContain(response.body.errcode);
    });

    it("delivers global and room account data through /sync, initial and incremental", async () => {
      const alice = await newUser(hs, "adsync");
      const roomId = await roomWith(alice, []);
      await alice.client.call(setAccountData, { path: { userId: alice.userId, type: "org.example.a" }, body: { n: 1 } });
      await alice.client.call(setAccountDataPerRoom, { path: { userId: alice.userId, roomId, type: "org.example.r" }, body: { n: 2 } });
      const initial = await syncOnce(alice);
      expect(initial.account_data?.events).toContainEqual({ type: "org.example.a", content: { n: 1 } });
      expect(initial.rooms?.join?.[roomId]?.account_data?.events).toContainEqual({ type: "org.example.r", content: { n: 2 } });

      const quiet = await syncOnce(alice, { since: initial.next_batch });
      expect(quiet.account_data?.events ?? []).toEqual([]);
      await alice.client.call(setAccountData, { path: { userId: alice.userId, type: "org.example.a" }, body: { n: 3 } });
      const next = await syncOnce(alice, { since: quiet.next_batch });
      expect(next.account_data?.events).toEqual([{ type: "org.example.a", content: { n: 3 } }]);
      expect(next.rooms?.join?.[roomId]).toBeUndefined();

      await alice.client.call(setAccountDataPerRoom, { path: { userId: alice.userId, roomId, type: "org.example.r" }, body: { n: 4 } });
      const roomNext = await syncOnce(alice, { since: next.next_batch });
      expect(roomNext.rooms?.join?.[roomId]?.account_data?.events).toEqual([{ type: "org.example.r", content: { n: 4 } }]);
      expect(roomNext.rooms?.join?.[roomId]?.timeline?.events).toEqual([]);
    });
  });

  describe("tags (stored as the room's m.tag account data)", () => {
    it("adds, lists and removes tags; the m.tag event reaches /sync", async () => {
      const alice = await newUser(hs, "tagalice");
      const roomId = await roomWith(alice, []);
      const path = { userId: alice.userId, roomId };
      expect(await alice.client.call(getRoomTags, { path })).toEqual({ tags: {} });
      await alice.client.call(setRoomTag, { path: { ...path, tag: "m.favourite" }, body: { order: 0.25 } });
      await alice.client.call(setRoomTag, { path: { ...path, tag: "u.work" }, body: {} });
      expect(await alice.client.call(getRoomTags, { path })).toEqual({ tags: { "m.favourite": { order: 0.25 }, "u.work": {} } });
      await alice.client.call(deleteRoomTag, { path: { ...path, tag: "u.work" } });
      expect(await alice.client.call(getRoomTags, { path })).toEqual({ tags: { "m.favourite": { order: 0.25 } } });
      expect(await alice.client.call(getAccountDataPerRoom, { path: { ...path, type: "m.tag" } })).toEqual({ tags: { "m.favourite": { order: 0.25 } } });

      const initial = await syncOnce(alice);
      expect(initial.rooms?.join?.[roomId]?.account_data?.events).toContainEqual({ type: "m.tag", content: { tags: { "m.favourite": { order: 0.25 } } } });
    });

    it("refuses another user's tags (403) and a tag name over 255 bytes (400)", async () => {
      const alice = await newUser(hs, "tagowner");
      const bob = await newUser(hs, "tagother");
      const roomId = "!room:localhost";
      await expectMatrixError(bob.client.call(getRoomTags, { path: { userId: alice.userId, roomId } }), "M_FORBIDDEN", 403);
      await expectMatrixError(bob.client.call(setRoomTag, { path: { userId: alice.userId, roomId, tag: "u.x" }, body: {} }), "M_FORBIDDEN", 403);
      await expectMatrixError(alice.client.call(setRoomTag, { path: { userId: alice.userId, roomId, tag: `u.${"x".repeat(300)}` }, body: {} }), "M_INVALID_PARAM", 400);
    });
  });
});
