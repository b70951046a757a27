import { isRedacted } from "./redaction.js";
import type { TimelineEvent } from "./types.js";

export interface Relation {
  readonly relType: string;
  readonly eventId: string;
  readonly key?: string;
}

/** `content["m.relates_to"]` with a `rel_type` (edits, reactions, threads, references). */
export function relationOf(event: TimelineEvent): Relation | undefined {
  const relatesTo = event.content["m.relates_to"];
  if (typeof relatesTo !== "object" || relatesTo === null) return undefined;
  const { rel_type: relType, event_id: eventId, key } = relatesTo as Record<string, unknown>;
  if (typeof relType !== "string" || typeof eventId !== "string") return undefined;
  return typeof key === "string" ? { relType, eventId, key } : { relType, eventId };
}

/** The event a rich reply answers (`m.relates_to.m.in_reply_to.event_id`, "Rich replies"). */
export function replyTargetOf(event: TimelineEvent): string | undefined {
  const relatesTo = event.content["m.relates_to"];
  if (typeof relatesTo !== "object" || relatesTo === null) return undefined;
  const inReplyTo = (relatesTo as Record<string, unknown>)["m.in_reply_to"];
  if (typeof inReplyTo !== "object" || inReplyTo === null) return undefined;
  const eventId = (inReplyTo as Record<string, unknown>).event_id;
  return typeof eventId === "string" ? eventId : undefined;
}

export interface ReactionGroup {
  readonly key: string;
  /** Distinct senders, in the order their reactions arrived. */
  readonly senders: readonly string[];
  /** The event ID of this user's own reaction with this key, to redact when toggling it off. */
  readonly ownEventId: string | undefined;
}

export interface Aggregations {
  /** Original event ID → the most recent valid replacement event. */
  readonly latestEdit: ReadonlyMap<string, TimelineEvent>;
  /** Original event ID → reactions grouped by key, in order of first appearance. */
  readonly reactions: ReadonlyMap<string, readonly ReactionGroup[]>;
}

/**
 * Aggregate edits ("Event replacements") and reactions ("Event annotations
 * and reactions") over a timeline. Redacted relations no longer count; an
 * edit counts only when valid for its original (same sender and type, not a
 * state event, not itself an edit, has `m.new_content`), and the most recent
 * wins: highest `origin_server_ts`, then the lexicographically largest event ID.
 */
export function aggregateRelations(timeline: readonly TimelineEvent[], ownUserId: string): Aggregations {
  const byId = new Map(timeline.map((event) => [event.event_id, event]));
  const latestEdit = new Map<string, TimelineEvent>();
  const reactionsByTarget = new Map<string, Map<string, { senders: string[]; ownEventId: string | undefined }>>();

  for (const event of timeline) {
    if (isRedacted(event)) continue;
    const relation = relationOf(event);
    if (relation === undefined) continue;

    if (relation.relType === "m.replace") {
      const original = byId.get(relation.eventId);
      // Without the original loaded, validity cannot be judged: wait for it.
      if (original === undefined || !isValidReplacement(original, event)) continue;
      const current = latestEdit.get(original.event_id);
      if (current === undefined || isMoreRecent(event, current)) latestEdit.set(original.event_id, event);
    } else if (relation.relType === "m.annotation" && event.type === "m.reaction" && relation.key !== undefined) {
      const groups = reactionsByTarget.get(relation.eventId) ?? new Map<string, { senders: string[]; ownEventId: string | undefined }>();
      reactionsByTarget.set(relation.eventId, groups);
      const group = groups.get(relation.key) ?? { senders: [], ownEventId: undefined };
      groups.set(relation.key, group);
      // One user reacting twice with the same key counts once.
      if (!group.senders.includes(event.sender)) group.senders.push(event.sender);
      if (event.sender === ownUserId) group.ownEventId ??= event.event_id;
    }
  }

  const reactions = new Map<string, ReactionGroup[]>();
  for (const [target, groups] of reactionsByTarget) {
    reactions.set(
      target,
      [...groups].map(([key, group]) => ({ key, senders: group.senders, ownEventId: group.ownEventId })),
    );
  }
  return { latestEdit, reactions };
}

function isValidReplacement(original: TimelineEvent, replacement: TimelineEvent): boolean {
  if (isRedacted(original)) return false;
  if (original.sender !== replacement.sender || original.type !== replacement.type) return false;
  if (original.state_key !== undefined || replacement.state_key !== undefined) return false;
  if (relationOf(original)?.relType === "m.replace") return false;
  const newContent = replacement.content["m.new_content"];
  return typeof newContent === "object" && newContent !== null;
}

function isMoreRecent(a: TimelineEvent, b: TimelineEvent): boolean {
  if (a.origin_server_ts !== b.origin_server_ts) return a.origin_server_ts > b.origin_server_ts;
  return a.event_id > b.event_id;
}

/** The content to display for a message: `m.new_content` of its latest edit, or its own. */
export function displayedContent(event: TimelineEvent, aggregations: Aggregations): { content: Record<string, unknown>; edited: boolean } {
  const edit = aggregations.latestEdit.get(event.event_id);
  if (edit === undefined) return { content: event.content, edited: false };
  const newContent = edit.content["m.new_content"] as Record<string, unknown>;
  // The spec: m.relates_to of the original is kept; the replacement's m.new_content carries no relation.
  const relatesTo = event.content["m.relates_to"];
  return { content: relatesTo === undefined ? newContent : { ...newContent, "m.relates_to": relatesTo }, edited: true };
}

/** Edits and reactions are folded into the events they relate to rather than shown on their own. */
export function isFoldedRelation(event: TimelineEvent): boolean {
  if (event.type === "m.reaction") return true;
  return relationOf(event)?.relType === "m.replace";
}
