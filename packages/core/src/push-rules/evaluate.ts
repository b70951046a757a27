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

/**
 * What one event's evaluations for all its recipients can share (create one
 * per event and pass it to each `evaluatePushRules` call for that event).
 * Every condition but `contains_display_name` depends only on the event and
 * the room (member count, the sender's power level), never on whose rules
 * they are, so a rule without that condition holds for every recipient or
 * for none. Rules are recognised by object: the server-default rules are
 * shared between users (`defaultPushRules`, `mergeWithDefaults`), so each is
 * tested once per event. Rules must not be changed while a memo is in use.
 */
export class PushEvaluationMemo {
  readonly #results: Map<PushRule, boolean>[] = PUSH_RULE_KINDS.map(() => new Map<PushRule, boolean>());

  /** The rule's result for this event, testing it on first use. */
  matches(kindIndex: number, kind: PushRuleKind, rule: PushRule, event: unknown, context: PushEvaluationContext): boolean {
    if (!isUserIndependent(rule)) return ruleMatches(kind, rule, event, context);
    const results = this.#results[kindIndex]!;
    let result = results.get(rule);
    if (result === undefined) results.set(rule, (result = ruleMatches(kind, rule, event, context)));
    return result;
  }
}

const userIndependence = new WeakMap<PushRule, boolean>();

function isUserIndependent(rule: PushRule): boolean {
  let known = userIndependence.get(rule);
  if (known === undefined) {
    const conditions: unknown = rule.conditions;
    known = !Array.isArray(conditions) || !conditions.some((condition) => (condition as { kind?: unknown } | null)?.kind === "contains_display_name");
    userIndependence.set(rule, known);
  }
  return known;
}

/** A matched rule's evaluation, made once per rule object (it depends on the rule alone). */
const evaluations = new WeakMap<PushRule, PushEvaluation>();

function evaluationOf(kind: PushRuleKind, rule: PushRule): PushEvaluation {
  const known = evaluations.get(rule);
  if (known?.kind === kind) return known;
  const actions = Object.freeze(Array.isArray(rule.actions) ? stripHistoricalActions(rule.actions) : []);
  const evaluation = Object.freeze({ rule, kind, actions, ...actionOutcome(actions) });
  evaluations.set(rule, evaluation);
  return evaluation;
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
 *
 * `memo`: pass one `PushEvaluationMemo` to the evaluations of one event for
 * all its recipients, so the rules they share are tested once. The result
 * is frozen and may be shared between calls.
 */
export function evaluatePushRules(ruleset: PushRuleset, event: object, context: PushEvaluationContext, memo?: PushEvaluationMemo): PushEvaluation {
  if (propertyAt(event, "sender") === context.userId) return NO_MATCH;
  for (let kindIndex = 0; kindIndex < PUSH_RULE_KINDS.length; kindIndex++) {
    const kind = PUSH_RULE_KINDS[kindIndex]!;
    const rules: unknown = ruleset[kind];
    if (!Array.isArray(rules)) continue;
    for (const rule of rules as unknown[]) {
      if (!isEnabledRule(rule)) continue;
      const matched = memo ? memo.matches(kindIndex, kind, rule, event, context) : ruleMatches(kind, rule, event, context);
      if (matched) return evaluationOf(kind, rule);
    }
  }
  return NO_MATCH;
}
