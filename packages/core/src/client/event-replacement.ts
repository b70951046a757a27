import { isJsonObject } from "../events/json-object.js";
import { compareCodePoints, type JsonObject } from "../json/canonical-json.js";

// Spec: client-server module "Event replacements" (validity of replacement
// events, applying `m.new_content`, which replacement is the most recent,
// redactions of edited events).

/**
 * What the replacement rules read of an event, in client format. For an
 * encrypted event pass the decrypted `type` and `content` with the cleartext
 * `m.relates_to`: the spec reads `m.new_content` from the decrypted payload
 * and the relation from the cleartext.
 */
export interface RelatedEvent {
  readonly event_id: string;
  /** Compared when either event has one: a replacement must be in the original's room. */
  readonly room_id?: string;
  readonly type: string;
  readonly sender: string;
  readonly state_key?: string;
  readonly content: JsonObject;
  readonly origin_server_ts: number;
  readonly unsigned?: { readonly redacted_because?: unknown; readonly [key: string]: unknown };
}

export type ReplacementCheck = { readonly valid: true } | { readonly valid: false; readonly reason: string };

function relationOf(event: RelatedEvent): Record<string, unknown> | undefined {
  const relatesTo = isJsonObject(event.content) ? event.content["m.relates_to"] : undefined;
  return isJsonObject(relatesTo) ? relatesTo : undefined;
}

/** True when the event's `m.relates_to` is an `m.replace` relation (of any event). */
export function isReplacementEvent(event: RelatedEvent): boolean {
  return relationOf(event)?.rel_type === "m.replace";
}

const invalid = (reason: string): ReplacementCheck => ({ valid: false, reason });

/**
 * Whether `replacement` validly replaces `original` ("Validity of
 * replacement events"): it relates to the original with `m.replace`; same
 * room, same sender, same type; neither is a state event; the original is
 * not itself an edit; the replacement has an `m.new_content` object. Invalid
 * replacements are to be ignored.
 */
export function checkReplacement(original: RelatedEvent, replacement: RelatedEvent): ReplacementCheck {
  const relation = relationOf(replacement);
  if (relation?.rel_type !== "m.replace") return invalid("the event has no m.replace relation");
  if (relation.event_id !== original.event_id) return invalid(`the event replaces ${JSON.stringify(relation.event_id ?? null)}, not ${original.event_id}`);
  if (original.room_id !== replacement.room_id) return invalid("the events are in different rooms");
  if (original.sender !== replacement.sender) return invalid("the events have different senders");
  if (original.type !== replacement.type) return invalid("the events have different types");
  if (original.state_key !== undefined || replacement.state_key !== undefined) return invalid("state events cannot be edited");
  if (isReplacementEvent(original)) return invalid("the original is itself an edit");
  if (!isJsonObject(replacement.content["m.new_content"])) return invalid("the replacement has no m.new_content object");
  return { valid: true };
}

/**
 * Later is more recent: by `origin_server_ts`, then by the lexicographically
 * largest `event_id` ("Server-side aggregation of m.replace relationships",
 * "Client behaviour").
 */
function moreRecent(a: RelatedEvent, b: RelatedEvent): boolean {
  if (a.origin_server_ts !== b.origin_server_ts) return a.origin_server_ts > b.origin_server_ts;
  return compareCodePoints(a.event_id, b.event_id) > 0;
}

/** The most recent valid replacement of `original` among `candidates`, or undefined. */
export function latestReplacement<T extends RelatedEvent>(original: RelatedEvent, candidates: Iterable<T>): T | undefined {
  let latest: T | undefined;
  for (const candidate of candidates) {
    if (!checkReplacement(original, candidate).valid) continue;
    if (latest === undefined || moreRecent(candidate, latest)) latest = candidate;
  }
  return latest;
}

/**
 * The original's content as replaced ("Applying m.new_content"): overwritten
 * entirely by `m.new_content`, except that `m.relates_to` stays the
 * original's (one in `m.new_content` is ignored). Does not check validity:
 * see `checkReplacement`.
 */
export function applyReplacement(originalContent: JsonObject, replacement: RelatedEvent): JsonObject {
  const newContent = replacement.content["m.new_content"];
  const replaced: JsonObject = {};
  if (isJsonObject(newContent)) {
    for (const [key, value] of Object.entries(newContent)) {
      if (key !== "m.relates_to") replaced[key] = value;
    }
  }
  if (Object.hasOwn(originalContent, "m.relates_to")) replaced["m.relates_to"] = originalContent["m.relates_to"]!;
  return replaced;
}

/**
 * The content a client shows for `original` given the replacements it knows
 * of: that of the most recent valid replacement applied, or the original's
 * own. A redacted original shows its (redacted) content and no edits
 * ("Redactions of edited events").
 */
export function displayedContent(original: RelatedEvent, replacements: Iterable<RelatedEvent>): JsonObject {
  if (original.unsigned?.redacted_because !== undefined) return original.content;
  const latest = latestReplacement(original, replacements);
  return latest === undefined ? original.content : applyReplacement(original.content, latest);
}
