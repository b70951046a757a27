// Spec: client-server API, "Standard error response" and "API Standards":
// bad input gets its error code and a 4xx, never a 500.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

describe.each(backends)("bad input on %s", (backend) => {
  let hs: TestServer;
  let token: string;
  beforeAll(async () => {
    hs = await startTestServer(backend, { max_request_body_size: 64 * 1024 });
    token = (await hs.registerUser("alice")).accessToken;
  });
  afterAll(() => hs?.close());

  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    rawFetch(hs.baseUrl, path, { method: "POST", body, headers: { "Content-Type": "application/json", ...headers } });

  it("answers malformed JSON with M_NOT_JSON", async () => {
    const { status, body } = await post("/_matrix/client/v3/login", '{"type": "m.login.password",');
    expect([status, body.errcode]).toEqual([400, "M_NOT_JSON"]);
  });

  it("answers invalid UTF-8 with M_NOT_JSON", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x74, 0x79, 0x70, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const { status, body } = await post("/_matrix/client/v3/login", bytes);
    expect([status, body.errcode]).toEqual([400, "M_NOT_JSON"]);
  });

  it("answers wrong types with M_BAD_JSON", async () => {
    for (const [path, payload] of [
      ["/_matrix/client/v3/login", { type: 7 }],
      ["/_matrix/client/v3/register", { username: ["a"], auth: { type: "m.login.dummy" } }],
      ["/_matrix/client/v3/refresh", { refresh_token: null }],
      ["/_matrix/client/v3/login", []],
    ] as const) {
      const { status, body } = await post(path, JSON.stringify(payload));
      expect([path, status, body.errcode]).toEqual([path, 400, "M_BAD_JSON"]);
    }
  });

  it("answers unknown endpoints with 404 M_UNRECOGNIZED and a wrong method with 405", async () => {
    const unknown = await rawFetch(hs.baseUrl, "/_matrix/client/v3/not_an_endpoint");
    expect([unknown.status, unknown.body.errcode]).toEqual([404, "M_UNRECOGNIZED"]);
    const wrongMethod = await rawFetch(hs.baseUrl, "/_matrix/client/v3/account/whoami", { method: "DELETE" });
    expect([wrongMethod.status, wrongMethod.body.errcode]).toEqual([405, "M_UNRECOGNIZED"]);
  });

  it("refuses a body over the configured limit with 413 M_TOO_LARGE", async () => {
    const huge = JSON.stringify({ type: "m.login.password", password: "x".repeat(200 * 1024) });
    const { status, body } = await post("/_matrix/client/v3/login", huge);
    expect([status, body.errcode]).toEqual([413, "M_TOO_LARGE"]);
  });

  it("answers forged, malformed and missing tokens with 401", async () => {
    for (const header of ["Bearer myla_forged", "Bearer " + "a".repeat(5000), "Bearer \u00e9t\u00e9", "Basic abc"]) {
      const { status, body } = await rawFetch(hs.baseUrl, "/_matrix/client/v3/account/whoami", { headers: { Authorization: header } });
      expect(status).toBe(401);
      expect(["M_UNKNOWN_TOKEN", "M_MISSING_TOKEN"]).toContain(body.errcode);
    }
    const viaQuery = await rawFetch(hs.baseUrl, `/_matrix/client/v3/account/whoami?access_token=${encodeURIComponent(token)}`);
    expect(viaQuery.status).toBe(200);
  });

  it("never answers 500 to a burst of odd requests", async () => {
    const requests: [string, RequestInit][] = [
      ["/_matrix/client/v3/register?kind=robot", { method: "POST", body: "{}" }],
      ["/_matrix/client/v3/register/available", {}],
      ["/_matrix/client/v3/register/available?username=", {}],
      ["/_matrix/client/v3/profile/not-a-user-id", {}],
      ["/_matrix/client/v3/profile/%40alice%3Alocalhost/m.weird", {}],
      ["/_matrix/client/v3/profile/%40alice%3Alocalhost/displayname", { method: "PUT", body: '{"displayname":{}}', headers: { Authorization: `Bearer ${token}` } }],
      ["/_matrix/client/v3/profile/%40alice%3Alocalhost/foo.bar", { method: "PUT", body: '{"foo.bar":"x"}', headers: { Authorization: `Bearer ${token}` } }],
      ["/_matrix/client/v3/devices/%00", { headers: { Authorization: `Bearer ${token}` } }],
      ["/_matrix/client/v3/delete_devices", { method: "POST", body: '{"devices":"all"}', headers: { Authorization: `Bearer ${token}` } }],
      ["/_matrix/client/v3/login", { method: "POST", body: '{"type":"m.login.password","identifier":"alice","password":"x"}' }],
      ["/_matrix/client/v3/login", { method: "POST", body: '{"type":"m.login.password","identifier":{"type":"m.id.user"},"password":"x"}' }],
      ["/_matrix/client/v3/login", { method: "POST", body: '{"type":"m.login.password","user":"@:localhost","password":"x"}' }],
      ["/_matrix/client/v3/login", { method: "POST", body: '{"type":"m.login.password","user":"alice","password":"x","device_id":""}' }],
      ["/_matrix/client/v3/register", { method: "POST", body: '{"auth":{"type":"m.login.dummy","session":5}}' }],
      ["/_matrix/client/v3/register", { method: "POST", body: '{"auth":{"type":"m.login.unknown"}}' }],
      ["/_matrix/client/v3/register", { method: "POST", body: `{"username":"${"a".repeat(300)}","auth":{"type":"m.login.dummy"}}` }],
      ["/_synapse/admin/v1/register", { method: "POST", body: '{"nonce":"x","username":"a","password":"b","mac":"c"}' }],
      ["/_matrix/client/v3/account/password", { method: "POST", body: '{"new_password":"x"}' }],
      ["/_matrix/client/v3/refresh", { method: "POST", body: '{"refresh_token":"mylr_forged"}' }],
      // NUL characters: PostgreSQL TEXT cannot hold them, so they must be refused before storage.
      ["/_matrix/client/v3/login", { method: "POST", body: '{"type":"m.login.password","user":"al\\u0000ice","password":"x"}' }],
      ["/_matrix/client/v3/login", { method: "POST", body: '{"type":"m.login.password","user":"alice","password":"x","device_id":"\\u0000"}' }],
      ["/_matrix/client/v3/profile/%40alice%3Alocalhost/displayname", { method: "PUT", body: '{"displayname":"a\\u0000b"}', headers: { Authorization: `Bearer ${token}` } }],
      ["/_matrix/client/v3/register", { method: "POST", body: '{"auth":{"type":"m.login.dummy","session":"\\u0000"}}' }],
    ];
    for (const [path, init] of requests) {
      const { status, body } = await rawFetch(hs.baseUrl, path, init);
      expect(status, `${path} answered ${status} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
      expect(status, `${path} answered ${status} ${JSON.stringify(body)}`).toBeLessThan(500);
      expect(typeof body.errcode, path).toBe("string");
    }
  });
});
