// The tables as Kysely sees them. Both backends store the same columns with
// portable types: TEXT, integers for booleans (0/1; SQLite has no boolean)
// and 64-bit integers for millisecond timestamps (PostgreSQL BIGINT is read
// back as a JS number; timestamps stay far below 2^53).
//
// Room for what comes next: events, room state and the stream ordering that
// sync tokens will be built on get their own tables in later migrations; the
// account tables here do not need to change for that.

export interface UsersTable {
  user_id: string;
  localpart: string;
  /** Encoded scrypt hash (see services/passwords.ts); null for guests and deactivated accounts. */
  password_hash: string | null;
  is_admin: number;
  is_guest: number;
  deactivated: number;
  created_ts: number;
}

export interface ProfilesTable {
  user_id: string;
  displayname: string | null;
  avatar_url: string | null;
}

export interface DevicesTable {
  user_id: string;
  device_id: string;
  display_name: string | null;
  created_ts: number;
  last_seen_ts: number | null;
  last_seen_ip: string | null;
}

/** Access tokens are stored only as SHA-256 hashes (hex): a database leak does not leak sessions. */
export interface AccessTokensTable {
  token_hash: string;
  user_id: string;
  device_id: string;
  created_ts: number;
  /** Null: never expires (clients that did not ask for refresh tokens). */
  expires_ts: number | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  user_id: string;
  device_id: string;
  created_ts: number;
}

/** Single-use tokens for `m.login.token`, from `POST /login/get_token`. */
export interface LoginTokensTable {
  token_hash: string;
  user_id: string;
  expires_ts: number;
}

/** User-interactive authentication sessions; kept in the database so a restart does not break a flow in progress. */
export interface UiaSessionsTable {
  session_id: string;
  /** What the session authorises ("register", "change_password", ...): a session is never reused for another purpose. */
  purpose: string;
  user_id: string | null;
  /** JSON array of completed stage types. */
  completed_stages: string;
  created_ts: number;
}

// Sync and ephemeral data (migration 0004_sync_ephemeral).

/** The position each persisted sync stream has reached; see migrations/sync-ephemeral.ts. */
export interface SyncStreamPositionsTable {
  stream: string;
  position: number;
}

/** Filters uploaded with POST /user/{userId}/filter, as the JSON the user sent. */
export interface SyncFiltersTable {
  user_id: string;
  filter_id: string;
  filter_json: string;
}

/** Global (room_id "") and per-room account data; `stream_id` is its position in the account-data stream. */
export interface AccountDataTable {
  user_id: string;
  room_id: string;
  type: string;
  /** JSON object. */
  content: string;
  stream_id: number;
}

/** The latest receipt of each (room, user, receipt type, thread); thread_id "" when unthreaded. */
export interface ReceiptsTable {
  room_id: string;
  user_id: string;
  receipt_type: string;
  thread_id: string;
  event_id: string;
  ts: number;
  stream_id: number;
}

export interface PresenceTable {
  user_id: string;
  /** "online" | "unavailable" | "offline", as last set (the idle timeout is applied when read). */
  state: string;
  status_msg: string | null;
  last_active_ts: number;
  stream_id: number;
}

// Rooms and events (migration 0002_rooms_events; see migrations/rooms-events.ts).

/** The last stream ordering handed out (one row, id 1). */
export interface EventStreamPositionTable {
  id: number;
  position: number;
}

export interface RoomsTable {
  room_id: string;
  room_version: string;
  creator: string;
  /** 1 when published in the room directory. */
  is_public: number;
  created_ts: number;
  current_state_group: number | null;
}

export interface EventsTable {
  /** Global, strictly increasing, assigned at persist time: what sync tokens count. */
  stream_ordering: number;
  event_id: string;
  room_id: string;
  type: string;
  state_key: string | null;
  sender: string;
  /** With stream_ordering, the topological order /messages walks. */
  depth: number;
  origin_server_ts: number;
  /** The PDU as JSON. */
  pdu: string;
  /** The state group in force before this event. */
  state_group_before: number | null;
  /** The state group after this event (the same as before for non-state events). */
  state_group: number | null;
  replaces_state: string | null;
  /** The m.room.redaction that redacted this event, once applied. */
  redacted_by: string | null;
  rejected: number;
  txn_id: string | null;
  txn_device_id: string | null;
}

export interface RoomForwardExtremitiesTable {
  room_id: string;
  event_id: string;
}

export interface StateGroupsTable {
  id: number;
  room_id: string;
  /** Null for a full snapshot; otherwise this group's entries are a delta over it. */
  prev_group: number | null;
  /** Groups between this one and its snapshot (0 for a snapshot). */
  chain_length: number;
}

export interface StateGroupEntriesTable {
  state_group: number;
  type: string;
  state_key: string;
  event_id: string;
}

export interface RoomCurrentStateTable {
  room_id: string;
  type: string;
  state_key: string;
  event_id: string;
}

export interface RoomMembershipsTable {
  room_id: string;
  user_id: string;
  membership: string;
  event_id: string;
  stream_ordering: number;
  /** 1 once the user forgot the room (after leaving it). */
  forgotten: number;
}

export interface RoomAliasesTable {
  alias: string;
  room_id: string;
  creator: string;
  created_ts: number;
}

export interface EventRelationsTable {
  event_id: string;
  room_id: string;
  relates_to_id: string;
  rel_type: string;
  /** `m.annotation` key (reactions); null otherwise. */
  aggregation_key: string | null;
}

import type { MediaTable, MediaThumbnailsTable, UrlPreviewsTable } from "./media-schema.js";
import type { EventNotificationsTable, PushersTable, UserRoomLastSentTable } from "./relations-push-schema.js";

export interface Database {
  users: UsersTable;
  profiles: ProfilesTable;
  devices: DevicesTable;
  access_tokens: AccessTokensTable;
  refresh_tokens: RefreshTokensTable;
  login_tokens: LoginTokensTable;
  uia_sessions: UiaSessionsTable;
  media: MediaTable;
  media_thumbnails: MediaThumbnailsTable;
  url_previews: UrlPreviewsTable;
  sync_stream_positions: SyncStreamPositionsTable;
  sync_filters: SyncFiltersTable;
  account_data: AccountDataTable;
  receipts: ReceiptsTable;
  presence: PresenceTable;
  event_stream_position: EventStreamPositionTable;
  rooms: RoomsTable;
  events: EventsTable;
  room_forward_extremities: RoomForwardExtremitiesTable;
  state_groups: StateGroupsTable;
  state_group_entries: StateGroupEntriesTable;
  room_current_state: RoomCurrentStateTable;
  room_memberships: RoomMembershipsTable;
  room_aliases: RoomAliasesTable;
  event_relations: EventRelationsTable;
  event_notifications: EventNotificationsTable;
  user_room_last_sent: UserRoomLastSentTable;
  pushers: PushersTable;
}
