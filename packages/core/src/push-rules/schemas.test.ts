// The zod boundary: client-server definitions push_rule.yaml,
// push_condition.yaml, push_ruleset.yaml, event m.push_rules, the
// "Conditions" parameters, "Actions" and "Historical Actions".
import { describe, expect, it } from "vitest";
import { MatrixCoreError } from "../errors.js";
import { loadEventExamples } from "../../test/spec/event-examples.js";
import { PushRuleFormatError } from "./errors.js";
import { parsePushActions, parsePushRule, parsePushRulesContent, parsePushRuleset } from "./parse.js";

const base = { rule_id: "mine", default: false, enabled: true, actions: ["notify"] };

function failure(parse: () => unknown): PushRuleFormatError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(PushRuleFormatError);
    expect(error).toBeInstanceOf(MatrixCoreError);
    expect((error as PushRuleFormatError).code).toBe("INVALID_PUSH_RULE");
    return error as PushRuleFormatError;
  }
  throw new Error("expected a PushRuleFormatError");
}

describe("parsing the spec's own examples", () => {
  it("the m.push_rules event example parses", () => {
    const [example] = loadEventExamples("m.push_rules");
    expect(example).toBeDefined();
    const content = parsePushRulesContent(example!.event.content);
    expect(content.global?.override?.[0]?.rule_id).toBe(".m.rule.master");
  });

  it("an excerpt of push_ruleset.yaml's example parses (that file is YAML, so the excerpt is copied here)", () => {
    const ruleset = parsePushRuleset({
      override: [{ actions: [], conditions: [], default: true, enabled: false, rule_id: ".m.rule.master" }],
      room: [],
      sender: [],
      underride: [{ actions: ["notify", { set_tweak: "sound", value: "ring" }, { set_tweak: "highlight", value: false }], conditions: [{ key: "type", kind: "event_match", pattern: "m.call.invite" }], default: true, enabled: true, rule_id: ".m.rule.call" }],
    });
    expect(ruleset.underride?.[0]?.actions).toHaveLength(3);
  });
});

describe("rules", () => {
  it("a content rule needs a string pattern", () => {
    expect(parsePushRule("content", { ...base, pattern: "cake*lie" }).pattern).toBe("cake*lie");
    expect(failure(() => parsePushRule("content", base)).path).toBe("pattern");
    expect(failure(() => parsePushRule("content", { ...base, pattern: 5 })).path).toBe("pattern");
  });

  it("rule_id, default, enabled and actions are required (push_rule.yaml)", () => {
    for (const key of ["rule_id", "default", "enabled", "actions"] as const) {
      const { [key]: _, ...rest } = base;
      const error = failure(() => parsePushRule("override", rest));
      expect(error.path).toBe(key);
      expect(error.message).toContain("is required but missing");
    }
    expect(failure(() => parsePushRule("override", { ...base, enabled: "yes" })).path).toBe("enabled");
  });

  it("keys the spec does not define are kept (stored rules round-trip)", () => {
    expect(parsePushRule("room", { ...base, rule_id: "!r:x", "org.example.extra": 1 })).toMatchObject({ "org.example.extra": 1 });
  });

  it("a ruleset names the bad rule's place", () => {
    const error = failure(() => parsePushRuleset({ override: [base, { ...base, conditions: [{ kind: "event_match", key: "type", pattern: 5 }] }] }));
    expect(error.path).toBe("override[1].conditions[0].pattern");
    expect(error.message).toContain("override[1].conditions[0].pattern");
    expect(failure(() => parsePushRuleset({ content: [base] })).path).toBe("content[0].pattern");
    expect(failure(() => parsePushRuleset("rules")).path).toBe("(root)");
    expect(failure(() => parsePushRulesContent({ global: { underride: {} } })).path).toBe("global.underride");
  });
});

describe("conditions (client-server 'Conditions')", () => {
  const withCondition = (condition: unknown) => () => parsePushRule("override", { ...base, conditions: [condition] });

  it("each known kind with its parameters parses", () => {
    const conditions = [
      { kind: "event_match", key: "content.body", pattern: "cake" },
      { kind: "event_property_is", key: "content.m\\.federate", value: true },
      { kind: "event_property_is", key: "content.n", value: null },
      { kind: "event_property_contains", key: "content.alt_aliases", value: "#a:b" },
      { kind: "event_property_contains", key: "content.n", value: -(2 ** 53) + 1 },
      { kind: "contains_display_name" },
      { kind: "room_member_count", is: "2" },
      { kind: "room_member_count", is: "<=10" },
      { kind: "room_member_count", is: ">=3" },
      { kind: "room_member_count", is: "==1" },
      { kind: "sender_notification_permission", key: "room" },
    ];
    expect(parsePushRule("override", { ...base, conditions }).conditions).toEqual(conditions);
  });

  it("non-string patterns and keys are rejected", () => {
    expect(failure(withCondition({ kind: "event_match", key: "type", pattern: 5 })).path).toBe("conditions[0].pattern");
    expect(failure(withCondition({ kind: "event_match", key: "type" })).message).toContain("conditions[0].pattern: is required but missing");
    expect(failure(withCondition({ kind: "event_match", key: ["type"], pattern: "x" })).path).toBe("conditions[0].key");
    expect(failure(withCondition({ kind: "sender_notification_permission" })).path).toBe("conditions[0].key");
  });

  it("event_property_is/contains take only non-compound canonical JSON values", () => {
    for (const value of [1.5, 2 ** 53, { a: 1 }, [1], undefined]) {
      expect(failure(withCondition({ kind: "event_property_is", key: "k", value })).path).toBe("conditions[0].value");
      expect(failure(withCondition({ kind: "event_property_contains", key: "k", value })).path).toBe("conditions[0].value");
    }
  });

  it("room_member_count `is` must be a decimal integer with an optional ==, <, >, <=, >= prefix", () => {
    for (const is of ["", "=2", "!=2", "< 2", "2.0", "-1", "two", "<<2", "=<2"]) {
      expect(failure(withCondition({ kind: "room_member_count", is })).path).toBe("conditions[0].is");
    }
    expect(failure(withCondition({ kind: "room_member_count", is: 2 })).path).toBe("conditions[0].is");
  });

  it("a condition kind the spec does not define is kept with its parameters (it will never match)", () => {
    const unknown = { kind: "org.example.future", anything: [1, { x: 2 }] };
    expect(parsePushRule("override", { ...base, conditions: [unknown] }).conditions).toEqual([unknown]);
    expect(parsePushRule("override", { ...base, conditions: [{ kind: "constructor" }] }).conditions).toEqual([{ kind: "constructor" }]);
  });

  it("a condition without a string kind is rejected", () => {
    expect(failure(withCondition({ key: "type", pattern: "x" })).path).toBe("conditions[0].kind");
    expect(failure(withCondition("event_match")).path).toBe("conditions[0]");
  });
});

describe("actions (client-server 'Actions', 'Historical Actions')", () => {
  it("notify, set_tweak with and without value, and unknown actions are kept", () => {
    const actions = ["notify", { set_tweak: "sound", value: "default" }, { set_tweak: "highlight" }, { set_tweak: "custom", value: { x: [1] } }, "org.example.act", { "org.example.obj": 1 }];
    expect(parsePushActions(actions)).toEqual(actions);
  });

  it("dont_notify and coalesce are stripped: [\"dont_notify\"] is the same as []", () => {
    expect(parsePushActions(["dont_notify"])).toEqual([]);
    expect(parsePushActions(["notify", "coalesce", { set_tweak: "highlight" }, "dont_notify"])).toEqual(["notify", { set_tweak: "highlight" }]);
    expect(parsePushRule("override", { ...base, actions: ["dont_notify"] }).actions).toEqual([]);
  });

  it("bad actions are rejected: non-string set_tweak, non-boolean highlight, non-string sound, numbers", () => {
    expect(failure(() => parsePushActions([{ set_tweak: 5 }])).path).toBe("[0].set_tweak");
    expect(failure(() => parsePushActions(["notify", { set_tweak: "highlight", value: "yes" }])).path).toBe("[1].value");
    expect(failure(() => parsePushActions([{ set_tweak: "sound", value: 1 }])).path).toBe("[0].value");
    expect(failure(() => parsePushActions([5])).path).toBe("[0]");
    expect(failure(() => parsePushActions("notify")).path).toBe("(root)");
  });
});
