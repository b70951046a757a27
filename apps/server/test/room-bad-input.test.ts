// Spec: client-server "API Standards" (errors), "Size limits" (M_TOO_LARGE),
// "Room events" and the room versions' authorization rules (M_FORBIDDEN):
// bad input to the room endpoints gets its 4xx, never a 500, and a refused
// event leaves nothing behind.
import { createRoom, getRoomEvents, getRoomStateWithKey, joinRoomById } from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

type User = Awaited<ReturnType<TestServer["registerUser"]>>;

describe.each(backends)("bad input to the room endpoints on %s", (backend) => {
  let hs: TestServer;
  let alice: User;
  let bob: User;
  let roomId: string;
  let txn = 0;
  beforeAll(async () => {
    hs = await startTestServer(backend, { max_request_body_size: 256 * 1024 });
    alice = await hs.registerUser("alice");
    bob = await hs.registerUser("bob");
    roomId = (await alice.client.call(createRoom, { body: { preset: "public_chat" } })).room_id;
    await bob.client.call(joinRoomById, { path: { roomId }, body: {} });
  });
  afterAll(() => hs?.close());

  const request = (method: string, path: string, body?: BodyInit, token = alice.accessToken) =>
    rawFetch(hs.baseUrl, path, { method, ...(body !== undefined && { body }), headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" } });
  const sendPath = (type = "m.room.message", room = roomId) => `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/send/${encodeURIComponent(type)}/bad-${++txn}`;
  const statePath = (type: string, stateKey: string) => `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`;

  it("answers malformed and mistyped bodies with M_NOT_JSON / M_BAD_JSON", async () => {
    expect((await request("PUT", sendPath(), '{"body": "x",')).body.errcode).toBe("M_NOT_JSON");
    for (const body of ["[]", '"text"', "42", "null"]) {
      const { status, body: error } = await request("PUT", sendPath(), body);
      expect([body, status, error.errcode]).toEqual([body, 400, "M_BAD_JSON"]);
    }
    for (const payload of [{ invite: "@bob:localhost" }, { preset: "open_bar" }, { initial_state: [{ type: 1, content: {} }] }, { power_level_content_override: [] }]) {
      const { status, body } = await request("POST", "/_matrix/client/v3/createRoom", JSON.stringify(payload));
      expect([payload, status, body.errcode]).toEqual([payload, 400, "M_BAD_JSON"]);
    }
    const redact = await request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/redact/$abc/r${++txn}`, JSON.stringify({ reason: 5 }));
    expect([redact.status, redact.body.errcode]).toEqual([400, "M_BAD_JSON"]);
  });

  it("answers events over the size limits with M_TOO_LARGE (413)", async () => {
    const huge = await request("PUT", sendPath(), JSON.stringify({ msgtype: "m.text", body: "x".repeat(70_000) }));
    expect([huge.status, huge.body.errcode]).toEqual([413, "M_TOO_LARGE"]);
    const longType = await request("PUT", sendPath("t".repeat(300)), JSON.stringify({}));
    expect([longType.status, longType.body.errcode]).toEqual([413, "M_TOO_LARGE"]);
    const longStateKey = await request("PUT", statePath("org.example.state", "k".repeat(300)), JSON.stringify({}));
    expect([longStateKey.status, longStateKey.body.errcode]).toEqual([413, "M_TOO_LARGE"]);
    const overBody = await request("PUT", sendPath(), JSON.stringify({ body: "y".repeat(300 * 1024) }));
    expect([overBody.status, overBody.body.errcode]).toEqual([413, "M_TOO_LARGE"]);
  });

  it("answers content the room version cannot encode with M_BAD_JSON (floats in room 6+)", async () => {
    const { status, body } = await request("PUT", sendPath(), '{"msgtype":"m.text","body":"pi","value":3.14}');
    expect([status, body.errcode]).toEqual([400, "M_BAD_JSON"]);
  });

  it("answers invalid identifiers and parameters with M_INVALID_PARAM", async () => {
    for (const path of [
      `/_matrix/client/v3/rooms/not-a-room/send/m.room.message/t1`,
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=sideways`,
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=many`,
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&from=garbage`,
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&filter=%7Bnot-json`,
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&filter=${encodeURIComponent('{"types":"m.room.message"}')}`,
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=-1`,
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/members?at=nonsense`,
      `/_matrix/client/v1/rooms/${encodeURIComponent(roomId)}/timestamp_to_event?ts=soon&dir=f`,
    ]) {
      const method = path.includes("/send/") ? "PUT" : "GET";
      const { status, body } = await request(method, path, method === "PUT" ? "{}" : undefined);
      expect([path, status, body.errcode]).toEqual([path, 400, "M_INVALID_PARAM"]);
    }
    const joinBadAlias = await request("POST", `/_matrix/client/v3/join/${encodeURIComponent("#bad alias")}`, "{}");
    expect([joinBadAlias.status, joinBadAlias.body.errcode]).toEqual([400, "M_INVALID_PARAM"]);
  });

  it("answers events the authorization rules reject with M_FORBIDDEN and the rule, and stores nothing for them", async () => {
    const storage = hs.server.services.storage;
    const position = await storage.events.maxStreamOrdering();
    const extremities = await storage.events.forwardExtremities(roomId);
    const state = await storage.roomState.currentState(roomId);
    for (const [path, body, token] of [
      // Another user's ID as state key of a non-member event.
      [statePath("org.example.owned", bob.userId), "{}", alice.accessToken],
      // Needs power level 50 (state_default) that bob lacks.
      [statePath("m.room.name", ""), JSON.stringify({ name: "bob's room" }), bob.accessToken],
      // Malformed power levels.
      [statePath("m.room.power_levels", ""), JSON.stringify({ users: { [alice.userId]: "lots" } }), alice.accessToken],
      // Joining someone else.
      [statePath("m.room.member", "@carol:localhost"), JSON.stringify({ membership: "join" }), alice.accessToken],
      // A second create event.
      [statePath("m.room.create", ""), JSON.stringify({}), alice.accessToken],
      [sendPath("m.room.create"), JSON.stringify({}), alice.accessToken],
    ] as const) {
      const { status, body: error } = await request("PUT", path, body, token);
      expect([path, status, error.errcode]).toEqual([path, 403, "M_FORBIDDEN"]);
      expect(String(error.error)).toMatch(/rule/);
    }
    expect(await storage.events.maxStreamOrdering()).toBe(position);
    expect(await storage.events.forwardExtremities(roomId)).toEqual(extremities);
    expect(await storage.roomState.currentState(roomId)).toEqual(state);
  });

  it("keeps NUL characters in event content intact", async () => {
    const { status, body } = await request("PUT", sendPath(), JSON.stringify({ msgtype: "m.text", body: "a\u0000b" }));
    expect(status).toBe(200);
    const page = await alice.client.call(getRoomEvents, { path: { roomId }, query: { dir: "b", limit: 1 } });
    expect(page.chunk[0]).toMatchObject({ event_id: body.event_id, content: { body: "a\u0000b" } });
    expect(await alice.client.call(getRoomStateWithKey, { path: { roomId, eventType: "m.room.join_rules", stateKey: "" } })).toEqual({ join_rule: "public" });
  });
});
