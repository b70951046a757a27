// Stores of the relations and push slice (migration 0005_relations_push):
// reading the event_relations table that EventStore.persistEvent fills,
// notification actions and counts, stored push rules, pushers.

import type { StoredEvent, StreamDirection, TopologicalPosition } from "./storage.js";

export interface RelationChildrenQuery {
  roomId: string;
  parentId: string;
  relType?: string | undefined;
  eventType?: string | undefined;
  /** 1: direct children only; n: also events reached through up to n relations, every hop matching the filters. */
  maxHops: number;
  /** Going backwards: at or before this position; forwards: strictly after it. */
  from?: TopologicalPosition | undefined;
  /** Going backwards: strictly after this position; forwards: at or before it. */
  to?: TopologicalPosition | undefined;
  direction: StreamDirection;
  limit: number;
}

export interface ThreadSummaryRow {
  rootId: string;
  /** Children with `m.thread` pointing at the root (not redacted, not from the excluded senders). */
  count: number;
  /** Whether the viewer sent one of them. */
  viewerParticipated: boolean;
  /** The topologically latest of them. */
  latestEventId: string;
}

export interface ThreadRootRow {
  rootId: string;
  /** Stream ordering of the thread's latest event: threads are listed newest activity first. */
  latestStreamOrdering: number;
}

/**
 * Children are events whose `m.relates_to` names the parent; redacted
 * children have lost their relation and rejected ones never count, so both
 * are always left out.
 */
export interface RelationStore {
  /** GET /relations: children (and with `maxHops` > 1, descendants) in topological order. */
  children(query: RelationChildrenQuery): Promise<StoredEvent[]>;
  /** Which of `relTypes` each parent has children of (index-only: what makes bundling cheap when there is nothing to bundle). */
  relationTypesPresent(parentIds: readonly string[], relTypes: readonly string[]): Promise<{ parentId: string; relType: string }[]>;
  /** `m.replace` children of the parents that have the parent's sender and type (the rest of the validity rules are core's). */
  replacementCandidates(parentIds: readonly string[]): Promise<StoredEvent[]>;
  /** `m.thread` summaries of the parents that have any thread children. */
  threadSummaries(parentIds: readonly string[], viewerId: string, excludeSenders: readonly string[]): Promise<ThreadSummaryRow[]>;
  /** `m.reference` children of each parent, oldest first. */
  references(parentIds: readonly string[], excludeSenders: readonly string[]): Promise<Map<string, string[]>>;
  /** Thread roots of the room, newest thread activity first, whose latest activity is below `beforeStreamOrdering`. */
  threadRoots(query: { roomId: string; participant?: string | undefined; beforeStreamOrdering?: number | undefined; limit: number }): Promise<ThreadRootRow[]>;
  /** Whether `sender` already has a non-redacted, accepted `m.annotation` of `type` with `key` on the parent (duplicate annotations). */
  hasAnnotation(query: { parentId: string; sender: string; type: string; key: string }): Promise<boolean>;
}

/** What one new event did for push: who it notified, and how. */
export interface EventNotification {
  eventId: string;
  /** "main" for the main timeline, else the thread root's event ID. */
  threadId: string;
  ts: number;
  recipients: readonly { userId: string; highlight: boolean; actions: readonly unknown[] }[];
}

/** A stored notifying event. */
export interface EventNotificationRow {
  roomId: string;
  eventId: string;
  streamOrdering: number;
  threadId: string;
  ts: number;
  /** JSON: the recipients' action lists, indexed by `recipients`. */
  actions: string;
  /** JSON: userId → [highlight (0|1), index into `actions`]; read it with `recipientOf`. */
  recipients: string;
}

/**
 * One user's entry in a notification row, without parsing the whole
 * recipients object (a room's every member is in it, and counting reads
 * thousands of rows). Keys are JSON-encoded user IDs, so a match preceded
 * by `{` or `,` is the key itself, never the inside of another key.
 */
export function recipientOf(row: EventNotificationRow, userId: string): { highlight: boolean; actionIndex: number } | undefined {
  const needle = `${JSON.stringify(userId)}:[`;
  let at = row.recipients.indexOf(needle);
  while (at > 0 && row.recipients[at - 1] !== "{" && row.recipients[at - 1] !== ",") at = row.recipients.indexOf(needle, at + 1);
  if (at <= 0) return undefined;
  const start = at + needle.length;
  const end = row.recipients.indexOf("]", start);
  const [highlight, actionIndex] = row.recipients.slice(start, end).split(",").map(Number);
  return { highlight: highlight === 1, actionIndex: actionIndex ?? 0 };
}

/**
 * Where a user has read a room up to ("Marking notifications as read"): the
 * last event they sent, and their most advanced `m.read`/`m.read.private`
 * receipt per thread ("" = unthreaded), as stream orderings.
 */
export interface ReadPositions {
  lastSent: number;
  receipts: Map<string, number>;
}

export interface PushStore {
  /**
   * What one persisted event did for push: the notifications it gave, and
   * its sender's read position in the room (sending reads up to the event).
   * Call in the event's transaction, so counts change with the event.
   */
  recordEventPush(event: { roomId: string; sender: string; streamOrdering: number }, notification: EventNotification | undefined): Promise<void>;
  /** The user's read positions in each room (rooms never read nor sent to are left out). */
  readPositions(userId: string, roomIds: readonly string[]): Promise<Map<string, ReadPositions>>;
  /** Notifying events of each room after its given stream ordering, oldest first. */
  notificationsAfter(rooms: readonly { roomId: string; after: number }[]): Promise<EventNotificationRow[]>;
  /** Notifying events of the rooms, newest first, below `beforeStreamOrdering`: at most `limit` rows, whoever they notified. */
  notificationsBefore(query: { roomIds: readonly string[]; beforeStreamOrdering?: number | undefined; limit: number }): Promise<EventNotificationRow[]>;
  /** The stored `m.push_rules` account data of each user (users without any are left out). */
  storedPushRules(userIds: readonly string[]): Promise<Map<string, Record<string, unknown>>>;
}

export interface PusherRecord {
  userId: string;
  appId: string;
  pushkey: string;
  kind: string;
  appDisplayName: string;
  deviceDisplayName: string;
  profileTag: string | null;
  lang: string;
  data: Record<string, unknown>;
  createdTs: number;
}

export interface PusherStore {
  list(userId: string): Promise<PusherRecord[]>;
  /**
   * Create or replace the user's pusher (app_id, pushkey); unless `append`,
   * the same (app_id, pushkey) of every other user is removed ("append":
   * false means the pushkey belongs to this user alone). One transaction.
   */
  set(pusher: PusherRecord, append: boolean): Promise<void>;
  /** False when the user had no such pusher. */
  delete(userId: string, appId: string, pushkey: string): Promise<boolean>;
}
