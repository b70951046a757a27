// client-server "Push Rules" (kinds in order, enabled, first match),
// "Conditions" (each kind), "Actions" (notify, set_tweak, highlight default)
// and "Historical Actions", through evaluatePushRules.
import { describe, expect, it } from "vitest";
import { actionOutcome } from "./actions.js";
import type { PushEvaluationContext } from "./conditions.js";
import { defaultPushRules } from "./default-rules.js";
import { evaluatePushRules, PushEvaluationMemo } from "./evaluate.js";
import { mergeWithDefaults } from "./merge.js";
import type { PushCondition, PushRule, PushRuleset } from "./types.js";

const ME = "@me:example.org";
const OTHER = "@other:example.org";
const ROOM = "!room:example.org";
const context: PushEvaluationContext = { userId: ME, displayName: "Alice Smith", roomMemberCount: 5, senderPowerLevel: 0, notificationPowerLevels: {} };

function rule(conditions: readonly PushCondition[] | undefined, extra: Partial<PushRule> = {}): PushRule {
  return { rule_id: "r", default: false, enabled: true, actions: ["notify"], ...(conditions === undefined ? {} : { conditions }), ...extra };
}

/** Whether an override rule with these conditions matches. */
function holds(conditions: readonly PushCondition[], event: object, overrides: Partial<PushEvaluationContext> = {}): boolean {
  return evaluatePushRules({ override: [rule(conditions)] }, event, { ...context, ...overrides }).rule !== undefined;
}

function event(content: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { type: "m.room.message", sender: OTHER, room_id: ROOM, content, ...extra };
}

describe("event_match", () => {
  it("the spec's example: key content.topic, pattern lunc?*", () => {
    const topic = (value: unknown) => ({ type: "m.room.topic", state_key: "", sender: OTHER, room_id: ROOM, content: { topic: value } });
    const condition: PushCondition = { kind: "event_match", key: "content.topic", pattern: "lunc?*" };
    expect(holds([condition], topic("Lunch plans"))).toBe(true);
    expect(holds([condition], topic("LUNCH"))).toBe(true);
    for (const value of [" lunch", "lunc", null]) expect(holds([condition], topic(value))).toBe(false);
  });

  it("absent or non-string properties never match, not even `*`", () => {
    const any = (key: string): PushCondition => ({ kind: "event_match", key, pattern: "*" });
    expect(holds([any("content.body")], event({ body: "" }))).toBe(true);
    expect(holds([any("content.missing")], event({}))).toBe(false);
    for (const value of [1, true, null, ["x"], { x: "y" }]) expect(holds([any("content.v")], event({ v: value }))).toBe(false);
  });

  it("the word-boundary rule applies to content.body only; other keys match the whole value", () => {
    expect(holds([{ kind: "event_match", key: "content.body", pattern: "cake" }], event({ body: "I want cake!" }))).toBe(true);
    expect(holds([{ kind: "event_match", key: "content.body", pattern: "cake" }], event({ body: "pancakes" }))).toBe(false);
    expect(holds([{ kind: "event_match", key: "content.topic", pattern: "cake" }], event({ topic: "I want cake!" }))).toBe(false);
    expect(holds([{ kind: "event_match", key: "content.topic", pattern: "*cake*" }], event({ topic: "I want cake!" }))).toBe(true);
  });

  it("escaped dots in the key reach dotted property names (content.m\\.relates_to)", () => {
    const reply = event({ body: "x", "m.relates_to": { "m.in_reply_to": { event_id: "$parent" } } });
    expect(holds([{ kind: "event_match", key: "content.m\\.relates_to.m\\.in_reply_to.event_id", pattern: "$parent" }], reply)).toBe(true);
    expect(holds([{ kind: "event_match", key: "content.m.relates_to.m.in_reply_to.event_id", pattern: "$parent" }], reply)).toBe(false);
  });

  it("state_key has no implicit condition: a message event has no state_key to match", () => {
    expect(holds([{ kind: "event_match", key: "state_key", pattern: "" }], event({}))).toBe(false);
    expect(holds([{ kind: "event_match", key: "state_key", pattern: "" }], event({}, { state_key: "" }))).toBe(true);
  });
});

describe("event_property_is", () => {
  it("the spec's example: content.m\\.federate is true; \"true\" and 1 do not match (no casts)", () => {
    const condition: PushCondition = { kind: "event_property_is", key: "content.m\\.federate", value: true };
    const create = (federate: unknown) => ({ type: "m.room.create", state_key: "", sender: OTHER, room_id: ROOM, content: { "m.federate": federate } });
    expect(holds([condition], create(true))).toBe(true);
    expect(holds([condition], create("true"))).toBe(false);
    expect(holds([condition], create(1))).toBe(false);
  });

  it("strings, integers, booleans and null match exactly; compound or non-integer values never", () => {
    const is = (value: string | number | boolean | null): PushCondition => ({ kind: "event_property_is", key: "content.v", value });
    expect(holds([is("x")], event({ v: "x" }))).toBe(true);
    expect(holds([is("x")], event({ v: "X" }))).toBe(false);
    expect(holds([is(3)], event({ v: 3 }))).toBe(true);
    expect(holds([is(0)], event({ v: -0 }))).toBe(true);
    expect(holds([is(null)], event({ v: null }))).toBe(true);
    expect(holds([is(null)], event({}))).toBe(false);
    expect(holds([is(false)], event({ v: false }))).toBe(true);
    expect(holds([is(1.5)], event({ v: 1.5 }))).toBe(false);
    expect(holds([is("x")], event({ v: ["x"] }))).toBe(false);
  });
});

describe("event_property_contains", () => {
  it("the spec's example: alt_aliases contains #myroom:example.com; a partial value does not match", () => {
    const aliases = { type: "m.room.canonical_alias", state_key: "", sender: OTHER, room_id: ROOM, content: { alt_aliases: ["#somewhere:example.org", "#myroom:example.com"] } };
    expect(holds([{ kind: "event_property_contains", key: "content.alt_aliases", value: "#myroom:example.com" }], aliases)).toBe(true);
    expect(holds([{ kind: "event_property_contains", key: "content.alt_aliases", value: ":example.com" }], aliases)).toBe(false);
  });

  it("the property must be an array; compound elements are ignored; no casts", () => {
    const contains = (value: string | number | boolean | null): PushCondition => ({ kind: "event_property_contains", key: "content.v", value });
    expect(holds([contains("x")], event({ v: "x" }))).toBe(false);
    expect(holds([contains("x")], event({ v: { x: "x" } }))).toBe(false);
    expect(holds([contains("x")], event({ v: [["x"], { x: "x" }] }))).toBe(false);
    expect(holds([contains(1)], event({ v: ["1", true, 1] }))).toBe(true);
    expect(holds([contains(null)], event({ v: [null] }))).toBe(true);
    expect(holds([contains(true)], event({ v: [1] }))).toBe(false);
  });
});

describe("contains_display_name", () => {
  const condition: PushCondition = { kind: "contains_display_name" };

  it("matches the display name in content.body at word boundaries, case-insensitively", () => {
    for (const body of ["Alice Smith", "hey alice smith!", "(ALICE SMITH)", "@Alice Smith: look"]) expect(holds([condition], event({ body }))).toBe(true);
  });

  it("not inside words, not split, not in other properties", () => {
    for (const body of ["Alice Smithers", "MrAlice Smith", "Alice  Smith", "Alice_Smith"]) expect(holds([condition], event({ body }))).toBe(false);
    expect(holds([condition], event({ topic: "Alice Smith" }))).toBe(false);
  });

  it("no display name (or an empty one) matches nothing; the name is literal, not a glob", () => {
    expect(holds([condition], event({ body: "anything" }), { displayName: undefined })).toBe(false);
    expect(holds([condition], event({ body: "anything" }), { displayName: "" })).toBe(false);
    expect(holds([condition], event({ body: "hi Bob" }), { displayName: "B?b" })).toBe(false);
    expect(holds([condition], event({ body: "hi B?b" }), { displayName: "B?b" })).toBe(true);
  });
});

describe("room_member_count", () => {
  const count = (is: string): PushCondition => ({ kind: "room_member_count", is });
  const table: [string, number[], number[]][] = [
    ["2", [2], [1, 3]],
    ["==2", [2], [1, 3]],
    ["<3", [1, 2], [3, 4]],
    [">3", [4, 10], [2, 3]],
    ["<=3", [2, 3], [4]],
    [">=3", [3, 4], [2]],
  ];
  for (const [is, yes, no] of table) {
    it(`is "${is}": matches ${yes.join(", ")}; not ${no.join(", ")}`, () => {
      for (const roomMemberCount of yes) expect(holds([count(is)], event({}), { roomMemberCount })).toBe(true);
      for (const roomMemberCount of no) expect(holds([count(is)], event({}), { roomMemberCount })).toBe(false);
    });
  }

  it("a malformed `is` matches nothing", () => {
    for (const is of ["=2", "two", "", "2 "]) expect(holds([count(is)], event({}), { roomMemberCount: 2 })).toBe(false);
  });
});

describe("sender_notification_permission", () => {
  const room: PushCondition = { kind: "sender_notification_permission", key: "room" };

  it("the sender needs the notifications[key] level; `room` defaults to 50 (m.room.power_levels schema)", () => {
    expect(holds([room], event({}), { senderPowerLevel: 50 })).toBe(true);
    expect(holds([room], event({}), { senderPowerLevel: 49 })).toBe(false);
    expect(holds([room], event({}), { senderPowerLevel: 0, notificationPowerLevels: { room: 0 } })).toBe(true);
    expect(holds([room], event({}), { senderPowerLevel: Infinity, notificationPowerLevels: { room: 100 } })).toBe(true);
  });

  it("a key with no level and no default cannot be satisfied; inherited names are not levels", () => {
    const custom: PushCondition = { kind: "sender_notification_permission", key: "org.example.custom" };
    expect(holds([custom], event({}), { senderPowerLevel: 100 })).toBe(false);
    expect(holds([custom], event({}), { senderPowerLevel: 100, notificationPowerLevels: { "org.example.custom": 100 } })).toBe(true);
    const proto: PushCondition = { kind: "sender_notification_permission", key: "constructor" };
    expect(holds([proto], event({}), { senderPowerLevel: 100 })).toBe(false);
  });
});

describe("rules (client-server 'Push Rules', 'Conditions')", () => {
  it("all conditions must hold; a rule with no (or empty) conditions always matches", () => {
    const type: PushCondition = { kind: "event_match", key: "type", pattern: "m.room.message" };
    const body: PushCondition = { kind: "event_match", key: "content.body", pattern: "x" };
    expect(holds([type, body], event({ body: "x" }))).toBe(true);
    expect(holds([type, body], event({ body: "y" }))).toBe(false);
    expect(holds([], event({}))).toBe(true);
    expect(evaluatePushRules({ underride: [rule(undefined)] }, event({}), context).rule).toBeDefined();
  });

  it("an unrecognised condition never matches, which disables the rule", () => {
    expect(holds([{ kind: "org.example.future" }], event({}))).toBe(false);
    expect(holds([{ kind: "event_match", key: "type", pattern: "m.room.message" }, { kind: "org.example.future" }], event({}))).toBe(false);
    expect(holds([{ kind: "toString" }], event({}))).toBe(false);
  });

  it("disabled rules never match: evaluation moves on", () => {
    const ruleset: PushRuleset = { override: [rule([], { rule_id: "off", enabled: false }), rule([], { rule_id: "on" })] };
    expect(evaluatePushRules(ruleset, event({}), context).rule?.rule_id).toBe("on");
  });

  it("kinds are checked in order: override, content, room, sender, underride", () => {
    const everything: PushRuleset = {
      underride: [rule([], { rule_id: "underride" })],
      sender: [rule(undefined, { rule_id: OTHER })],
      room: [rule(undefined, { rule_id: ROOM })],
      content: [rule(undefined, { rule_id: "content", pattern: "hi" })],
      override: [rule([], { rule_id: "override" })],
    };
    const order: string[] = [];
    let remaining: PushRuleset = everything;
    for (;;) {
      const result = evaluatePushRules(remaining, event({ body: "hi" }), context);
      if (result.kind === undefined) break;
      order.push(result.kind);
      remaining = { ...remaining, [result.kind]: [] };
    }
    expect(order).toEqual(["override", "content", "room", "sender", "underride"]);
  });

  it("room rules match their room ID, sender rules their sender, content rules body words", () => {
    expect(evaluatePushRules({ room: [rule(undefined, { rule_id: "!elsewhere:x" })] }, event({}), context).rule).toBeUndefined();
    expect(evaluatePushRules({ sender: [rule(undefined, { rule_id: "@someone:x" })] }, event({}), context).rule).toBeUndefined();
    expect(evaluatePushRules({ content: [rule(undefined, { pattern: "cake" })] }, event({ body: "cupcake" }), context).rule).toBeUndefined();
    expect(evaluatePushRules({ content: [rule(undefined, { pattern: "cake" })] }, event({ body: "a cake" }), context).rule).toBeDefined();
    expect(evaluatePushRules({ content: [rule(undefined, { pattern: "cake" })] }, event({ text: "a cake" }), context).rule).toBeUndefined();
  });

  it("no rule matches: no notification (\"the homeserver MUST NOT notify\")", () => {
    expect(evaluatePushRules({}, event({}), context)).toEqual({ rule: undefined, kind: undefined, actions: [], notify: false, highlight: false, sound: undefined, tweaks: {} });
  });

  it("the user's own events match nothing, even under rules that match everything", () => {
    const all = mergeWithDefaults({ override: [rule([])] }, defaultPushRules(ME));
    expect(evaluatePushRules(all, event({ body: "hi" }, { sender: ME }), context).rule).toBeUndefined();
  });
});

describe("actions (client-server 'Actions', 'Historical Actions')", () => {
  it("notify, sound and highlight; highlight given without a value is true", () => {
    expect(actionOutcome(["notify", { set_tweak: "sound", value: "default" }, { set_tweak: "highlight" }])).toEqual({
      notify: true,
      highlight: true,
      sound: "default",
      tweaks: { sound: "default", highlight: true },
    });
  });

  it("no highlight tweak: false; highlight false: false; no notify: notify false", () => {
    expect(actionOutcome(["notify"])).toMatchObject({ notify: true, highlight: false, sound: undefined, tweaks: {} });
    expect(actionOutcome(["notify", { set_tweak: "highlight", value: false }])).toMatchObject({ highlight: false, tweaks: { highlight: false } });
    expect(actionOutcome([{ set_tweak: "sound", value: "x" }])).toMatchObject({ notify: false, sound: "x" });
  });

  it("other tweaks pass through to `tweaks`; a later tweak of the same name wins; odd entries are skipped", () => {
    const outcome = actionOutcome([{ set_tweak: "org.example.led", value: { colour: "red" } }, { set_tweak: "sound", value: "a" }, { set_tweak: "sound", value: "b" }, 5, null, [], { set_tweak: 3 }, { set_tweak: "__proto__", value: 1 }]);
    expect(outcome.tweaks).toEqual({ "org.example.led": { colour: "red" }, sound: "b", ["__proto__"]: 1 });
    expect(Object.getPrototypeOf(outcome.tweaks)).toBe(Object.prototype);
    expect(outcome.sound).toBe("b");
  });

  it("a rule with [\"dont_notify\"] equals one with no actions; coalesce is ignored too", () => {
    const result = evaluatePushRules({ override: [rule([], { actions: ["dont_notify", "coalesce"] })] }, event({}), context);
    expect(result).toMatchObject({ rule: { rule_id: "r" }, actions: [], notify: false });
    const kept = evaluatePushRules({ override: [rule([], { actions: ["coalesce", "notify"] })] }, event({}), context);
    expect(kept).toMatchObject({ actions: ["notify"], notify: true });
  });
});

describe("evaluation never throws on any event content", () => {
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const strings = ["", "m.room.message", "m.notice", ME, OTHER, "@room", "Alice Smith", "invite", "m.replace", "😀", "constructor", "__proto__"];
  function value(depth: number): unknown {
    const choice = Math.floor(random() * (depth > 2 ? 5 : 8));
    switch (choice) {
      case 0: return pick(strings);
      case 1: return Math.floor(random() * 5) - 1;
      case 2: return random() < 0.5;
      case 3: return null;
      case 4: return random() * 1e300;
      case 5: return Array.from({ length: Math.floor(random() * 3) }, () => value(depth + 1));
      default: return objectValue(depth + 1);
    }
  }
  function objectValue(depth: number): Record<string, unknown> {
    const keys = ["type", "state_key", "sender", "room_id", "content", "body", "msgtype", "membership", "m.mentions", "user_ids", "room", "m.relates_to", "rel_type", "__proto__", "toString"];
    const out: Record<string, unknown> = {};
    for (let i = Math.floor(random() * 5); i > 0; i -= 1) Object.defineProperty(out, pick(keys), { value: value(depth), enumerable: true, configurable: true, writable: true });
    return out;
  }

  it("5000 random events against the defaults plus odd hand-built rules", () => {
    const odd = [
      { rule_id: "no-conditions-array", default: false, enabled: true, actions: "notify", conditions: "x" },
      { rule_id: "null-condition", default: false, enabled: true, actions: ["notify"], conditions: [null, 5] },
      { rule_id: "bad-params", default: false, enabled: true, actions: [null, { set_tweak: {} }], conditions: [{ kind: "event_match", key: 5, pattern: {} }, { kind: "room_member_count", is: 2 }, { kind: "event_property_contains", key: "content", value: {} }] },
      null,
    ] as unknown as PushRule[];
    const rules = mergeWithDefaults({ override: odd.slice(0, 3) }, defaultPushRules(ME));
    const withNull: PushRuleset = { ...rules, underride: [...(rules.underride ?? []), ...(odd.slice(3))], content: [rule(undefined, { pattern: "*" })] };
    let notified = 0;
    for (let n = 0; n < 5000; n += 1) {
      const result = evaluatePushRules(withNull, objectValue(0), { ...context, roomMemberCount: Math.floor(random() * 4), senderPowerLevel: Math.floor(random() * 101) });
      if (result.notify) notified += 1;
    }
    expect(notified).toBeGreaterThan(0);
  });
});

describe("a memo shared by one event's recipients", () => {
  const users = ["@alice:example.org", "@bob:example.org", "@carol:example.org", "@dave:example.org"];
  const displayNames: Record<string, string> = { "@alice:example.org": "Alice", "@bob:example.org": "Bob" };
  const customised: PushRuleset = {
    override: [{ rule_id: ".m.rule.suppress_notices", default: true, enabled: false, actions: [] }],
    underride: [{ rule_id: "lunch", default: false, enabled: true, conditions: [{ kind: "contains_display_name" }], actions: ["notify", { set_tweak: "highlight" }] }],
  };
  const events = [
    event({ msgtype: "m.text", body: "hello" }),
    event({ msgtype: "m.notice", body: "a notice for Bob" }),
    event({ msgtype: "m.text", body: "hey Alice", "m.mentions": { user_ids: ["@carol:example.org"] } }),
    event({ msgtype: "m.text", body: "@room", "m.mentions": { room: true } }),
    { type: "m.room.member", state_key: "@dave:example.org", sender: OTHER, room_id: ROOM, content: { membership: "invite" } },
    event({ msgtype: "m.text", body: "edit", "m.relates_to": { rel_type: "m.replace", event_id: "$x" } }),
  ];

  it("gives every recipient what evaluating alone gives, default rules or customised ones", () => {
    for (const roomMemberCount of [2, 5]) {
      for (const subject of events) {
        const memo = new PushEvaluationMemo();
        for (const userId of users) {
          const ruleset = mergeWithDefaults(userId === "@bob:example.org" ? customised : undefined, defaultPushRules(userId));
          const userContext = { ...context, userId, displayName: displayNames[userId], roomMemberCount, senderPowerLevel: 50 };
          const alone = evaluatePushRules(ruleset, subject, userContext);
          const shared = evaluatePushRules(ruleset, subject, userContext, memo);
          expect({ userId, rule: shared.rule?.rule_id, notify: shared.notify, highlight: shared.highlight }).toEqual({
            userId,
            rule: alone.rule?.rule_id,
            notify: alone.notify,
            highlight: alone.highlight,
          });
        }
      }
    }
  });

  it("keeps display-name rules per user: the same rule object, a different answer for each name", () => {
    const byName: PushRuleset = { override: [rule([{ kind: "contains_display_name" }])] };
    const memo = new PushEvaluationMemo();
    const subject = event({ msgtype: "m.text", body: "thanks Bob" });
    expect(evaluatePushRules(byName, subject, { ...context, userId: "@alice:example.org", displayName: "Alice" }, memo).rule).toBeUndefined();
    expect(evaluatePushRules(byName, subject, { ...context, userId: "@bob:example.org", displayName: "Bob" }, memo).rule).toBe(byName.override![0]);
  });

  it("users' default rules are shared frozen objects, except the ones naming the user", () => {
    const a = mergeWithDefaults(undefined, defaultPushRules("@alice:example.org"));
    const b = mergeWithDefaults(undefined, defaultPushRules("@bob:example.org"));
    const find = (ruleset: PushRuleset, kind: "override" | "underride", id: string) => ruleset[kind]!.find((candidate) => candidate.rule_id === id)!;
    expect(find(a, "underride", ".m.rule.message")).toBe(find(b, "underride", ".m.rule.message"));
    expect(Object.isFrozen(find(a, "underride", ".m.rule.message").conditions![0])).toBe(true);
    expect(find(a, "override", ".m.rule.is_user_mention")).not.toBe(find(b, "override", ".m.rule.is_user_mention"));
    expect(find(a, "override", ".m.rule.invite_for_me")).not.toBe(find(b, "override", ".m.rule.invite_for_me"));
  });
});
