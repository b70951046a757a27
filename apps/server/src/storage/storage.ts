// The storage interface the services use. One interface, grouped by concern;
// each backend (SQLite, PostgreSQL) implements it with the same Kysely
// queries. Later slices add stores (events, rooms, sync streams) beside these.

import type { MediaStore } from "./media-store.js";
export type * from "./media-store.js";
import type { PushStore, PusherStore, RelationStore } from "./relations-push-store.js";
export type * from "./relations-push-store.js";
export { recipientOf } from "./relations-push-store.js";

export interface UserRecord {
  userId: string;
  localpart: string;
  passwordHash: string | null;
  isAdmin: boolean;
  isGuest: boolean;
  deactivated: boolean;
  createdTs: number;
}

export interface NewUser {
  userId: string;
  localpart: string;
  passwordHash: string | null;
  isAdmin: boolean;
  isGuest: boolean;
  createdTs: number;
  displayname: string | null;
}

export interface ProfileRecord {
  displayname: string | null;
  avatarUrl: string | null;
}

export type ProfileField = "displayname" | "avatar_url";

export interface AccountStore {
  /** False when the user ID is taken (checked by the database's unique key, so concurrent registrations cannot both win). */
  createUser(user: NewUser): Promise<boolean>;
  getUser(userId: string): Promise<UserRecord | undefined>;
  setPasswordHash(userId: string, passwordHash: string | null): Promise<void>;
  /** Marks the account deactivated and forgets its password. */
  deactivate(userId: string): Promise<void>;
  getProfile(userId: string): Promise<ProfileRecord | undefined>;
  setProfileField(userId: string, field: ProfileField, value: string | null): Promise<void>;
}

export interface DeviceRecord {
  userId: string;
  deviceId: string;
  displayName: string | null;
  createdTs: number;
  lastSeenTs: number | null;
  lastSeenIp: string | null;
}

export interface DeviceStore {
  /** Create the device, or keep an existing one (renaming it when `displayName` is given). */
  ensureDevice(device: { userId: string; deviceId: string; displayName: string | null; createdTs: number }): Promise<void>;
  getDevice(userId: string, deviceId: string): Promise<DeviceRecord | undefined>;
  listDevices(userId: string): Promise<DeviceRecord[]>;
  /** False when the device does not exist. */
  renameDevice(userId: string, deviceId: string, displayName: string | null): Promise<boolean>;
  /** Delete the devices and every token issued to them. */
  deleteDevices(userId: string, deviceIds: readonly string[]): Promise<void>;
  /** Delete every device of the user (and their tokens) except `keepDeviceId`. */
  deleteAllDevices(userId: string, keepDeviceId?: string): Promise<void>;
  touchDevice(userId: string, deviceId: string, ts: number, ip: string | null): Promise<void>;
}

export interface AccessTokenRecord {
  userId: string;
  deviceId: string;
  expiresTs: number | null;
  isGuest: boolean;
  isAdmin: boolean;
  deactivated: boolean;
}

export interface TokenStore {
  insertAccessToken(token: { tokenHash: string; userId: string; deviceId: string; createdTs: number; expiresTs: number | null }): Promise<void>;
  findAccessToken(tokenHash: string): Promise<AccessTokenRecord | undefined>;
  deleteAccessToken(tokenHash: string): Promise<void>;
  /** Forget every access and refresh token of a device (login with an existing device ID replaces its sessions). */
  deleteDeviceTokens(userId: string, deviceId: string): Promise<void>;
  insertRefreshToken(token: { tokenHash: string; userId: string; deviceId: string; createdTs: number }): Promise<void>;
  /** Remove and return the refresh token: single use, atomic even under concurrent refreshes. */
  takeRefreshToken(tokenHash: string): Promise<{ userId: string; deviceId: string } | undefined>;
  insertLoginToken(token: { tokenHash: string; userId: string; expiresTs: number }): Promise<void>;
  takeLoginToken(tokenHash: string): Promise<{ userId: string; expiresTs: number } | undefined>;
}

export interface UiaSessionRecord {
  sessionId: string;
  purpose: string;
  userId: string | null;
  completedStages: string[];
  createdTs: number;
}

export interface UiaStore {
  createSession(session: UiaSessionRecord): Promise<void>;
  getSession(sessionId: string): Promise<UiaSessionRecord | undefined>;
  setCompletedStages(sessionId: string, stages: readonly string[]): Promise<void>;
  deleteSession(sessionId: string): Promise<void>;
  deleteSessionsCreatedBefore(ts: number): Promise<void>;
}

// Sync and ephemeral data (migration 0004_sync_ephemeral). Positions of the
// account-data, receipt and presence streams count from 1; 0 means "before
// anything", so `changedSince(0)` is everything.

export interface FilterStore {
  /** Store a filter; saving the same ID again for the same user keeps the stored one (IDs are content hashes). */
  saveFilter(userId: string, filterId: string, filterJson: string): Promise<void>;
  getFilter(userId: string, filterId: string): Promise<string | undefined>;
}

export interface AccountDataRecord {
  /** Null for global account data. */
  roomId: string | null;
  type: string;
  content: Record<string, unknown>;
  streamId: number;
}

export interface AccountDataStore {
  /** Set (replace) one account data event; returns its new position in the account-data stream. */
  put(userId: string, roomId: string | null, type: string, content: Record<string, unknown>): Promise<number>;
  get(userId: string, roomId: string | null, type: string): Promise<Record<string, unknown> | undefined>;
  /** The user's account data written after position `since` up to `upTo` (inclusive), global and per room. */
  changedBetween(userId: string, since: number, upTo: number): Promise<AccountDataRecord[]>;
}

export interface ReceiptRecord {
  roomId: string;
  userId: string;
  receiptType: string;
  /** Null when unthreaded. */
  threadId: string | null;
  eventId: string;
  ts: number;
  streamId: number;
}

export interface ReceiptStore {
  /** Replace the user's receipt of that type and thread in the room; returns its position in the receipt stream. */
  put(receipt: Omit<ReceiptRecord, "streamId">): Promise<number>;
  /** Receipts in `roomIds` written after `since` up to `upTo` (inclusive). */
  inRoomsBetween(roomIds: readonly string[], since: number, upTo: number): Promise<ReceiptRecord[]>;
}

export type PresenceState = "online" | "unavailable" | "offline";

export interface PresenceRecord {
  userId: string;
  state: PresenceState;
  statusMsg: string | null;
  lastActiveTs: number;
  streamId: number;
}

export interface PresenceStore {
  get(userId: string): Promise<PresenceRecord | undefined>;
  /** Replace the user's presence; returns its position in the presence stream. */
  put(presence: Omit<PresenceRecord, "streamId">): Promise<number>;
  /** Presence of any of `userIds` written after `since` up to `upTo` (inclusive). */
  ofUsersBetween(userIds: readonly string[], since: number, upTo: number): Promise<PresenceRecord[]>;
  /** Every presence written after `since` up to `upTo` (inclusive): for short windows, where it is a handful of rows. */
  changedBetween(since: number, upTo: number): Promise<PresenceRecord[]>;
  /** Move the last-active time without a new stream position: what a still-active user's syncs do (see PresenceService). */
  touchLastActive(userId: string, lastActiveTs: number): Promise<void>;
}

export interface SyncStreamPositions {
  accountData: number;
  receipts: number;
  presence: number;
}

export interface SyncStreamStore {
  /** Where the persisted streams are now: every row at or below these positions is committed. */
  currentPositions(): Promise<SyncStreamPositions>;
}

// Rooms and events (migration 0002_rooms_events). Stream orderings count
// from 1; 0 means "before any event". The sync engine builds on
// `EventStore.maxStreamOrdering`, `EventStore.roomEventsBetweenStreams` and
// `EventStore.stateDeltasBetweenStreams`.

/** An event as stored: the PDU and what the server keeps beside it. */
export interface StoredEvent {
  streamOrdering: number;
  eventId: string;
  roomId: string;
  type: string;
  /** Null for message events. */
  stateKey: string | null;
  sender: string;
  depth: number;
  originServerTs: number;
  /** The PDU (JSON object), unredacted: redaction is applied when serving (see `redactedBy`). */
  pdu: Record<string, unknown>;
  /** The state group in force before the event. */
  stateGroupBefore: number | null;
  /** The state group after the event (state events start a new one). */
  stateGroup: number | null;
  /** State events: the event this one replaced in the room's state. */
  replacesState: string | null;
  /** The `m.room.redaction` that was applied to this event. */
  redactedBy: string | null;
  rejected: boolean;
  /** The client transaction that sent the event, for `unsigned.transaction_id` on the sender's device. */
  txnId: string | null;
  txnDeviceId: string | null;
}

/** Everything persisted with one event, in one transaction. */
export interface EventToPersist {
  eventId: string;
  roomId: string;
  type: string;
  stateKey?: string | undefined;
  sender: string;
  depth: number;
  originServerTs: number;
  pdu: Record<string, unknown>;
  /** The event's prev_events: they stop being forward extremities of the room. */
  prevEventIds: readonly string[];
  /** The create event: the room row is written with it. */
  newRoom?: { roomVersion: string; creator: string; createdTs: number };
  transaction?: { txnId: string; deviceId: string };
  /** `m.room.redaction` whose redaction the server applies: the target is marked redacted (if stored). */
  appliesRedactionTo?: string;
  relation?: { relatesToId: string; relType: string; aggregationKey: string | null };
}

export interface PersistedEvent {
  streamOrdering: number;
  stateGroup: number | null;
}

export type StreamDirection = "forwards" | "backwards";

/** A position in a room's topological order: after the event at (depth, stream ordering). */
export interface TopologicalPosition {
  depth: number;
  streamOrdering: number;
}

export interface StateDelta {
  streamOrdering: number;
  roomId: string;
  type: string;
  stateKey: string;
  eventId: string;
  /** The event it replaced in the room's state; null when the key was new. */
  replacesState: string | null;
}

export interface EventStore {
  /**
   * Persist an event in ONE transaction: its row (with the next stream
   * ordering), the room row for a create event, the new state group, current
   * state and membership for a state event, forward extremities, relation,
   * applied redaction. Nothing is written when any part fails. Runs in the
   * caller's transaction when called through `Storage.transaction`.
   */
  persistEvent(event: EventToPersist): Promise<PersistedEvent>;
  getEvent(eventId: string): Promise<StoredEvent | undefined>;
  /** The stored events among `eventIds` (any order; missing IDs are left out). */
  getEvents(eventIds: readonly string[]): Promise<StoredEvent[]>;
  /** The event sent earlier with this transaction ID by this device into the room. */
  findByTransaction(roomId: string, sender: string, deviceId: string, txnId: string): Promise<string | undefined>;
  /**
   * The highest stream ordering handed out and committed: every event at or
   * below it is readable. The "now" of a sync token.
   */
  maxStreamOrdering(): Promise<number>;
  /**
   * Events of `roomIds` whose stream ordering is in `(after, upTo]`, at most
   * `limitPerRoom` per room — the newest ones when `direction` is
   * "backwards" (what an incremental or initial sync timeline wants), the
   * oldest when "forwards". Returned in ascending stream order. Rejected
   * events are left out.
   */
  roomEventsBetweenStreams(query: {
    roomIds: readonly string[];
    after: number;
    upTo: number;
    limitPerRoom: number;
    direction: StreamDirection;
  }): Promise<StoredEvent[]>;
  /**
   * The state changes of `roomIds` (all rooms when omitted) with stream
   * ordering in `(after, upTo]`, ascending: what sync's `state` section and
   * membership changes are computed from.
   */
  stateDeltasBetweenStreams(query: { roomIds?: readonly string[]; after: number; upTo: number }): Promise<StateDelta[]>;
  /**
   * Up to `limit` events of the room in topological order (depth, then
   * stream ordering) strictly after `from` going forwards, or at or before
   * it going backwards (newest first); from the start/end of the room when
   * `from` is undefined. Rejected events are left out.
   */
  roomEventsTopological(query: { roomId: string; from: TopologicalPosition | undefined; direction: StreamDirection; limit: number }): Promise<StoredEvent[]>;
  /** The topological position of the room's latest event with stream ordering at most `streamOrdering`. */
  topologicalPositionAtStream(roomId: string, streamOrdering: number): Promise<TopologicalPosition | undefined>;
  /** The first event at or after `ts` (dir "f") or at or before it (dir "b"), by origin_server_ts. */
  eventClosestToTimestamp(roomId: string, ts: number, dir: "f" | "b"): Promise<StoredEvent | undefined>;
  /** The room's forward extremities (the events a new event follows). */
  forwardExtremities(roomId: string): Promise<string[]>;
  /** Every stored event of the room with this (type, state_key), oldest first (e.g. a user's membership history). */
  stateEventsOfKey(roomId: string, type: string, stateKey: string): Promise<StoredEvent[]>;
}

export interface StateEntry {
  type: string;
  stateKey: string;
  eventId: string;
}

export interface RoomStateStore {
  /** The room's current state: one event ID per (type, state_key). */
  currentState(roomId: string): Promise<StateEntry[]>;
  /** The current state entries for the given keys only. */
  currentStateForKeys(roomId: string, keys: readonly (readonly [type: string, stateKey: string])[]): Promise<StateEntry[]>;
  /** The full state of a state group (the state at the events pointing at it). */
  stateAtGroup(stateGroup: number): Promise<StateEntry[]>;
  /** The full state of each group, in one read. */
  stateAtGroups(stateGroups: readonly number[]): Promise<Map<number, StateEntry[]>>;
  /** For each group, the entries for `keys` only: one batched read for many events' state. */
  stateAtGroupsForKeys(stateGroups: readonly number[], keys: readonly (readonly [type: string, stateKey: string])[]): Promise<Map<number, StateEntry[]>>;
}

export interface RoomRecord {
  roomId: string;
  roomVersion: string;
  creator: string;
  isPublic: boolean;
  createdTs: number;
}

export interface MembershipRecord {
  roomId: string;
  userId: string;
  membership: string;
  eventId: string;
  streamOrdering: number;
  forgotten: boolean;
}

export interface RoomStore {
  getRoom(roomId: string): Promise<RoomRecord | undefined>;
  setPublic(roomId: string, isPublic: boolean): Promise<void>;
  /** Published rooms, ordered by joined members (most first) then room ID; `offset`/`limit` page through them. */
  publicRooms(query: { offset: number; limit: number }): Promise<{ roomIds: string[]; total: number }>;
  getMembership(roomId: string, userId: string): Promise<MembershipRecord | undefined>;
  /** The user's rooms whose current membership is one of `memberships`. */
  roomsOfUser(userId: string, memberships: readonly string[]): Promise<MembershipRecord[]>;
  /** Current memberships in the room (all users, or only those with the given memberships). */
  membersOfRoom(roomId: string, memberships?: readonly string[]): Promise<MembershipRecord[]>;
  /** Joined member counts of the rooms. */
  joinedMemberCounts(roomIds: readonly string[]): Promise<Map<string, number>>;
  /** Mark the room forgotten for the user (they must have left it). */
  forgetRoom(roomId: string, userId: string): Promise<void>;
  /** False when the alias is taken. */
  createAlias(alias: { alias: string; roomId: string; creator: string; createdTs: number }): Promise<boolean>;
  getAlias(alias: string): Promise<{ roomId: string; creator: string } | undefined>;
  deleteAlias(alias: string): Promise<boolean>;
  aliasesOfRoom(roomId: string): Promise<string[]>;
}

export interface UserDirectoryResult {
  userId: string;
  displayname: string | null;
  avatarUrl: string | null;
}

/** Who may see whom (presence, user directory); queries over the rooms slice's membership tables. */
export interface UserVisibilityStore {
  /** Users joined to at least one room the user is joined to (the user included). */
  usersSharingRoomWith(userId: string): Promise<string[]>;
  sharesRoom(userId: string, otherUserId: string): Promise<boolean>;
  /** Local users matching `term` (user ID or display name, case-insensitive) who share a room with the requester or are joined to a public or world-readable room. */
  searchUserDirectory(query: { requesterId: string; term: string; limit: number }): Promise<UserDirectoryResult[]>;
}

/** Which events a timeline query keeps (a RoomEventFilter's SQL-expressible part); `*` in types is a wildcard. */
export interface TimelineEventFilter {
  types?: readonly string[] | undefined;
  notTypes?: readonly string[] | undefined;
  senders?: readonly string[] | undefined;
  notSenders?: readonly string[] | undefined;
}

/** The queries /sync needs beyond EventStore and RoomStore (batched over many rooms). */
export interface SyncRoomStore {
  /**
   * Like `EventStore.roomEventsBetweenStreams` (backwards: the newest
   * `limitPerRoom` per room, returned ascending), keeping only events that
   * pass `filter`.
   */
  timelineBetweenStreams(query: { roomIds: readonly string[]; after: number; upTo: number; limitPerRoom: number; filter: TimelineEventFilter }): Promise<StoredEvent[]>;
  /** The user's own `m.room.member` events with stream ordering in `(after, upTo]`, ascending. */
  memberEventsOfUserBetween(userId: string, after: number, upTo: number): Promise<StoredEvent[]>;
  /** For each room, the state group after its latest event at or below `upTo` (the room's state at that stream position). */
  stateGroupsAtStream(roomIds: readonly string[], upTo: number): Promise<Map<string, number>>;
  /** Current memberships of the rooms, in stream order (heroes are "the first 5 members ... ordered by stream ordering"). */
  membersOfRooms(roomIds: readonly string[]): Promise<MembershipRecord[]>;
}

export interface Stores {
  events: EventStore;
  roomState: RoomStateStore;
  rooms: RoomStore;
  accounts: AccountStore;
  media: MediaStore;
  devices: DeviceStore;
  tokens: TokenStore;
  uia: UiaStore;
  filters: FilterStore;
  accountData: AccountDataStore;
  receipts: ReceiptStore;
  presence: PresenceStore;
  syncStreams: SyncStreamStore;
  userVisibility: UserVisibilityStore;
  syncRooms: SyncRoomStore;
  relations: RelationStore;
  push: PushStore;
  pushers: PusherStore;
}

export interface Storage extends Stores {
  readonly backend: "sqlite" | "postgres";
  /** Run `work` in one database transaction: all its writes commit together or not at all. */
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
