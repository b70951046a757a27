// Spec: client-server "Push Notifications": "Push Rules: API" (pushrules.yaml),
// "Predefined Rules" (v1.19 defaults from @myelin/core), "Push Rules: Events"
// (m.push_rules account data in /sync), and matrix-js-sdk's start-up fetch of /pushrules/.
import {
  deletePushRule,
  getPushRule,
  getPushRuleActions,
  getPushRules,
  getPushRulesGlobal,
  isPushRuleEnabled,
  setPushRule,
  setPushRuleActions,
  setPushRuleEnabled,
} from "@myelin/client-server";
import { ClientEvent, createClient, SyncState, type MatrixClient } from "matrix-js-sdk";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { expectMatrixError } from "./helpers/expect-error.js";
import { newUser, syncOnce } from "./helpers/sync-helpers.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("silent");

describe.each(backends)("push rules API on %s", (backend) => {
  let hs: TestServer;
  beforeAll(async () => {
    hs = await startTestServer(backend);
  });
  afterAll(() => hs?.close());

  it("GET /pushrules/ and /pushrules/global/: the spec's default rules, master first", async () => {
    const alice = await newUser(hs, "prdefaults");
    const { global } = await alice.client.call(getPushRules, {});
    expect(global.override?.[0]?.rule_id).toBe(".m.rule.master");
    expect(global.override?.map((rule) => rule.rule_id)).toEqual(expect.arrayContaining([".m.rule.is_user_mention", ".m.rule.is_room_mention", ".m.rule.suppress_notices"]));
    expect(global.underride?.map((rule) => rule.rule_id)).toContain(".m.rule.room_one_to_one");
    const mention = global.override?.find((rule) => rule.rule_id === ".m.rule.is_user_mention");
    expect(mention?.conditions?.[0]).toMatchObject({ kind: "event_property_contains", value: alice.userId });
    expect(await alice.client.call(getPushRulesGlobal, {})).toEqual(global);
  });

  it("PUT with before/after orders user rules; GET/DELETE one rule; a change reaches /sync as m.push_rules", async () => {
    const alice = await newUser(hs, "prorder");
    const initial = await syncOnce(alice);
    const put = (ruleId: string, query: { before?: string; after?: string } = {}) =>
      alice.client.call(setPushRule, { path: { kind: "content", ruleId }, query, body: { pattern: ruleId, actions: ["notify"] } });
    const order = async () => ((await alice.client.call(getPushRulesGlobal, {})).content ?? []).filter((rule) => !rule.default).map((rule) => rule.rule_id);

    await put("a");
    await put("b"); // new rules without before/after are the most important
    expect(await order()).toEqual(["b", "a"]);
    await put("c", { after: "a" });
    expect(await order()).toEqual(["b", "a", "c"]);
    await put("d", { before: "b" });
    expect(await order()).toEqual(["d", "b", "a", "c"]);
    // before wins over after.
    await put("e", { before: "a", after: "d" });
    expect(await order()).toEqual(["d", "b", "e", "a", "c"]);
    // Updating without before/after keeps the place.
    await alice.client.call(setPushRule, { path: { kind: "content", ruleId: "b" }, query: {}, body: { pattern: "bee", actions: [] } });
    expect(await order()).toEqual(["d", "b", "e", "a", "c"]);
    expect(await alice.client.call(getPushRule, { path: { kind: "content", ruleId: "b" } })).toEqual({ rule_id: "b", default: false, enabled: true, pattern: "bee", actions: [] });

    await expectMatrixError(put("f", { before: "nope" }), "M_UNKNOWN", 400);
    // "It is not possible to add a rule relative to a predefined server rule."
    await expectMatrixError(
      alice.client.call(setPushRule, { path: { kind: "override", ruleId: "g" }, query: { after: ".m.rule.master" }, body: { actions: [], conditions: [] } }),
      "M_UNKNOWN",
      400,
    );

    await alice.client.call(deletePushRule, { path: { kind: "content", ruleId: "e" } });
    expect(await order()).toEqual(["d", "b", "a", "c"]);
    await expectMatrixError(alice.client.call(getPushRule, { path: { kind: "content", ruleId: "e" } }), "M_NOT_FOUND", 404);
    await expectMatrixError(alice.client.call(deletePushRule, { path: { kind: "content", ruleId: "e" } }), "M_NOT_FOUND", 404);

    const next = await syncOnce(alice, { since: initial.next_batch, timeout: 0 });
    const pushRules = next.account_data?.events?.find((event) => event.type === "m.push_rules");
    const content = pushRules?.content as { global?: { content?: { rule_id: string }[]; override?: { rule_id: string }[] } } | undefined;
    expect(content?.global?.content?.map((rule) => rule.rule_id)).toEqual(["d", "b", "a", "c"]);
    expect(content?.global?.override?.[0]?.rule_id).toBe(".m.rule.master");
  });

  it("override rules sit below the master rule; defaults cannot be deleted but can be disabled and given new actions", async () => {
    const alice = await newUser(hs, "prdefaultrules");
    await alice.client.call(setPushRule, {
      path: { kind: "override", ruleId: "beer" },
      query: {},
      body: { conditions: [{ kind: "event_match", key: "content.body", pattern: "beer" }], actions: ["notify", { set_tweak: "sound", value: "beeroclock.wav" }] },
    });
    const override = (await alice.client.call(getPushRulesGlobal, {})).override ?? [];
    expect(override.slice(0, 2).map((rule) => rule.rule_id)).toEqual([".m.rule.master", "beer"]);

    await expectMatrixError(alice.client.call(deletePushRule, { path: { kind: "underride", ruleId: ".m.rule.message" } }), "M_NOT_FOUND", 404);
    await alice.client.call(setPushRuleEnabled, { path: { kind: "underride", ruleId: ".m.rule.message" }, body: { enabled: false } });
    expect(await alice.client.call(isPushRuleEnabled, { path: { kind: "underride", ruleId: ".m.rule.message" } })).toEqual({ enabled: false });
    await alice.client.call(setPushRuleActions, { path: { kind: "underride", ruleId: ".m.rule.message" }, body: { actions: ["notify", { set_tweak: "highlight" }] } });
    expect(await alice.client.call(getPushRuleActions, { path: { kind: "underride", ruleId: ".m.rule.message" } })).toEqual({ actions: ["notify", { set_tweak: "highlight" }] });
    const message = (await alice.client.call(getPushRulesGlobal, {})).underride?.find((rule) => rule.rule_id === ".m.rule.message");
    expect(message).toMatchObject({ default: true, enabled: false, actions: ["notify", { set_tweak: "highlight" }] });

    await expectMatrixError(alice.client.call(isPushRuleEnabled, { path: { kind: "override", ruleId: "missing" } }), "M_NOT_FOUND", 404);
    await expectMatrixError(alice.client.call(setPushRuleEnabled, { path: { kind: "override", ruleId: "missing" }, body: { enabled: true } }), "M_NOT_FOUND", 404);
    await expectMatrixError(alice.client.call(setPushRuleActions, { path: { kind: "override", ruleId: "missing" }, body: { actions: [] } }), "M_NOT_FOUND", 404);
  });

  it("bad rules and paths are 4xx with the spec's error codes, never 500", async () => {
    const alice = await newUser(hs, "prbad");
    const headers = { Authorization: `Bearer ${alice.accessToken}`, "Content-Type": "application/json" };
    const put = (path: string, body: unknown) => rawFetch(hs.baseUrl, `/_matrix/client/v3/pushrules/global/${path}`, { method: "PUT", headers, body: JSON.stringify(body) });
    const cases: [string, unknown, number, string | undefined][] = [
      ["override/.m.rule.mine", { actions: [] }, 400, "M_INVALID_PARAM"],
      ["content/nopattern", { actions: ["notify"] }, 400, "M_MISSING_PARAM"],
      ["room/not-a-room", { actions: [] }, 400, "M_INVALID_PARAM"],
      ["sender/not-a-user", { actions: [] }, 400, "M_INVALID_PARAM"],
      ["override/x", { actions: "notify" }, 400, "M_BAD_JSON"],
      ["override/x", { actions: [], conditions: [{ kind: "event_match", key: 5, pattern: "x" }] }, 400, undefined],
      ["override/x", { actions: [{ set_tweak: 5 }] }, 400, undefined],
      ["override/x", {}, 400, undefined],
      ["override/back%5Cslash", { actions: [] }, 400, "M_INVALID_PARAM"],
      ["nokind/x", { actions: [] }, 400, undefined],
    ];
    for (const [path, body, status, errcode] of cases) {
      const response = await put(path, body);
      expect(response.status, path).toBe(status);
      if (errcode !== undefined) expect(response.body.errcode, path).toBe(errcode);
    }
    const enabled = await rawFetch(hs.baseUrl, "/_matrix/client/v3/pushrules/global/override/.m.rule.master/enabled", { method: "PUT", headers, body: JSON.stringify({ enabled: "yes" }) });
    expect(enabled.status).toBe(400);
    const actions = await rawFetch(hs.baseUrl, "/_matrix/client/v3/pushrules/global/override/.m.rule.master/actions", { method: "PUT", headers, body: JSON.stringify({ actions: [{ set_tweak: 1 }] }) });
    expect(actions.status).toBe(400);
    const notJson = await rawFetch(hs.baseUrl, "/_matrix/client/v3/pushrules/global/override/x", { method: "PUT", headers, body: "{" });
    expect(notJson.status).toBe(400);
    // v1.19 has no scope parameter: any scope but "global" is an unknown endpoint.
    const scope = await rawFetch(hs.baseUrl, "/_matrix/client/v3/pushrules/device/override/x", { headers });
    expect(scope.status).toBe(404);
    expect(scope.body.errcode).toBe("M_UNRECOGNIZED");
    const unauthenticated = await rawFetch(hs.baseUrl, "/_matrix/client/v3/pushrules/");
    expect(unauthenticated.status).toBe(401);
  });

  it("matrix-js-sdk: getPushRules() and startClient() get the server's rules", async () => {
    const alice = await newUser(hs, "prsdk");
    const sdk: MatrixClient = createClient({ baseUrl: hs.baseUrl, accessToken: alice.accessToken, userId: alice.userId, deviceId: alice.deviceId });
    try {
      const rules = await sdk.getPushRules();
      expect(rules.global.override?.some((rule) => rule.rule_id === ".m.rule.is_user_mention")).toBe(true);
      const prepared = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no first sync")), 20_000);
        sdk.on(ClientEvent.Sync, (state: SyncState) => {
          if (state === SyncState.Prepared) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      await sdk.startClient({ initialSyncLimit: 1 });
      await prepared;
      expect(sdk.pushRules?.global.underride?.some((rule) => rule.rule_id === ".m.rule.message")).toBe(true);
    } finally {
      sdk.stopClient();
    }
  });
});
