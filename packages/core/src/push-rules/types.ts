import type { JsonValue } from "../json/canonical-json.js";

// The shapes of client-server "Push Rules" (definitions push_rule.yaml,
// push_condition.yaml, push_ruleset.yaml; event m.push_rules).

/** The kinds of rule, in the order they are checked (client-server "Push Rules"). */
export const PUSH_RULE_KINDS = ["override", "content", "room", "sender", "underride"] as const;
export type PushRuleKind = (typeof PUSH_RULE_KINDS)[number];

/**
 * What `event_property_is` and `event_property_contains` compare against:
 * the non-compound canonical JSON values (string, integer in ±(2^53−1),
 * boolean, null).
 */
export type PushConditionValue = string | number | boolean | null;

/** Glob match on an event property (`*`, `?`; case-insensitive; whole value, or words of `content.body`). */
export interface EventMatchCondition {
  readonly kind: "event_match";
  /** Dot-separated property path (appendix "Dot-separated property paths"). */
  readonly key: string;
  readonly pattern: string;
}

/** Exact match of a non-compound property value. */
export interface EventPropertyIsCondition {
  readonly kind: "event_property_is";
  readonly key: string;
  readonly value: PushConditionValue;
}

/** An array property that contains the value exactly. */
export interface EventPropertyContainsCondition {
  readonly kind: "event_property_contains";
  readonly key: string;
  readonly value: PushConditionValue;
}

/** Deprecated since v1.17 but still defined: `content.body` contains the user's display name. */
export interface ContainsDisplayNameCondition {
  readonly kind: "contains_display_name";
}

/** The room's member count against `is`: a decimal integer with an optional `==`, `<`, `>`, `<=`, `>=` prefix. */
export interface RoomMemberCountCondition {
  readonly kind: "room_member_count";
  readonly is: string;
}

/** The sender's power level is at least the room's `notifications[key]` level. */
export interface SenderNotificationPermissionCondition {
  readonly kind: "sender_notification_permission";
  readonly key: string;
}

/**
 * A condition of a kind this version of the spec does not define. It is kept
 * (so stored rules survive) but never matches: "Unrecognised conditions MUST
 * NOT match any events".
 */
export interface UnknownPushCondition {
  readonly kind: string;
  readonly [parameter: string]: unknown;
}

export type KnownPushCondition =
  | EventMatchCondition
  | EventPropertyIsCondition
  | EventPropertyContainsCondition
  | ContainsDisplayNameCondition
  | RoomMemberCountCondition
  | SenderNotificationPermissionCondition;

export type PushCondition = KnownPushCondition | UnknownPushCondition;

/** `{ "set_tweak": name, "value": ... }`: an entry of the notification's `tweaks`. */
export interface SetTweakAction {
  readonly set_tweak: string;
  readonly value?: JsonValue;
  readonly [key: string]: JsonValue | undefined;
}

/**
 * An action: `"notify"`, a `set_tweak` object, or an action this version does
 * not define (a string, or an object keyed by its name), kept as it is.
 * The historical `"dont_notify"` and `"coalesce"` are stripped on parsing and
 * ignored by evaluation.
 */
export type PushAction = string | SetTweakAction | { readonly [key: string]: JsonValue };

export interface PushRule {
  readonly rule_id: string;
  /** Whether this is a server-default rule (IDs starting with "."). */
  readonly default: boolean;
  readonly enabled: boolean;
  readonly actions: readonly PushAction[];
  /** `override` and `underride` rules only; absent or empty: always matches. */
  readonly conditions?: readonly PushCondition[];
  /** `content` rules only: the glob matched against words of `content.body`. */
  readonly pattern?: string;
}

/** A ruleset (`global`): the rules of each kind, most important first. */
export type PushRuleset = { readonly [K in PushRuleKind]?: readonly PushRule[] };

/** The content of the `m.push_rules` account-data event. */
export interface PushRulesContent {
  readonly global?: PushRuleset;
}
