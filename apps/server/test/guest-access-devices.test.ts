// Spec: client-server "Guest access" ("Client behaviour": the endpoints guests
// may call, everything else 403 M_GUEST_ACCESS_FORBIDDEN; "Server behaviour":
// guests join only rooms whose m.room.guest_access is can_join) and "Device
// Management" (last_seen_ts / last_seen_ip of GET /devices).
import {
  createRoom,
  getDevice,
  getDevices,
  getTokenOwner,
  joinRoomById,
  register,
  sendMessage,
  setProfileField,
  setPushRuleEnabled,
  sync,
  getUserProfile,
  searchUserDirectory,
  getRoomStateWithKey,
  setRoomStateWithKey,
} from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { expectMatrixError } from "./helpers/expect-error.js";
import { newUser, type TestUser } from "./helpers/sync-helpers.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

describe.each(backends)("guest access on %s", (backend) => {
  let hs: TestServer;
  let alice: TestUser;
  let guest: TestUser;
  beforeAll(async () => {
    hs = await startTestServer(backend, { allow_guest_access: true });
    alice = await newUser(hs, "gaalice");
    const registered = await hs.client().call(register, { query: { kind: "guest" }, body: {} });
    if (registered.access_token === undefined || registered.device_id === undefined) throw new Error("guest registration did not log in");
    guest = { client: hs.client(registered.access_token), userId: registered.user_id, deviceId: registered.device_id, accessToken: registered.access_token };
  });
  afterAll(() => hs?.close());

  it("guests may call the listed endpoints: whoami, sync, devices, profile reads, their display name", async () => {
    expect((await guest.client.call(getTokenOwner)).is_guest).toBe(true);
    await guest.client.call(sync, { query: { timeout: 0 } });
    expect((await guest.client.call(getDevices)).devices?.map((device) => device.device_id)).toEqual([guest.deviceId]);
    await guest.client.call(setProfileField, { path: { userId: guest.userId, keyName: "displayname" }, body: { displayname: "Guesty" } });
    expect((await guest.client.call(getUserProfile, { path: { userId: guest.userId } })).displayname).toBe("Guesty");
  });

  it("everything else is 403 M_GUEST_ACCESS_FORBIDDEN: createRoom, push rules, user directory, profile fields other than displayname", async () => {
    await expectMatrixError(guest.client.call(createRoom, { body: {} }), "M_GUEST_ACCESS_FORBIDDEN", 403);
    await expectMatrixError(guest.client.call(setPushRuleEnabled, { path: { kind: "override", ruleId: ".m.rule.master" }, body: { enabled: true } }), "M_GUEST_ACCESS_FORBIDDEN", 403);
    await expectMatrixError(guest.client.call(searchUserDirectory, { body: { search_term: "a" } }), "M_GUEST_ACCESS_FORBIDDEN", 403);
    await expectMatrixError(
      guest.client.call(setProfileField, { path: { userId: guest.userId, keyName: "avatar_url" }, body: { avatar_url: "mxc://localhost/x" } }),
      "M_GUEST_ACCESS_FORBIDDEN",
      403,
    );
    const raw = await rawFetch(hs.baseUrl, "/_matrix/client/v3/createRoom", { method: "POST", headers: { Authorization: `Bearer ${guest.accessToken}` }, body: "{}" });
    expect(raw).toMatchObject({ status: 403, body: { errcode: "M_GUEST_ACCESS_FORBIDDEN" } });
    // A regular user is not affected.
    await alice.client.call(createRoom, { body: {} });
  });

  it("guests join only rooms with m.room.guest_access can_join, and can then send", async () => {
    const { room_id: open } = await alice.client.call(createRoom, {
      body: { preset: "public_chat", initial_state: [{ type: "m.room.guest_access", state_key: "", content: { guest_access: "can_join" } }] },
    });
    const { room_id: closed } = await alice.client.call(createRoom, { body: { preset: "public_chat" } });
    await expectMatrixError(guest.client.call(joinRoomById, { path: { roomId: closed }, body: {} }), "M_GUEST_ACCESS_FORBIDDEN", 403);
    await guest.client.call(joinRoomById, { path: { roomId: open }, body: {} });
    const sent = await guest.client.call(sendMessage, { path: { roomId: open, eventType: "m.room.message", txnId: "g1" }, body: { msgtype: "m.text", body: "hi from a guest" } });
    expect(sent.event_id).toMatch(/^\$/);

    // "If the m.room.guest_access event is changed to stop this from being the case, the server MUST set those users' m.room.member state to leave."
    await alice.client.call(setRoomStateWithKey, { path: { roomId: open, eventType: "m.room.guest_access", stateKey: "" }, body: { guest_access: "forbidden" } });
    const member = await alice.client.call(getRoomStateWithKey, { path: { roomId: open, eventType: "m.room.member", stateKey: guest.userId } });
    expect(member).toMatchObject({ membership: "leave", reason: "Guest access was turned off" });
    expect((await alice.client.call(getRoomStateWithKey, { path: { roomId: open, eventType: "m.room.member", stateKey: alice.userId } })).membership).toBe("join");
    await expectMatrixError(guest.client.call(joinRoomById, { path: { roomId: open }, body: {} }), "M_GUEST_ACCESS_FORBIDDEN", 403);
  });
});

describe.each(backends)("device last seen on %s", (backend) => {
  let hs: TestServer;
  beforeAll(async () => {
    hs = await startTestServer(backend);
  });
  afterAll(() => hs?.close());

  it("using an access token records last_seen_ts and last_seen_ip, at most once a minute per device", async () => {
    const before = Date.now();
    const user = await newUser(hs, "lastseen");
    const first = await user.client.call(getDevice, { path: { deviceId: user.deviceId } });
    expect(first.last_seen_ts).toBeGreaterThanOrEqual(before);
    expect(first.last_seen_ts).toBeLessThanOrEqual(Date.now());
    expect(first.last_seen_ip).toMatch(/127\.0\.0\.1/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Throttled: the next requests within the minute write nothing.
    const again = (await user.client.call(getDevices)).devices?.find((device) => device.device_id === user.deviceId);
    expect(again?.last_seen_ts).toBe(first.last_seen_ts);
  });
});
