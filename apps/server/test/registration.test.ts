// Spec: client-server API, "Account registration and management" (POST /register,
// GET /register/available, registration tokens) and "User-Interactive Authentication API".
import { checkUsernameAvailability, getTokenOwner, register, registrationTokenValidity } from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { expectMatrixError } from "./helpers/expect-error.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

describe.each(backends)("registration on %s", (backend) => {
  describe("open registration (server name localhost, nothing configured)", () => {
    let hs: TestServer;
    beforeAll(async () => {
      hs = await startTestServer(backend, { allow_guest_access: true });
    });
    afterAll(() => hs?.close());

    it("answers the first request with a UIA session offering m.login.dummy, then registers (UIA: 401 then completion)", async () => {
      const first = await expectMatrixError(hs.client().call(register, { body: { username: "alice", password: "pw-alice" } }), undefined, 401);
      expect(first.extra.flows).toEqual([{ stages: ["m.login.dummy"] }]);
      const session = first.extra.session;
      expect(typeof session).toBe("string");
      const done = await hs.client().call(register, { body: { username: "alice", password: "pw-alice", auth: { type: "m.login.dummy", session: session as string } } });
      expect(done.user_id).toBe("@alice:localhost");
      expect(done.access_token).toMatch(/^myla_/);
      const whoami = await hs.client(done.access_token).call(getTokenOwner);
      expect(whoami).toMatchObject({ user_id: "@alice:localhost", device_id: done.device_id, is_guest: false });
    });

    it("accepts an r0-style first request that already carries m.login.dummy without a session", async () => {
      const { status, body } = await rawFetch(hs.baseUrl, "/_matrix/client/r0/register", {
        method: "POST",
        body: JSON.stringify({ username: "bob", password: "pw", auth: { type: "m.login.dummy" } }),
      });
      expect(status).toBe(200);
      expect(body.user_id).toBe("@bob:localhost");
    });

    it("does not log in with inhibit_login", async () => {
      const response = await hs.client().call(register, { body: { username: "carol", password: "pw", inhibit_login: true, auth: { type: "m.login.dummy" } } });
      expect(response.user_id).toBe("@carol:localhost");
      expect(response.access_token).toBeUndefined();
      expect(response.device_id).toBeUndefined();
    });

    it("refuses a taken user ID with M_USER_IN_USE and reports availability", async () => {
      await expectMatrixError(hs.client().call(register, { body: { username: "alice", password: "x", auth: { type: "m.login.dummy" } } }), "M_USER_IN_USE", 400);
      await expectMatrixError(hs.client().call(checkUsernameAvailability, { query: { username: "alice" } }), "M_USER_IN_USE", 400);
      expect(await hs.client().call(checkUsernameAvailability, { query: { username: "nobody-yet" } })).toEqual({ available: true });
    });

    it("refuses usernames outside the strict grammar for new users (upper case, spaces) with M_INVALID_USERNAME", async () => {
      for (const username of ["Alice", "has space", "émile", "a:b"]) {
        await expectMatrixError(hs.client().call(register, { body: { username, password: "x", auth: { type: "m.login.dummy" } } }), "M_INVALID_USERNAME", 400);
      }
      await expectMatrixError(hs.client().call(checkUsernameAvailability, { query: { username: "UPPER" } }), "M_INVALID_USERNAME", 400);
    });

    it("generates a user ID when no username is given", async () => {
      const response = await hs.client().call(register, { body: { password: "pw", auth: { type: "m.login.dummy" } } });
      expect(response.user_id).toMatch(/^@[0-9]+:localhost$/);
    });

    it("registers guests when guest access is enabled (kind=guest), and whoami says is_guest", async () => {
      const response = await hs.client().call(register, { query: { kind: "guest" }, body: {} });
      expect(response.access_token).toBeDefined();
      const whoami = await hs.client(response.access_token).call(getTokenOwner);
      expect(whoami.is_guest).toBe(true);
    });

    it("rejects a session ID it never issued", async () => {
      await expectMatrixError(
        hs.client().call(register, { body: { username: "dave", password: "x", auth: { type: "m.login.dummy", session: "forged" } } }),
        "M_UNKNOWN",
        400,
      );
    });
  });

  describe("closed registration (a real server name with nothing configured)", () => {
    let hs: TestServer;
    beforeAll(async () => {
      hs = await startTestServer(backend, { server_name: "example.org" });
    });
    afterAll(() => hs?.close());

    it("answers 403 M_FORBIDDEN, and guests get M_GUEST_ACCESS_FORBIDDEN", async () => {
      await expectMatrixError(hs.client().call(register, { body: { username: "alice", password: "x", auth: { type: "m.login.dummy" } } }), "M_FORBIDDEN", 403);
      await expectMatrixError(hs.client().call(register, { query: { kind: "guest" }, body: {} }), "M_GUEST_ACCESS_FORBIDDEN", 403);
    });
  });

  describe("MYELIN_ENABLE_REGISTRATION=true opens a real server name", () => {
    let hs: TestServer;
    beforeAll(async () => {
      hs = await startTestServer(backend, { server_name: "example.org" }, { MYELIN_ENABLE_REGISTRATION: "true" });
    });
    afterAll(() => hs?.close());

    it("registers @alice:example.org", async () => {
      const { userId } = await hs.registerUser("alice");
      expect(userId).toBe("@alice:example.org");
    });
  });

  describe("registration tokens (spec: m.login.registration_token, since v1.2)", () => {
    let hs: TestServer;
    beforeAll(async () => {
      hs = await startTestServer(backend, { server_name: "example.org", registration_tokens: ["let-me-in"] });
    });
    afterAll(() => hs?.close());

    it("reports token validity", async () => {
      expect(await hs.client().call(registrationTokenValidity, { query: { token: "let-me-in" } })).toEqual({ valid: true });
      expect(await hs.client().call(registrationTokenValidity, { query: { token: "nope" } })).toEqual({ valid: false });
    });

    it("offers only the token flow, refuses m.login.dummy and a wrong token, accepts the right one", async () => {
      const first = await expectMatrixError(hs.client().call(register, { body: { username: "tina", password: "pw" } }), undefined, 401);
      expect(first.extra.flows).toEqual([{ stages: ["m.login.registration_token"] }]);
      const session = first.extra.session as string;

      const dummy = await expectMatrixError(hs.client().call(register, { body: { username: "tina", password: "pw", auth: { type: "m.login.dummy", session } } }), undefined, 401);
      expect(dummy.extra.session).toBe(session);

      const wrong = await expectMatrixError(
        hs.client().call(register, { body: { username: "tina", password: "pw", auth: { type: "m.login.registration_token", token: "nope", session } } }),
        "M_FORBIDDEN",
        401,
      );
      expect(wrong.extra.flows).toBeDefined();

      const done = await hs.client().call(register, {
        body: { username: "tina", password: "pw", auth: { type: "m.login.registration_token", token: "let-me-in", session } },
      });
      expect(done.user_id).toBe("@tina:example.org");
    });
  });
});
