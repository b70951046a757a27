import { isServerDefaultRuleId, MASTER_RULE_ID } from "./default-rules.js";
import { PUSH_RULE_KINDS, type PushRule, type PushRuleKind, type PushRuleset } from "./types.js";

/**
 * A user's stored rules combined with the server-default rules into the
 * ruleset to evaluate (and to return from `GET /pushrules/`).
 *
 * "Predefined Rules": server-default rules "operate at a lower priority than
 * user-defined rules, except for the `.m.rule.master` rule which has always a
 * higher priority than any other rule". So each kind is the user's rules in
 * their stored order, then the default rules in the spec's order — except
 * override, which starts with the master rule.
 *
 * `userRules` is the user's stored ruleset:
 * - a rule whose ID does not start with "." is user-defined: kept, in order,
 *   as `default: false`;
 * - a rule whose ID starts with "." records the user's changes to the
 *   server-default rule of that ID and kind: its `enabled` and `actions`
 *   replace the default's (`PUT …/enabled`, `PUT …/actions`); conditions and
 *   pattern stay the server's. Such entries that name no current default
 *   rule (for instance the legacy body-mention rules removed in v1.17) are
 *   dropped.
 *
 * `defaults` is normally `defaultPushRules(userId)`. Returns new arrays;
 * unchanged default rules are the objects of `defaults`, every other rule
 * a new object; the inputs are not changed.
 */
export function mergeWithDefaults(userRules: PushRuleset | undefined, defaults: PushRuleset): PushRuleset {
  const merged: { [K in PushRuleKind]: PushRule[] } = { override: [], content: [], room: [], sender: [], underride: [] };
  for (const kind of PUSH_RULE_KINDS) {
    const stored = userRules?.[kind] ?? [];
    const userDefined = stored.filter((rule) => !isServerDefaultRuleId(rule.rule_id)).map((rule) => ({ ...rule, default: false }));
    const changes = new Map<string, PushRule>();
    for (const rule of stored) {
      // The first entry for an ID wins, as it would in evaluation.
      if (isServerDefaultRuleId(rule.rule_id) && !changes.has(rule.rule_id)) changes.set(rule.rule_id, rule);
    }
    const serverDefaults = (defaults[kind] ?? []).map((rule): PushRule => {
      const change = changes.get(rule.rule_id);
      // An unchanged default rule stays the same (frozen, shared) object: evaluation memos key on it.
      return change === undefined ? rule : { ...rule, default: true, enabled: change.enabled, actions: change.actions };
    });
    if (kind === "override") {
      const master = serverDefaults.filter((rule) => rule.rule_id === MASTER_RULE_ID);
      const others = serverDefaults.filter((rule) => rule.rule_id !== MASTER_RULE_ID);
      merged.override = [...master, ...userDefined, ...others];
    } else {
      merged[kind] = [...userDefined, ...serverDefaults];
    }
  }
  return merged;
}
