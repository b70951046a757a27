import { aggregateRelations, displayedContent, isFoldedRelation, replyTargetOf, type ReactionGroup } from "./relations.js";
import { isRedacted } from "./redaction.js";
import type { PendingEvent, RoomModel, TimelineEvent } from "./types.js";

export type TimelineItem =
  | { readonly kind: "day"; readonly key: string; readonly day: string }
  | {
      readonly kind: "message";
      readonly key: string;
      readonly event: TimelineEvent;
      /** The content to show: the latest edit's `m.new_content`, or the event's own. */
      readonly content: Record<string, unknown>;
      readonly edited: boolean;
      readonly redacted: boolean;
      readonly reactions: readonly ReactionGroup[];
      readonly replyTo: string | undefined;
      /**
       * The replied-to message as it reads now (its latest edit applied), when
       * it is in the loaded timeline (else as fetched on its own); a quote of the original text would show
       * words the sender has since replaced.
       */
      readonly quoted: { readonly sender: string; readonly body: string; readonly redacted: boolean } | undefined;
    }
  | { readonly kind: "state"; readonly key: string; readonly event: TimelineEvent }
  | { readonly kind: "pending"; readonly key: string; readonly pending: PendingEvent };

/** Local calendar day of a timestamp, e.g. "2026-03-01"; a parameter so tests fix the time zone. */
export type DayOf = (ts: number) => string;

export const localDayOf: DayOf = (ts) => {
  const date = new Date(ts);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
};

/**
 * The lines a timeline view renders, oldest first: a day separator wherever
 * the day changes, messages with edits and reactions folded in, state
 * changes as their own lines, and this client's unsent messages last.
 */
export function buildTimelineItems(room: RoomModel, ownUserId: string, dayOf: DayOf = localDayOf): TimelineItem[] {
  const aggregations = aggregateRelations(room.timeline, ownUserId);
  const byId = new Map(room.timeline.map((event) => [event.event_id, event]));
  const quoteOf = (eventId: string | undefined) => {
    // Not in the loaded timeline: the copy fetched on its own, if any (its edits may be unknown).
    const target = eventId === undefined ? undefined : (byId.get(eventId) ?? room.fetchedEvents?.[eventId]);
    if (target === undefined) return undefined;
    if (isRedacted(target)) return { sender: target.sender, body: "", redacted: true };
    const { content } = displayedContent(target, aggregations);
    return { sender: target.sender, body: typeof content.body === "string" ? content.body : "", redacted: false };
  };
  const items: TimelineItem[] = [];
  let currentDay: string | undefined;
  const addDay = (ts: number) => {
    const day = dayOf(ts);
    if (day !== currentDay) {
      currentDay = day;
      items.push({ kind: "day", key: `day:${day}`, day });
    }
  };

  for (const event of room.timeline) {
    if (isFoldedRelation(event) || isHiddenEventType(event)) continue;
    addDay(event.origin_server_ts);
    if (event.state_key !== undefined) {
      items.push({ kind: "state", key: event.event_id, event });
      continue;
    }
    const redacted = isRedacted(event);
    const { content, edited } = redacted ? { content: event.content, edited: false } : displayedContent(event, aggregations);
    items.push({
      kind: "message",
      key: event.event_id,
      event,
      content,
      edited,
      redacted,
      reactions: redacted ? [] : (aggregations.reactions.get(event.event_id) ?? []),
      replyTo: redacted ? undefined : replyTargetOf(event),
      quoted: redacted ? undefined : quoteOf(replyTargetOf(event)),
    });
  }
  for (const pending of room.pending) {
    if (isFoldedPendingRelation(pending)) continue;
    addDay(pending.createdTs);
    items.push({ kind: "pending", key: `txn:${pending.txnId}`, pending });
  }
  return items;
}

/** Redactions act on other events; they are not lines of their own. */
function isHiddenEventType(event: TimelineEvent): boolean {
  return event.type === "m.room.redaction";
}

function isFoldedPendingRelation(pending: PendingEvent): boolean {
  if (pending.type === "m.reaction") return true;
  const relatesTo = pending.content["m.relates_to"] as { rel_type?: unknown } | undefined;
  return relatesTo?.rel_type === "m.replace";
}
