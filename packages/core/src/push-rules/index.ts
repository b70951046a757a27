// Push rules (client-server "Push Notifications"): types and zod schemas, the
// server-default rules, merging a user's rules with them, and evaluation —
// shared by the homeserver and clients.
export {
  PUSH_RULE_KINDS,
  type PushRuleKind,
  type PushConditionValue,
  type EventMatchCondition,
  type EventPropertyIsCondition,
  type EventPropertyContainsCondition,
  type ContainsDisplayNameCondition,
  type RoomMemberCountCondition,
  type SenderNotificationPermissionCondition,
  type UnknownPushCondition,
  type KnownPushCondition,
  type PushCondition,
  type SetTweakAction,
  type PushAction,
  type PushRule,
  type PushRuleset,
  type PushRulesContent,
} from "./types.js";
export {
  KNOWN_CONDITION_KINDS,
  pushConditionValueSchema,
  pushConditionSchema,
  setTweakActionSchema,
  pushActionSchema,
  pushActionsSchema,
  pushRuleSchemaFor,
  pushRulesetSchema,
  pushRulesContentSchema,
} from "./schemas.js";
export { PushRuleFormatError } from "./errors.js";
export { parsePushRule, parsePushRuleset, parsePushRulesContent, parsePushActions } from "./parse.js";
export { HISTORICAL_ACTIONS, stripHistoricalActions, actionOutcome, type ActionOutcome } from "./actions.js";
export { defaultPushRules, isServerDefaultRuleId, MASTER_RULE_ID } from "./default-rules.js";
export { mergeWithDefaults } from "./merge.js";
export { globMatches, compileGlob } from "./glob.js";
export { parsePropertyPath, propertyAt } from "./property-path.js";
export { conditionMatches, type PushEvaluationContext } from "./conditions.js";
export { evaluatePushRules, PushEvaluationMemo, type PushEvaluation } from "./evaluate.js";
