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

export interface Database {
  users: UsersTable;
  profiles: ProfilesTable;
  devices: DevicesTable;
  access_tokens: AccessTokensTable;
  refresh_tokens: RefreshTokensTable;
  login_tokens: LoginTokensTable;
  uia_sessions: UiaSessionsTable;
}
