// Spec: client-server "Room aliases" (PUT/GET/DELETE /directory/room,
// GET /rooms/{roomId}/aliases), "Published room directory" (visibility,
// /publicRooms GET and POST) and "Room summaries" (GET /room_summary).
import {
  createRoom,
  deleteRoomAlias,
  getLocalAliases,
  getPublicRooms,
  getRoomIdByAlias,
  getRoomSummary,
  getRoomVisibilityOnDirectory,
  joinRoomById,
  queryPublicRooms,
  setRoomAlias,
  setRoomStateWithKey,
  setRoomVisibilityOnDirectory,
} from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { expectMatrixError } from "./helpers/expect-error.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

type User = Awaited<ReturnType<TestServer["registerUser"]>>;

describe.each(backends)("room directory on %s", (backend) => {
  let hs: TestServer;
  let alice: User;
  let bob: User;
  beforeAll(async () => {
    hs = await startTestServer(backend);
    alice = await hs.registerUser("alice");
    bob = await hs.registerUser("bob");
  });
  afterAll(() => hs?.close());

  it("creates, resolves, lists and deletes aliases; a taken alias is M_ROOM_IN_USE at createRoom and 409 at PUT", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { room_alias_name: "lobby" } });
    expect(await hs.client().call(getRoomIdByAlias, { path: { roomAlias: "#lobby:localhost" } })).toEqual({ room_id: roomId, servers: ["localhost"] });
    const canonical = await alice.client.call((await import("@myelin/client-server")).getRoomStateWithKey, {
      path: { roomId, eventType: "m.room.canonical_alias", stateKey: "" },
    });
    expect(canonical).toEqual({ alias: "#lobby:localhost" });
    await expectMatrixError(bob.client.call(createRoom, { body: { room_alias_name: "lobby" } }), "M_ROOM_IN_USE", 400);

    await alice.client.call(setRoomAlias, { path: { roomAlias: "#lobby-two:localhost" }, body: { room_id: roomId } });
    await expectMatrixError(bob.client.call(setRoomAlias, { path: { roomAlias: "#lobby-two:localhost" }, body: { room_id: roomId } }), "M_UNKNOWN", 409);
    expect((await alice.client.call(getLocalAliases, { path: { roomId } })).aliases).toEqual(["#lobby-two:localhost", "#lobby:localhost"]);
    await expectMatrixError(bob.client.call(getLocalAliases, { path: { roomId } }), "M_FORBIDDEN", 403);

    await expectMatrixError(bob.client.call(deleteRoomAlias, { path: { roomAlias: "#lobby-two:localhost" } }), "M_FORBIDDEN", 403);
    await alice.client.call(deleteRoomAlias, { path: { roomAlias: "#lobby-two:localhost" } });
    await expectMatrixError(hs.client().call(getRoomIdByAlias, { path: { roomAlias: "#lobby-two:localhost" } }), "M_NOT_FOUND", 404);
    await expectMatrixError(alice.client.call(deleteRoomAlias, { path: { roomAlias: "#lobby-two:localhost" } }), "M_NOT_FOUND", 404);
  });

  it("two createRooms racing for one alias: one room gets it, the other is M_ROOM_IN_USE and no room of its is stored", async () => {
    const { getJoinedRooms } = await import("@myelin/client-server");
    const before = new Set([...(await alice.client.call(getJoinedRooms)).joined_rooms, ...(await bob.client.call(getJoinedRooms)).joined_rooms]);
    const results = await Promise.allSettled([alice, bob, alice, bob].map((user) => user.client.call(createRoom, { body: { room_alias_name: "contested" } })));
    const won = results.filter((result) => result.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const result of results) if (result.status === "rejected") expect((result.reason as { errcode?: string }).errcode).toBe("M_ROOM_IN_USE");
    const winner = (won[0] as PromiseFulfilledResult<{ room_id: string }>).value.room_id;
    expect((await hs.client().call(getRoomIdByAlias, { path: { roomAlias: "#contested:localhost" } })).room_id).toBe(winner);
    const after = [...(await alice.client.call(getJoinedRooms)).joined_rooms, ...(await bob.client.call(getJoinedRooms)).joined_rooms].filter((roomId) => !before.has(roomId));
    expect(after).toEqual([winner]);
  });

  it("refuses bad aliases with M_INVALID_PARAM and canonical aliases that do not point at the room with M_BAD_ALIAS", async () => {
    await expectMatrixError(alice.client.call(createRoom, { body: { room_alias_name: "has space" } }), "M_INVALID_PARAM", 400);
    await expectMatrixError(alice.client.call(createRoom, { body: { room_alias_name: "a:b" } }), "M_INVALID_PARAM", 400);
    const { room_id: roomId } = await alice.client.call(createRoom, { body: {} });
    await expectMatrixError(alice.client.call(setRoomAlias, { path: { roomAlias: "#elsewhere:other.example" }, body: { room_id: roomId } }), "M_INVALID_PARAM", 400);
    const raw = await rawFetch(hs.baseUrl, `/_matrix/client/v3/directory/room/${encodeURIComponent("#no-server")}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${alice.accessToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ room_id: roomId }),
    });
    expect(raw.status).toBe(400);
    expect(raw.body.errcode).toBe("M_INVALID_PARAM");
    await expectMatrixError(
      alice.client.call(setRoomStateWithKey, { path: { roomId, eventType: "m.room.canonical_alias", stateKey: "" }, body: { alias: "#unknown-alias:localhost" } }),
      "M_BAD_ALIAS",
      400,
    );
    await expectMatrixError(
      alice.client.call(setRoomStateWithKey, { path: { roomId, eventType: "m.room.canonical_alias", stateKey: "" }, body: { alias: "not an alias" } }),
      "M_INVALID_PARAM",
      400,
    );
  });

  it("publishes rooms: visibility from createRoom and PUT, only by those with the power; /publicRooms pages and searches", async () => {
    const published: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { room_id: roomId } = await alice.client.call(createRoom, { body: { visibility: "public", name: `Public ${i}`, topic: i === 2 ? "gardening tips" : "chat" } });
      published.push(roomId);
    }
    const hidden = await alice.client.call(createRoom, { body: { preset: "public_chat", name: "Not published" } });
    expect((await hs.client().call(getRoomVisibilityOnDirectory, { path: { roomId: published[0]! } })).visibility).toBe("public");
    expect((await hs.client().call(getRoomVisibilityOnDirectory, { path: { roomId: hidden.room_id } })).visibility).toBe("private");
    await expectMatrixError(hs.client().call(getRoomVisibilityOnDirectory, { path: { roomId: "!unknown:localhost" } }), "M_NOT_FOUND", 404);

    await bob.client.call(joinRoomById, { path: { roomId: hidden.room_id }, body: {} });
    await expectMatrixError(bob.client.call(setRoomVisibilityOnDirectory, { path: { roomId: hidden.room_id }, body: { visibility: "public" } }), "M_FORBIDDEN", 403);
    await bob.client.call(joinRoomById, { path: { roomId: published[1]! }, body: {} });

    const first = await hs.client().call(getPublicRooms, { query: { limit: 2 } });
    expect(first.total_room_count_estimate).toBe(3);
    expect(first.chunk[0]).toMatchObject({ room_id: published[1], num_joined_members: 2, name: "Public 1", world_readable: false, guest_can_join: false, join_rule: "public" });
    const second = await hs.client().call(getPublicRooms, { query: { limit: 2, since: first.next_batch! } });
    expect(second.chunk).toHaveLength(1);
    expect(second.next_batch).toBeUndefined();
    expect(second.prev_batch).toBeDefined();

    const search = await alice.client.call(queryPublicRooms, { body: { filter: { generic_search_term: "GARDEN" } } });
    expect(search.chunk.map((room) => room.room_id)).toEqual([published[2]]);

    await alice.client.call(setRoomVisibilityOnDirectory, { path: { roomId: hidden.room_id }, body: { visibility: "public" } });
    expect((await hs.client().call(getPublicRooms, {})).chunk.map((room) => room.room_id)).toContain(hidden.room_id);
    await alice.client.call(setRoomVisibilityOnDirectory, { path: { roomId: hidden.room_id }, body: { visibility: "private" } });
    expect((await hs.client().call(getPublicRooms, {})).chunk.map((room) => room.room_id)).not.toContain(hidden.room_id);
    await expectMatrixError(hs.client().call(getPublicRooms, { query: { since: "garbage" } }), "M_INVALID_PARAM", 400);
  });

  it("summarises rooms the user may see, by ID or alias; private rooms of others are M_NOT_FOUND", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { preset: "public_chat", name: "Summary", room_alias_name: "summary", room_version: "11" } });
    const summary = await bob.client.call(getRoomSummary, { path: { roomIdOrAlias: "#summary:localhost" } });
    expect(summary).toMatchObject({ room_id: roomId, name: "Summary", canonical_alias: "#summary:localhost", num_joined_members: 1, join_rule: "public", room_version: "11" });
    expect(summary.membership).toBeUndefined();
    expect((await alice.client.call(getRoomSummary, { path: { roomIdOrAlias: roomId } })).membership).toBe("join");
    const secret = await alice.client.call(createRoom, { body: { preset: "private_chat" } });
    await expectMatrixError(bob.client.call(getRoomSummary, { path: { roomIdOrAlias: secret.room_id } }), "M_NOT_FOUND", 404);
    await expectMatrixError(bob.client.call(getRoomSummary, { path: { roomIdOrAlias: "#nope:localhost" } }), "M_NOT_FOUND", 404);
  });
});
