import { actionOutcome, stripHistoricalActions, type ActionOutcome } from "./actions.js";
import { conditionMatches, type PushEvaluationContext } from "./conditions.js";
import { globMatches } from "./glob.js";
import { propertyAt } from "./property-path.js";
import { PUSH_RULE_KINDS, type PushAction, type PushCondition, type PushRule, type PushRuleKind, type PushRuleset } from "./types.js";

/** The outcome of a user's push rules for one event. */
export interface PushEvaluation extends ActionOutcome {
  /** The first enabled rule that matched, or undefined: then nothing notifies. */
  readonly rule: PushRule | undefined;
  /** The kind of `rule`. */
  readonly kind: PushRuleKind | undefined;
  /** `rule`'s actions without the historical `dont_notify`/`coalesce`. */
  readonly actions: readonly PushAction[];
}

const NO_MATCH: PushEvaluation = Object.freeze({
  rule: undefined,
  kind: undefined,
  actions: Object.freeze([]),
  notify: false,
  highlight: false,
  sound: undefined,
  tweaks: Object.freeze({}),
});

function isEnabledRule(rule: unknown): rule is PushRule {
  return typeof rule === "object" && rule !== null && (rule as { enabled?: unknown }).enabled === true;
}

/** Whether a rule's own test holds (client-server "Push Rules", each kind). */
function ruleMatches(kind: PushRuleKind, rule: PushRule, event: unknown, context: PushEvaluationContext): boolean {
  switch (kind) {
    case "override":
    case "underride": {
      // "A rule with no conditions always matches"; all must hold.
      const conditions: unknown = rule.conditions;
      if (conditions === undefined) return true;
      if (!Array.isArray(conditions)) return false;
      for (const condition of conditions as unknown[]) {
        if (typeof condition !== "object" || condition === null) return false;
        if (!conditionMatches(condition as PushCondition, event, context)) return false;
      }
      return true;
    }
    case "content": {
      // The pattern against word-bounded substrings of content.body.
      const body = propertyAt(event, "content.body");
      return typeof rule.pattern === "string" && typeof body === "string" && globMatches(rule.pattern, body, true);
    }
    case "room":
      return propertyAt(event, "room_id") === rule.rule_id;
    case "sender":
      return propertyAt(event, "sender") === rule.rule_id;
  }
}

/**
 * Evaluates a user's push rules for an event (client-server "Push Rules"):
 * the kinds in order override, content, room, sender, underride, and within
 * a kind the rules in the ruleset's order; the first enabled rule that
 * matches decides. Pass the merged ruleset (`mergeWithDefaults`) so the
 * server-default rules take part.
 *
 * `event` is the event as JSON (client or federation format): the paths of
 * the conditions (`type`, `state_key`, `content.body`, …) are read from it.
 * Evaluation never throws on event content; odd values just don't match.
 *
 * An event the user sent themselves matches nothing ("Homeservers MUST NOT
 * notify the Push Gateway for events that the user has sent themselves").
 */
export function evaluatePushRules(ruleset: PushRuleset, event: object, context: PushEvaluationContext): PushEvaluation {
  if (propertyAt(event, "sender") === context.userId) return NO_MATCH;
  for (const kind of PUSH_RULE_KINDS) {
    const rules: unknown = ruleset[kind];
    if (!Array.isArray(rules)) continue;
    for (const rule of rules as unknown[]) {
      if (!isEnabledRule(rule) || !ruleMatches(kind, rule, event, context)) continue;
      const actions = Array.isArray(rule.actions) ? stripHistoricalActions(rule.actions) : [];
      return { rule, kind, actions, ...actionOutcome(actions) };
    }
  }
  return NO_MATCH;
}
