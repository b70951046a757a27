// Spec: client-server API, "Password management" (POST /account/password),
// "Account deactivation", "Device management" and "Profiles".
import {
  changePassword,
  deactivateAccount,
  deleteDevice,
  deleteDevices,
  deleteProfileField,
  getDevice,
  getDevices,
  getProfileField,
  getTokenOwner,
  getUserProfile,
  login,
  setProfileField,
  updateDevice,
} from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { expectMatrixError } from "./helpers/expect-error.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

const PASSWORD = "correct horse battery staple";
const passwordAuth = (user: string, password: string, session?: string) => ({
  type: "m.login.password",
  identifier: { type: "m.id.user", user },
  password,
  ...(session !== undefined && { session }),
});

describe.each(backends)("accounts, devices and profiles on %s", (backend) => {
  let hs: TestServer;
  beforeAll(async () => {
    hs = await startTestServer(backend);
  });
  afterAll(() => hs?.close());

  const loginAs = (user: string, password = PASSWORD) => hs.client().call(login, { body: { type: "m.login.password", user, password } });

  it("changes the password after UIA; a wrong password is 401 with M_FORBIDDEN; other devices are logged out by default", async () => {
    const { client } = await hs.registerUser("pat", PASSWORD);
    const otherDevice = await loginAs("pat");

    const challenge = await expectMatrixError(client.call(changePassword, { body: { new_password: "new-secret" } }), undefined, 401);
    const session = challenge.extra.session as string;
    const wrong = await expectMatrixError(
      client.call(changePassword, { body: { new_password: "new-secret", auth: passwordAuth("pat", "wrong", session) } }),
      "M_FORBIDDEN",
      401,
    );
    expect(wrong.extra.session).toBe(session);
    await client.call(changePassword, { body: { new_password: "new-secret", auth: passwordAuth("pat", PASSWORD, session) } });

    await expectMatrixError(loginAs("pat"), "M_FORBIDDEN", 403);
    expect((await loginAs("pat", "new-secret")).user_id).toBe("@pat:localhost");
    expect((await client.call(getTokenOwner)).user_id).toBe("@pat:localhost");
    await expectMatrixError(hs.client(otherDevice.access_token).call(getTokenOwner), "M_UNKNOWN_TOKEN", 401);
  });

  it("keeps other devices with logout_devices: false, and accepts the UIA in the first request", async () => {
    const { client } = await hs.registerUser("quinn", PASSWORD);
    const otherDevice = await loginAs("quinn");
    await client.call(changePassword, { body: { new_password: "changed", logout_devices: false, auth: passwordAuth("@quinn:localhost", PASSWORD) } });
    expect((await hs.client(otherDevice.access_token).call(getTokenOwner)).user_id).toBe("@quinn:localhost");
  });

  it("does not accept another user's password in UIA", async () => {
    await hs.registerUser("victim", PASSWORD);
    const { client } = await hs.registerUser("mallory", "mallory-pw");
    await expectMatrixError(client.call(changePassword, { body: { new_password: "x", auth: passwordAuth("victim", PASSWORD) } }), "M_FORBIDDEN", 401);
  });

  it("deactivates after UIA: the tokens stop working and the user cannot log in", async () => {
    const { client } = await hs.registerUser("gone", PASSWORD);
    const response = await client.call(deactivateAccount, { body: { auth: passwordAuth("gone", PASSWORD) } });
    expect(response.id_server_unbind_result).toBe("success");
    await expectMatrixError(client.call(getTokenOwner), "M_UNKNOWN_TOKEN", 401);
    await expectMatrixError(loginAs("gone"), "M_USER_DEACTIVATED", 403);
  });

  it("lists, gets, renames and deletes devices (deletion behind UIA)", async () => {
    const { client, deviceId } = await hs.registerUser("dana", PASSWORD);
    const second = await hs.client().call(login, { body: { type: "m.login.password", user: "dana", password: PASSWORD, initial_device_display_name: "Phone" } });
    const third = await loginAs("dana");

    const { devices } = await client.call(getDevices);
    expect(devices?.map((d) => d.device_id).sort()).toEqual([deviceId, second.device_id, third.device_id].sort());
    expect(await client.call(getDevice, { path: { deviceId: second.device_id } })).toMatchObject({ device_id: second.device_id, display_name: "Phone" });

    await client.call(updateDevice, { path: { deviceId: second.device_id }, body: { display_name: "Old phone" } });
    expect((await client.call(getDevice, { path: { deviceId: second.device_id } })).display_name).toBe("Old phone");
    await expectMatrixError(client.call(getDevice, { path: { deviceId: "NOSUCH" } }), "M_NOT_FOUND", 404);
    await expectMatrixError(client.call(updateDevice, { path: { deviceId: "NOSUCH" }, body: { display_name: "x" } }), "M_NOT_FOUND", 404);

    const challenge = await expectMatrixError(client.call(deleteDevice, { path: { deviceId: second.device_id }, body: {} }), undefined, 401);
    expect(challenge.extra.flows).toEqual([{ stages: ["m.login.password"] }]);
    // The session was started to delete the second device: it cannot authorise deleting the third.
    await expectMatrixError(
      client.call(deleteDevice, { path: { deviceId: third.device_id }, body: { auth: passwordAuth("dana", PASSWORD, challenge.extra.session as string) } }),
      "M_UNKNOWN",
      400,
    );
    expect((await client.call(getDevices)).devices?.map((d) => d.device_id)).toContain(third.device_id);
    await client.call(deleteDevice, { path: { deviceId: second.device_id }, body: { auth: passwordAuth("dana", PASSWORD, challenge.extra.session as string) } });
    await expectMatrixError(hs.client(second.access_token).call(getTokenOwner), "M_UNKNOWN_TOKEN", 401);

    await expectMatrixError(client.call(deleteDevices, { body: { devices: [third.device_id] } }), undefined, 401);
    await client.call(deleteDevices, { body: { devices: [third.device_id, "NOSUCH"], auth: passwordAuth("dana", PASSWORD) } });
    await expectMatrixError(hs.client(third.access_token).call(getTokenOwner), "M_UNKNOWN_TOKEN", 401);
    expect((await client.call(getDevices)).devices?.map((d) => d.device_id)).toEqual([deviceId]);
  });

  it("does not show or change another user's device", async () => {
    const { client } = await hs.registerUser("eve", PASSWORD);
    const other = await hs.registerUser("frank", PASSWORD);
    await expectMatrixError(client.call(getDevice, { path: { deviceId: other.deviceId } }), "M_NOT_FOUND", 404);
    await expectMatrixError(client.call(updateDevice, { path: { deviceId: other.deviceId }, body: { display_name: "mine" } }), "M_NOT_FOUND", 404);
  });

  it("reads and writes display names and avatars; only the owner can change them", async () => {
    const { client, userId } = await hs.registerUser("gina", PASSWORD);
    expect(await hs.client().call(getUserProfile, { path: { userId } })).toEqual({ displayname: "gina" });

    await client.call(setProfileField, { path: { userId, keyName: "displayname" }, body: { displayname: "Gina G" } });
    await client.call(setProfileField, { path: { userId, keyName: "avatar_url" }, body: { avatar_url: "mxc://localhost/abc" } });
    expect(await hs.client().call(getProfileField, { path: { userId, keyName: "displayname" } })).toEqual({ displayname: "Gina G" });
    expect(await hs.client().call(getUserProfile, { path: { userId } })).toEqual({ displayname: "Gina G", avatar_url: "mxc://localhost/abc" });

    await expectMatrixError(client.call(setProfileField, { path: { userId, keyName: "avatar_url" }, body: { avatar_url: "https://x/y.png" } }), "M_INVALID_PARAM", 400);
    await expectMatrixError(client.call(setProfileField, { path: { userId, keyName: "displayname" }, body: { displayname: 42 } }), "M_BAD_JSON", 400);

    const other = await hs.registerUser("hank", PASSWORD);
    await expectMatrixError(other.client.call(setProfileField, { path: { userId, keyName: "displayname" }, body: { displayname: "pwned" } }), "M_FORBIDDEN", 403);

    await client.call(deleteProfileField, { path: { userId, keyName: "avatar_url" } });
    await expectMatrixError(hs.client().call(getProfileField, { path: { userId, keyName: "avatar_url" } }), "M_NOT_FOUND", 404);
    await expectMatrixError(hs.client().call(getUserProfile, { path: { userId: "@nobody:localhost" } }), "M_NOT_FOUND", 404);
  });
});
