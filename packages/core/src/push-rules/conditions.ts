import { DEFAULT_NOTIFICATION_LEVELS } from "../power-levels/power-levels.js";
import { containsWords, globMatches } from "./glob.js";
import { propertyAt } from "./property-path.js";
import { roomMemberCountMatches } from "./room-member-count.js";
import type { PushCondition, PushConditionValue } from "./types.js";

/**
 * What conditions read besides the event, for one user and one room. Nothing
 * else: the rules' user ID is in the rules (see `defaultPushRules`).
 */
export interface PushEvaluationContext {
  /** The user whose rules these are; events they sent themselves never notify them. */
  readonly userId: string;
  /** The user's display name in the room (`contains_display_name`); absent or empty: never matches. */
  readonly displayName?: string | undefined;
  /** The room's current member count (`room_member_count`). */
  readonly roomMemberCount: number;
  /** The sender's power level in the room (`sender_notification_permission`). */
  readonly senderPowerLevel: number;
  /**
   * The `notifications` levels of the room's `m.room.power_levels`, as a map
   * (`PowerLevels.notifications`) or the content's object. A key that is
   * absent takes its default from the event schema (`room`: 50); a key
   * with no default cannot be satisfied.
   */
  readonly notificationPowerLevels: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
}

// Each condition reads its parameters defensively: rules may come from
// anywhere (stored JSON, a client's local copy), and evaluation must not
// throw. A missing or mistyped parameter makes the condition not match.

/** client-server "Conditions": whether `condition` holds for `event`. Unknown kinds never match. */
export function conditionMatches(condition: PushCondition, event: unknown, context: PushEvaluationContext): boolean {
  const params = condition as Readonly<Record<string, unknown>>;
  switch (condition.kind) {
    case "event_match":
      return eventMatch(params.key, params.pattern, event);
    case "event_property_is":
      return eventPropertyIs(params.key, params.value, event);
    case "event_property_contains":
      return eventPropertyContains(params.key, params.value, event);
    case "contains_display_name":
      return containsDisplayName(event, context.displayName);
    case "room_member_count":
      return roomMemberCountMatches(params.is, context.roomMemberCount);
    case "sender_notification_permission":
      return senderNotificationPermission(params.key, context);
    default:
      // "Unrecognised conditions MUST NOT match any events."
      return false;
  }
}

/**
 * `event_match`: the property must be a string; the glob covers the whole
 * value, or for `content.body` a word-bounded substring. The special case
 * is on the key as written, as the spec words it.
 */
function eventMatch(key: unknown, pattern: unknown, event: unknown): boolean {
  if (typeof key !== "string" || typeof pattern !== "string") return false;
  const value = propertyAt(event, key);
  return typeof value === "string" && globMatches(pattern, value, key === "content.body");
}

/** A non-compound canonical JSON value: string, integer in ±(2^53−1), boolean, null. */
function isNonCompound(value: unknown): value is PushConditionValue {
  return typeof value === "string" || typeof value === "boolean" || value === null || Number.isSafeInteger(value);
}

function sameValue(a: unknown, b: unknown): boolean {
  // === also makes 0 and -0 equal, which JSON cannot tell apart anyway.
  return isNonCompound(a) && isNonCompound(b) && a === b;
}

/** `event_property_is`: exact match, no casts (`"true"` is not `true`). */
function eventPropertyIs(key: unknown, expected: unknown, event: unknown): boolean {
  if (typeof key !== "string") return false;
  return sameValue(propertyAt(event, key), expected);
}

/** `event_property_contains`: an array property with an element exactly equal; compound elements are ignored. */
function eventPropertyContains(key: unknown, expected: unknown, event: unknown): boolean {
  if (typeof key !== "string" || !isNonCompound(expected)) return false;
  const value = propertyAt(event, key);
  return Array.isArray(value) && value.some((element) => sameValue(element, expected));
}

/** `contains_display_name`: `content.body` has the display name at word boundaries, case-insensitively. */
function containsDisplayName(event: unknown, displayName: string | undefined): boolean {
  if (typeof displayName !== "string" || displayName === "") return false;
  const body = propertyAt(event, "content.body");
  return typeof body === "string" && containsWords(body, displayName);
}

function notificationLevelFor(key: string, levels: PushEvaluationContext["notificationPowerLevels"]): number | undefined {
  let level: unknown;
  if (levels instanceof Map) level = (levels as ReadonlyMap<string, number>).get(key);
  else if (Object.hasOwn(levels, key)) level = (levels as Readonly<Record<string, unknown>>)[key];
  return typeof level === "number" ? level : DEFAULT_NOTIFICATION_LEVELS.get(key);
}

/** `sender_notification_permission`: the sender's level is at least `notifications[key]`. */
function senderNotificationPermission(key: unknown, context: PushEvaluationContext): boolean {
  if (typeof key !== "string") return false;
  const required = notificationLevelFor(key, context.notificationPowerLevels);
  return required !== undefined && context.senderPowerLevel >= required;
}
