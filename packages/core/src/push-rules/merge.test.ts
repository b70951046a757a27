// client-server "Predefined Rules": server-default rules "operate at a lower
// priority than user-defined rules, except for the .m.rule.master rule which
// has always a higher priority than any other rule"; pushrules.yaml: the
// enabled and actions of builtin rules can be changed.
import { describe, expect, it } from "vitest";
import { defaultPushRules } from "./default-rules.js";
import { evaluatePushRules } from "./evaluate.js";
import { mergeWithDefaults } from "./merge.js";
import type { PushRule, PushRuleset } from "./types.js";

const ME = "@me:example.org";
const OTHER = "@other:example.org";
const ROOM = "!room:example.org";
const defaults = defaultPushRules(ME);
const context = { userId: ME, displayName: "Me", roomMemberCount: 10, senderPowerLevel: 0, notificationPowerLevels: {} };
const ids = (rules: readonly PushRule[] | undefined) => (rules ?? []).map((rule) => rule.rule_id);

function userRule(rule_id: string, extra: Partial<PushRule> = {}): PushRule {
  return { rule_id, default: false, enabled: true, actions: ["notify", { set_tweak: "sound", value: `${rule_id}.wav` }], ...extra };
}

describe("mergeWithDefaults: order", () => {
  it("no stored rules: the defaults, in the spec's order", () => {
    expect(mergeWithDefaults(undefined, defaults)).toEqual(defaults);
    expect(mergeWithDefaults({}, defaults)).toEqual(defaults);
  });

  it("override: master first, then the user's rules in their order, then the other default overrides", () => {
    const merged = mergeWithDefaults({ override: [userRule("u1", { conditions: [] }), userRule("u2", { conditions: [] })] }, defaults);
    expect(ids(merged.override)).toEqual([".m.rule.master", "u1", "u2", ...ids(defaults.override).slice(1)]);
  });

  it("content and underride: the user's rules before the default rules", () => {
    const merged = mergeWithDefaults({ content: [userRule("c1", { pattern: "cake" })], underride: [userRule("low", { conditions: [] })] }, defaults);
    expect(ids(merged.content)).toEqual(["c1"]);
    expect(ids(merged.underride)).toEqual(["low", ...ids(defaults.underride)]);
  });

  it("room and sender: the user's rules", () => {
    const merged = mergeWithDefaults({ room: [userRule(ROOM)], sender: [userRule(OTHER)] }, defaults);
    expect(ids(merged.room)).toEqual([ROOM]);
    expect(ids(merged.sender)).toEqual([OTHER]);
  });

  it("user rules are marked default: false; inputs are not changed", () => {
    const stored: PushRuleset = { override: [userRule("u", { default: true, conditions: [] })] };
    const copy = structuredClone(stored);
    const merged = mergeWithDefaults(stored, defaults);
    expect(merged.override?.[1]).toMatchObject({ rule_id: "u", default: false });
    expect(stored).toEqual(copy);
    // An unchanged default rule is passed through as the same (frozen) object.
    expect(merged.override?.[2]).toBe(defaults.override?.[1]);
    expect(merged.override?.[1]).not.toBe(stored.override?.[0]);
  });
});

describe("mergeWithDefaults: the user's changes to default rules", () => {
  it("enabled and actions of a stored default rule replace the server's; its conditions stay the server's", () => {
    const stored: PushRuleset = {
      override: [{ rule_id: ".m.rule.suppress_notices", default: true, enabled: false, actions: ["notify"], conditions: [{ kind: "event_match", key: "type", pattern: "*" }] }],
      underride: [{ rule_id: ".m.rule.message", default: true, enabled: true, actions: ["notify", { set_tweak: "sound", value: "default" }] }],
    };
    const merged = mergeWithDefaults(stored, defaults);
    const notices = merged.override?.find((rule) => rule.rule_id === ".m.rule.suppress_notices");
    expect(notices).toEqual({ ...defaults.override?.[1], enabled: false, actions: ["notify"] });
    expect(merged.underride?.find((rule) => rule.rule_id === ".m.rule.message")?.actions).toEqual(["notify", { set_tweak: "sound", value: "default" }]);
    // Positions do not change.
    expect(ids(merged.override)).toEqual(ids(defaults.override));
  });

  it("dot-rules that are not current defaults (e.g. the legacy .m.rule.contains_user_name, or a default under the wrong kind) are dropped", () => {
    const stored: PushRuleset = {
      content: [{ rule_id: ".m.rule.contains_user_name", default: true, enabled: true, actions: ["notify"], pattern: "me" }],
      override: [{ rule_id: ".m.rule.message", default: true, enabled: false, actions: [] }],
    };
    const merged = mergeWithDefaults(stored, defaults);
    expect(merged.content).toEqual([]);
    expect(ids(merged.override)).toEqual(ids(defaults.override));
    expect(merged.underride?.find((rule) => rule.rule_id === ".m.rule.message")?.enabled).toBe(true);
  });
});

describe("merged rules in evaluation (client-server 'Push Rules': kinds in order, first match wins)", () => {
  const text = { type: "m.room.message", sender: OTHER, room_id: ROOM, content: { msgtype: "m.text", body: "time for tea" } };
  const notice = { ...text, content: { msgtype: "m.notice", body: "time for tea" } };

  it("a user override goes before the default overrides: it wins over .m.rule.suppress_notices", () => {
    const alwaysTea = userRule("tea", { conditions: [{ kind: "event_match", key: "content.body", pattern: "tea" }] });
    const merged = mergeWithDefaults({ override: [alwaysTea] }, defaults);
    expect(evaluatePushRules(merged, notice, context)).toMatchObject({ rule: { rule_id: "tea" }, kind: "override", notify: true, sound: "tea.wav" });
  });

  it("...but not over an enabled master rule", () => {
    const alwaysTea = userRule("tea", { conditions: [] });
    const master = { ...defaults.override![0]!, enabled: true };
    const merged = mergeWithDefaults({ override: [alwaysTea, master] }, defaults);
    expect(evaluatePushRules(merged, text, context)).toMatchObject({ rule: { rule_id: ".m.rule.master" }, notify: false });
  });

  it("content, room and sender rules go before the default underrides (.m.rule.message)", () => {
    for (const [stored, id] of [
      [{ content: [userRule("teacontent", { pattern: "t?a" })] }, "teacontent"],
      [{ room: [userRule(ROOM, { actions: [] })] }, ROOM],
      [{ sender: [userRule(OTHER, { actions: [] })] }, OTHER],
    ] as const) {
      expect(evaluatePushRules(mergeWithDefaults(stored, defaults), text, context).rule?.rule_id).toBe(id);
    }
  });

  it("a user underride goes before the default underrides", () => {
    const quiet = userRule("quiet", { actions: [], conditions: [{ kind: "event_match", key: "type", pattern: "m.room.*" }] });
    expect(evaluatePushRules(mergeWithDefaults({ underride: [quiet] }, defaults), text, context)).toMatchObject({ rule: { rule_id: "quiet" }, notify: false });
  });

  it("the ruleset order decides within a kind: the spec's \"time\" and \"tea\" tiebreak", () => {
    const merged = mergeWithDefaults({ content: [userRule("time", { pattern: "time" }), userRule("tea", { pattern: "tea" })] }, defaults);
    expect(evaluatePushRules(merged, text, context).rule?.rule_id).toBe("time");
    const swapped = mergeWithDefaults({ content: [userRule("tea", { pattern: "tea" }), userRule("time", { pattern: "time" })] }, defaults);
    expect(evaluatePushRules(swapped, text, context).rule?.rule_id).toBe("tea");
  });

  it("a default rule the user disabled no longer matches: the next rule decides", () => {
    const stored: PushRuleset = { override: [{ ...defaults.override![1]!, enabled: false }] };
    expect(evaluatePushRules(mergeWithDefaults(stored, defaults), notice, context).rule?.rule_id).toBe(".m.rule.message");
  });

  it("a default rule whose actions the user changed acts with the new actions", () => {
    const stored: PushRuleset = { underride: [{ ...defaults.underride![3]!, actions: ["dont_notify"] }] };
    expect(evaluatePushRules(mergeWithDefaults(stored, defaults), text, context)).toMatchObject({ rule: { rule_id: ".m.rule.message" }, notify: false, actions: [] });
  });
});
