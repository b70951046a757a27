// Synapse-compatible shared-secret registration (/_synapse/admin/v1/register):
// nonce, then HMAC-SHA1 over nonce NUL user NUL password NUL admin|notadmin.
import { createHmac } from "node:crypto";
import { getTokenOwner } from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

const SECRET = "s3cret-for-tests";

/** Written here from the protocol's description, independently of the server's code. */
function mac(secret: string, nonce: string, user: string, password: string, admin: boolean): string {
  return createHmac("sha1", secret).update(`${nonce}\0${user}\0${password}\0${admin ? "admin" : "notadmin"}`).digest("hex");
}

describe.each(backends)("shared-secret registration on %s", (backend) => {
  let hs: TestServer;
  beforeAll(async () => {
    // A real server name with registration closed: shared-secret registration works regardless.
    hs = await startTestServer(backend, { server_name: "example.org" }, { MYELIN_REGISTRATION_SHARED_SECRET: SECRET });
  });
  afterAll(() => hs?.close());

  const nonce = async () => (await rawFetch(hs.baseUrl, "/_synapse/admin/v1/register")).body.nonce as string;
  const submit = (body: Record<string, unknown>) => rawFetch(hs.baseUrl, "/_synapse/admin/v1/register", { method: "POST", body: JSON.stringify(body) });

  it("registers an admin with a correct MAC and logs it in", async () => {
    const n = await nonce();
    const { status, body } = await submit({ nonce: n, username: "root", password: "pw", admin: true, mac: mac(SECRET, n, "root", "pw", true) });
    expect(status).toBe(200);
    expect(body.user_id).toBe("@root:example.org");
    const whoami = await hs.client(body.access_token as string).call(getTokenOwner);
    expect(whoami.user_id).toBe("@root:example.org");
  });

  it("refuses a wrong MAC with 403, and the nonce is then used up", async () => {
    const n = await nonce();
    const wrong = await submit({ nonce: n, username: "mal", password: "pw", admin: false, mac: mac("not-the-secret", n, "mal", "pw", false) });
    expect([wrong.status, wrong.body.errcode]).toEqual([403, "M_FORBIDDEN"]);
    const retry = await submit({ nonce: n, username: "mal", password: "pw", admin: false, mac: mac(SECRET, n, "mal", "pw", false) });
    expect(retry.status).toBe(400);
  });

  it("refuses a reused nonce", async () => {
    const n = await nonce();
    const first = await submit({ nonce: n, username: "once", password: "pw", mac: mac(SECRET, n, "once", "pw", false) });
    expect(first.status).toBe(200);
    const again = await submit({ nonce: n, username: "twice", password: "pw", mac: mac(SECRET, n, "twice", "pw", false) });
    expect([again.status, again.body.errcode]).toEqual([400, "M_UNKNOWN"]);
  });

  it("refuses a MAC computed with the admin flag flipped", async () => {
    const n = await nonce();
    const flipped = await submit({ nonce: n, username: "sneaky", password: "pw", admin: true, mac: mac(SECRET, n, "sneaky", "pw", false) });
    expect(flipped.status).toBe(403);
  });
});

describe.each(backends)("shared-secret registration disabled on %s", (backend) => {
  let hs: TestServer;
  beforeAll(async () => {
    hs = await startTestServer(backend, { server_name: "example.org" });
  });
  afterAll(() => hs?.close());

  it("answers 400 when no secret is configured", async () => {
    const { status, body } = await rawFetch(hs.baseUrl, "/_synapse/admin/v1/register");
    expect([status, body.errcode]).toEqual([400, "M_UNKNOWN"]);
  });
});
