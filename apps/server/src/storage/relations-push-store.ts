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

export interface NewPushAction {
  userId: string;
  roomId: string;
  eventId: string;
  threadId: string;
  highlight: boolean;
  actions: readonly unknown[];
  ts: number;
}

export interface NotificationRow {
  roomId: string;
  eventId: string;
  streamOrdering: number;
  actions: unknown[];
  highlight: boolean;
  ts: number;
  read: boolean;
}

export interface RoomNotificationCounts {
  notifications: number;
  highlights: number;
}

export interface PushStore {
  /**
   * What one persisted event did for push: the notifications it gave, and
   * its sender's read position in the room (sending reads up to the event).
   * Call in the event's transaction, so counts change with the event.
   */
  recordEventPush(event: { roomId: string; sender: string; streamOrdering: number }, actions: readonly NewPushAction[]): Promise<void>;
  /**
   * Unread notifications per room: those after the user's read position —
   * the later of their `m.read`/`m.read.private` receipts (unthreaded, or of
   * the notification's thread) and the last event they sent. Rooms without
   * any are left out.
   */
  unreadCounts(userId: string, roomIds: readonly string[]): Promise<Map<string, RoomNotificationCounts>>;
  /** Like `unreadCounts`, split per thread: room → thread ID ("main" for the main timeline) → counts. */
  unreadCountsByThread(userId: string, roomIds: readonly string[]): Promise<Map<string, Map<string, RoomNotificationCounts>>>;
  /** The user's notifications, newest first, with stream ordering below `beforeStreamOrdering`. */
  notifications(query: { userId: string; beforeStreamOrdering?: number | undefined; limit: number; highlightOnly: boolean }): Promise<NotificationRow[]>;
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
