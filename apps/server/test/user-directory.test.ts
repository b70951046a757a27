// Spec: client-server "User Directory" (users.yaml: POST /user_directory/search) — users
// who share a room with the requester or are joined to public rooms, matched on user ID
// and display name, `limit` and `limited`.
import { searchUserDirectory, setProfileField } from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { roomWith, type TestUser } from "./helpers/sync-helpers.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

describe.each(backends)("user directory on %s", (backend) => {
  let hs: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  beforeAll(async () => {
    hs = await startTestServer(backend);
    alice = await hs.registerUser("diralice");
    bob = await hs.registerUser("dirbob");
    carol = await hs.registerUser("dircarol");
    dave = await hs.registerUser("dirdave_hidden");
    await bob.client.call(setProfileField, { path: { userId: bob.userId, keyName: "displayname" }, body: { displayname: "Robert Zebra" } });
    // alice and bob share a private room; carol is in a public room; dave shares nothing.
    await roomWith(alice, [bob]);
    await roomWith(carol, [], { preset: "public_chat" });
    await roomWith(dave, []);
  });
  afterAll(() => hs?.close());

  const search = (user: TestUser, term: string, limit?: number) =>
    user.client.call(searchUserDirectory, { body: { search_term: term, ...(limit !== undefined && { limit }) } });

  it("finds users who share a room, by display name and by user ID, case-insensitively", async () => {
    expect((await search(alice, "zebra")).results).toEqual([{ user_id: bob.userId, display_name: "Robert Zebra" }]);
    expect((await search(alice, "DIRBOB")).results.map((r) => r.user_id)).toEqual([bob.userId]);
  });

  it("finds users in public rooms, not users who share nothing with the requester", async () => {
    expect((await search(alice, "dircarol")).results.map((r) => r.user_id)).toEqual([carol.userId]);
    expect((await search(alice, "dirdave")).results).toEqual([]);
    // dave finds carol (public room) but not bob (private room).
    expect((await search(dave, "dir")).results.map((r) => r.user_id)).not.toContain(bob.userId);
  });

  it("applies the limit and says whether the list was cut", async () => {
    const all = await search(alice, "dir");
    expect(all.limited).toBe(false);
    expect(all.results.length).toBeGreaterThanOrEqual(3);
    const one = await search(alice, "dir", 1);
    expect(one.results).toHaveLength(1);
    expect(one.limited).toBe(true);
  });

  it("treats LIKE wildcards literally", async () => {
    expect((await search(alice, "%")).results).toEqual([]);
    expect((await search(alice, "dir_")).results).toEqual([]);
  });

  it("refuses a body without search_term (400)", async () => {
    const response = await rawFetch(hs.baseUrl, "/_matrix/client/v3/user_directory/search", {
      method: "POST",
      headers: { Authorization: `Bearer ${alice.accessToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ limit: 3 }),
    });
    expect(response.status).toBe(400);
    expect(response.body.errcode).toBe("M_BAD_JSON");
  });
});
