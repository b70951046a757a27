import type { PushAction, PushRule, PushRuleset } from "./types.js";

// client-server "Predefined Rules" (v1.19): the server-default rules, in the
// spec's order. Since v1.17 the legacy rules that looked for mentions in
// `content.body` (`.m.rule.contains_display_name`, `.m.rule.roomnotif`,
// `.m.rule.contains_user_name`) are removed, so there are no default
// content rules; the `contains_display_name` condition itself remains.

function notifyWithDefaultSound(): PushAction[] {
  return ["notify", { set_tweak: "sound", value: "default" }];
}

/**
 * One deeply frozen object per distinct rule, shared by every user whose
 * defaults include it: evaluation memos (PushEvaluationMemo) are keyed by
 * rule object, so a shared rule is tested once per event for all its
 * recipients. Rules that name the user (invite_for_me, is_user_mention) are
 * distinct per user; past the cap, new ones are simply not kept.
 */
const sharedRules = new Map<string, PushRule>();
const MAX_SHARED_RULES = 10_000;

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function defaultRule(rule_id: string, conditions: PushRule["conditions"], actions: readonly PushAction[], enabled = true): PushRule {
  const rule: PushRule = { rule_id, default: true, enabled, conditions, actions };
  const key = JSON.stringify(rule);
  const known = sharedRules.get(key);
  if (known) return known;
  if (sharedRules.size < MAX_SHARED_RULES) sharedRules.set(key, rule);
  return deepFreeze(rule);
}

function typeIs(pattern: string) {
  return { kind: "event_match", key: "type", pattern } as const;
}

/** Default override rules ("Default Override Rules"), most important first. */
function defaultOverrideRules(userId: string): PushRule[] {
  return [
    // Matches everything; disabled by default. Enabling it silences all notifications.
    defaultRule(".m.rule.master", [], [], false),
    defaultRule(".m.rule.suppress_notices", [{ kind: "event_match", key: "content.msgtype", pattern: "m.notice" }], []),
    defaultRule(
      ".m.rule.invite_for_me",
      [typeIs("m.room.member"), { kind: "event_match", key: "content.membership", pattern: "invite" }, { kind: "event_match", key: "state_key", pattern: userId }],
      notifyWithDefaultSound(),
    ),
    defaultRule(".m.rule.member_event", [typeIs("m.room.member")], []),
    defaultRule(
      ".m.rule.is_user_mention",
      [{ kind: "event_property_contains", key: "content.m\\.mentions.user_ids", value: userId }],
      [...notifyWithDefaultSound(), { set_tweak: "highlight" }],
    ),
    defaultRule(
      ".m.rule.is_room_mention",
      [
        { kind: "event_property_is", key: "content.m\\.mentions.room", value: true },
        { kind: "sender_notification_permission", key: "room" },
      ],
      ["notify", { set_tweak: "highlight" }],
    ),
    defaultRule(".m.rule.tombstone", [typeIs("m.room.tombstone"), { kind: "event_match", key: "state_key", pattern: "" }], [
      "notify",
      { set_tweak: "highlight" },
    ]),
    defaultRule(".m.rule.reaction", [typeIs("m.reaction")], []),
    defaultRule(".m.rule.room.server_acl", [typeIs("m.room.server_acl"), { kind: "event_match", key: "state_key", pattern: "" }], []),
    defaultRule(".m.rule.suppress_edits", [{ kind: "event_property_is", key: "content.m\\.relates_to.rel_type", value: "m.replace" }], []),
  ];
}

/** Default underride rules ("Default Underride Rules"), most important first. */
function defaultUnderrideRules(): PushRule[] {
  return [
    defaultRule(".m.rule.call", [typeIs("m.call.invite")], ["notify", { set_tweak: "sound", value: "ring" }]),
    defaultRule(".m.rule.encrypted_room_one_to_one", [{ kind: "room_member_count", is: "2" }, typeIs("m.room.encrypted")], notifyWithDefaultSound()),
    defaultRule(".m.rule.room_one_to_one", [{ kind: "room_member_count", is: "2" }, typeIs("m.room.message")], notifyWithDefaultSound()),
    defaultRule(".m.rule.message", [typeIs("m.room.message")], ["notify"]),
    defaultRule(".m.rule.encrypted", [typeIs("m.room.encrypted")], ["notify"]),
  ];
}

/**
 * The server-default rules for `userId` exactly as "Predefined Rules" lists
 * them (`[the user's Matrix ID]` filled in), in the spec's order. Note
 * that `.m.rule.invite_for_me` uses the user ID as a
 * glob, as the spec defines it, so a historical user ID with `*` or `?`
 * matches more than itself. The ruleset and its arrays are new each call;
 * the rules are frozen and shared between calls (see `defaultRule`).
 */
export function defaultPushRules(userId: string): PushRuleset {
  return { override: defaultOverrideRules(userId), content: [], room: [], sender: [], underride: defaultUnderrideRules() };
}

/** The ID of the master rule, which stays above every other rule, user-defined ones included. */
export const MASTER_RULE_ID = ".m.rule.master";

/** Server-default rule IDs start with a dot ("Predefined Rules"); user-defined ones must not. */
export function isServerDefaultRuleId(ruleId: string): boolean {
  return ruleId.startsWith(".");
}
