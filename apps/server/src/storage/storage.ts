// The storage interface the services use. One interface, grouped by concern;
// each backend (SQLite, PostgreSQL) implements it with the same Kysely
// queries. Later slices add stores (events, rooms, sync streams) beside these.

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

export interface Stores {
  accounts: AccountStore;
  devices: DeviceStore;
  tokens: TokenStore;
  uia: UiaStore;
}

export interface Storage extends Stores {
  readonly backend: "sqlite" | "postgres";
  /** Run `work` in one database transaction: all its writes commit together or not at all. */
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
