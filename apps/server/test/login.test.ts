// Spec: client-server API, "Login" (GET/POST /login, m.login.password, m.login.token,
// POST /login/get_token), "Refreshing access tokens" (POST /refresh), "Logout", "whoami".
import { generateLoginToken, getLoginFlows, getTokenOwner, login, logout, logoutAll, refresh, register } from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { expectMatrixError } from "./helpers/expect-error.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

const PASSWORD = "correct horse battery staple";

describe.each(backends)("login and sessions on %s", (backend) => {
  let hs: TestServer;
  beforeAll(async () => {
    hs = await startTestServer(backend, { refreshable_access_token_lifetime_ms: 1500 });
    await hs.registerUser("alice", PASSWORD);
  });
  afterAll(() => hs?.close());

  it("lists m.login.password and m.login.token (with get_login_token)", async () => {
    const { flows } = await hs.client().call(getLoginFlows);
    expect(flows).toEqual(expect.arrayContaining([{ type: "m.login.password" }, { type: "m.login.token", get_login_token: true }]));
  });

  it("logs in by localpart and by full user ID through m.id.user, and by the legacy user field", async () => {
    const byLocalpart = await hs.client().call(login, { body: { type: "m.login.password", identifier: { type: "m.id.user", user: "alice" }, password: PASSWORD } });
    const byUserId = await hs.client().call(login, { body: { type: "m.login.password", identifier: { type: "m.id.user", user: "@alice:localhost" }, password: PASSWORD } });
    const legacy = await hs.client().call(login, { body: { type: "m.login.password", user: "alice", password: PASSWORD } });
    for (const response of [byLocalpart, byUserId, legacy]) expect(response.user_id).toBe("@alice:localhost");
    expect(new Set([byLocalpart.device_id, byUserId.device_id, legacy.device_id]).size).toBe(3);
    expect((await hs.client(legacy.access_token).call(getTokenOwner)).device_id).toBe(legacy.device_id);
  });

  it("refuses a wrong password and an unknown user alike with 403 M_FORBIDDEN", async () => {
    await expectMatrixError(hs.client().call(login, { body: { type: "m.login.password", user: "alice", password: "wrong" } }), "M_FORBIDDEN", 403);
    await expectMatrixError(hs.client().call(login, { body: { type: "m.login.password", user: "nobody", password: PASSWORD } }), "M_FORBIDDEN", 403);
    await expectMatrixError(hs.client().call(login, { body: { type: "m.login.password", user: "@alice:elsewhere.org", password: PASSWORD } }), "M_FORBIDDEN", 403);
  });

  it("refuses unknown login types and identifier types with 400", async () => {
    await expectMatrixError(hs.client().call(login, { body: { type: "m.login.fancy" } }), "M_UNKNOWN", 400);
    await expectMatrixError(
      hs.client().call(login, { body: { type: "m.login.password", identifier: { type: "m.id.thirdparty", medium: "email", address: "a@b.c" }, password: "x" } }),
      "M_UNKNOWN",
      400,
    );
  });

  it("reuses a given device_id and revokes that device's earlier token", async () => {
    const first = await hs.client().call(login, { body: { type: "m.login.password", user: "alice", password: PASSWORD, device_id: "LAPTOP" } });
    const second = await hs.client().call(login, { body: { type: "m.login.password", user: "alice", password: PASSWORD, device_id: "LAPTOP" } });
    expect(second.device_id).toBe("LAPTOP");
    await expectMatrixError(hs.client(first.access_token).call(getTokenOwner), "M_UNKNOWN_TOKEN", 401);
    expect((await hs.client(second.access_token).call(getTokenOwner)).device_id).toBe("LAPTOP");
  });

  it("issues single-use m.login.token tokens from /login/get_token after UIA with the password", async () => {
    const { client } = await hs.registerUser("tokenuser", PASSWORD);
    const challenge = await expectMatrixError(client.call(generateLoginToken, { body: {} }), undefined, 401);
    expect(challenge.extra.flows).toEqual([{ stages: ["m.login.password"] }]);
    const { login_token, expires_in_ms } = await client.call(generateLoginToken, {
      body: { auth: { type: "m.login.password", session: challenge.extra.session as string, identifier: { type: "m.id.user", user: "tokenuser" }, password: PASSWORD } },
    });
    expect(expires_in_ms).toBeGreaterThan(0);
    const loggedIn = await hs.client().call(login, { body: { type: "m.login.token", token: login_token } });
    expect(loggedIn.user_id).toBe("@tokenuser:localhost");
    await expectMatrixError(hs.client().call(login, { body: { type: "m.login.token", token: login_token } }), "M_FORBIDDEN", 403);
    await expectMatrixError(hs.client().call(login, { body: { type: "m.login.token", token: "myll_forged" } }), "M_FORBIDDEN", 403);
  });

  it("gives expiring access tokens with refresh tokens; an expired token is M_UNKNOWN_TOKEN with soft_logout; /refresh renews once", async () => {
    const session = await hs.client().call(login, { body: { type: "m.login.password", user: "alice", password: PASSWORD, refresh_token: true } });
    expect(session.refresh_token).toBeDefined();
    expect(session.expires_in_ms).toBe(1500);
    expect((await hs.client(session.access_token).call(getTokenOwner)).user_id).toBe("@alice:localhost");

    await new Promise((resolve) => setTimeout(resolve, 1700));
    const expired = await expectMatrixError(hs.client(session.access_token).call(getTokenOwner), "M_UNKNOWN_TOKEN", 401);
    expect(expired.extra.soft_logout).toBe(true);

    const renewed = await hs.client().call(refresh, { body: { refresh_token: session.refresh_token! } });
    expect(renewed.refresh_token).not.toBe(session.refresh_token);
    const whoami = await hs.client(renewed.access_token).call(getTokenOwner);
    expect(whoami.device_id).toBe(session.device_id);

    const reused = await expectMatrixError(hs.client().call(refresh, { body: { refresh_token: session.refresh_token! } }), "M_UNKNOWN_TOKEN", 401);
    expect(reused.extra.soft_logout).toBe(false);
  });

  it("registers with refresh_token: true too", async () => {
    const response = await hs.client().call(register, { body: { username: "refresher", password: "pw", refresh_token: true, auth: { type: "m.login.dummy" } } });
    expect(response.refresh_token).toBeDefined();
    expect(response.expires_in_ms).toBe(1500);
  });

  it("logout revokes the token (and its device); logout/all revokes every token", async () => {
    const { accessToken } = await hs.registerUser("leaver", PASSWORD);
    const other = await hs.client().call(login, { body: { type: "m.login.password", user: "leaver", password: PASSWORD } });
    const third = await hs.client().call(login, { body: { type: "m.login.password", user: "leaver", password: PASSWORD } });

    await hs.client(accessToken).call(logout);
    await expectMatrixError(hs.client(accessToken).call(getTokenOwner), "M_UNKNOWN_TOKEN", 401);
    expect((await hs.client(other.access_token).call(getTokenOwner)).user_id).toBe("@leaver:localhost");

    await hs.client(other.access_token).call(logoutAll);
    await expectMatrixError(hs.client(other.access_token).call(getTokenOwner), "M_UNKNOWN_TOKEN", 401);
    await expectMatrixError(hs.client(third.access_token).call(getTokenOwner), "M_UNKNOWN_TOKEN", 401);
  });

  it("answers M_MISSING_TOKEN without a token and M_UNKNOWN_TOKEN for a forged one", async () => {
    await expectMatrixError(hs.client().call(getTokenOwner), "M_MISSING_TOKEN", 401);
    const forged = await expectMatrixError(hs.client("myla_forged").call(getTokenOwner), "M_UNKNOWN_TOKEN", 401);
    expect(forged.extra.soft_logout).toBe(false);
  });
});
