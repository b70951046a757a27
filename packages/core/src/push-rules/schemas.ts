import { z } from "zod";
import type { JsonValue } from "../json/canonical-json.js";
import { isHistoricalAction } from "./actions.js";
import { ROOM_MEMBER_COUNT_IS } from "./room-member-count.js";
import type {
  PushAction,
  PushCondition,
  PushConditionValue,
  PushRule,
  PushRuleKind,
  PushRuleset,
  PushRulesContent,
  SetTweakAction,
} from "./types.js";

// Zod schemas of client-server definitions push_condition.yaml, push_rule.yaml,
// push_ruleset.yaml and event m.push_rules, plus what the "Push Rules" prose
// requires of each kind. Objects are loose: keys the spec does not define
// are kept, so stored rules round-trip.

const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)]),
);

/** The non-compound canonical JSON values: string, integer in ±(2^53−1), boolean, null. */
export const pushConditionValueSchema: z.ZodType<PushConditionValue> = z.union([z.string(), z.int(), z.boolean(), z.null()], {
  error: "must be a string, an integer in ±(2^53−1), a boolean or null",
});

const eventMatchSchema = z.looseObject({ kind: z.literal("event_match"), key: z.string(), pattern: z.string() });
const eventPropertyIsSchema = z.looseObject({ kind: z.literal("event_property_is"), key: z.string(), value: pushConditionValueSchema });
const eventPropertyContainsSchema = z.looseObject({
  kind: z.literal("event_property_contains"),
  key: z.string(),
  value: pushConditionValueSchema,
});
const containsDisplayNameSchema = z.looseObject({ kind: z.literal("contains_display_name") });
const roomMemberCountSchema = z.looseObject({
  kind: z.literal("room_member_count"),
  is: z.string().regex(ROOM_MEMBER_COUNT_IS, { error: 'must be a decimal integer with an optional "==", "<", ">", "<=" or ">=" prefix' }),
});
const senderNotificationPermissionSchema = z.looseObject({ kind: z.literal("sender_notification_permission"), key: z.string() });

const KNOWN_CONDITION_SCHEMAS: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  ["event_match", eventMatchSchema],
  ["event_property_is", eventPropertyIsSchema],
  ["event_property_contains", eventPropertyContainsSchema],
  ["contains_display_name", containsDisplayNameSchema],
  ["room_member_count", roomMemberCountSchema],
  ["sender_notification_permission", senderNotificationPermissionSchema],
]);

/** The condition kinds the spec (v1.19) defines. */
export const KNOWN_CONDITION_KINDS: ReadonlySet<string> = new Set(KNOWN_CONDITION_SCHEMAS.keys());

/** Reports `schema`'s issues with `value` as issues of the enclosing check. */
function forwardIssues(schema: z.ZodType, value: unknown, ctx: z.RefinementCtx): void {
  const result = schema.safeParse(value);
  if (result.success) return;
  for (const issue of result.error.issues) ctx.addIssue({ ...issue });
}

/**
 * A condition. A known kind must carry its parameters with the right types,
 * checked by its `kind` so the error names that kind's parameters; a kind
 * this version does not define is kept as it is (it never matches).
 */
export const pushConditionSchema: z.ZodType<PushCondition> = z.looseObject({ kind: z.string() }).superRefine((condition, ctx) => {
  const schema = KNOWN_CONDITION_SCHEMAS.get(condition.kind);
  if (schema !== undefined) forwardIssues(schema, condition, ctx);
});

/** `{ "set_tweak": ..., "value": ... }`; `highlight` takes a boolean and `sound` a string. */
export const setTweakActionSchema: z.ZodType<SetTweakAction> = z
  .looseObject({ set_tweak: z.string(), value: jsonValueSchema.optional() })
  .superRefine((action, ctx) => {
    if (action.set_tweak === "highlight" && action.value !== undefined && typeof action.value !== "boolean") {
      ctx.addIssue({ code: "custom", path: ["value"], message: "the highlight tweak takes a boolean", input: action.value });
    }
    if (action.set_tweak === "sound" && action.value !== undefined && typeof action.value !== "string") {
      ctx.addIssue({ code: "custom", path: ["value"], message: "the sound tweak takes a string", input: action.value });
    }
  }) as z.ZodType<SetTweakAction>;

/** An action: a string, a `set_tweak` object, or another action object kept as it is. */
export const pushActionSchema: z.ZodType<PushAction> = z
  .union([z.string(), z.record(z.string(), jsonValueSchema)], { error: "an action is a string or an object" })
  .superRefine((action, ctx) => {
    if (typeof action === "object" && Object.hasOwn(action, "set_tweak")) forwardIssues(setTweakActionSchema, action, ctx);
  });

/** An actions array, with the historical `dont_notify` and `coalesce` stripped ("Historical Actions"). */
export const pushActionsSchema: z.ZodType<readonly PushAction[]> = z
  .array(pushActionSchema)
  .transform((actions) => actions.filter((action) => !isHistoricalAction(action)));

const ruleBase = {
  rule_id: z.string(),
  default: z.boolean(),
  enabled: z.boolean(),
  actions: pushActionsSchema,
};

/** `override` / `underride`: conditions, all of which must hold. */
const conditionalRuleSchema = z.looseObject({ ...ruleBase, conditions: z.array(pushConditionSchema).optional() });
/** `content`: a glob `pattern` over the words of `content.body`. */
const contentRuleSchema = z.looseObject({ ...ruleBase, pattern: z.string() });
/** `room` / `sender`: the rule ID is the room or user ID the rule is about. */
const idRuleSchema = z.looseObject(ruleBase);

const RULE_SCHEMAS: Record<PushRuleKind, z.ZodType<PushRule>> = {
  override: conditionalRuleSchema,
  content: contentRuleSchema,
  room: idRuleSchema,
  sender: idRuleSchema,
  underride: conditionalRuleSchema,
};

/** The schema of a rule of `kind` (content rules need `pattern`; override/underride may have `conditions`). */
export function pushRuleSchemaFor(kind: PushRuleKind): z.ZodType<PushRule> {
  return RULE_SCHEMAS[kind];
}

/** A ruleset: each kind's rules, most important first. */
export const pushRulesetSchema: z.ZodType<PushRuleset> = z.looseObject({
  override: z.array(RULE_SCHEMAS.override).optional(),
  content: z.array(RULE_SCHEMAS.content).optional(),
  room: z.array(RULE_SCHEMAS.room).optional(),
  sender: z.array(RULE_SCHEMAS.sender).optional(),
  underride: z.array(RULE_SCHEMAS.underride).optional(),
});

/** The content of `m.push_rules` (event-schemas m.push_rules.yaml). */
export const pushRulesContentSchema: z.ZodType<PushRulesContent> = z.looseObject({ global: pushRulesetSchema.optional() });
