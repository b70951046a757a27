import { MatrixCoreError } from "../errors.js";

/**
 * Room versions as data (spec "Room Versions"). Code asks the record
 * (`version.knocking`), never compares version strings.
 */
export interface RoomVersion {
  readonly id: string;
  readonly stable: boolean;
  /**
   * PDU shape: "v1" (rooms 1–2: `event_id` inside the event, `prev_events`
   * and `auth_events` as `[id, {sha256}]` pairs), "v3" (room 3+: IDs are
   * reference hashes, lists of plain IDs), "v12" (the create event carries no
   * `room_id`; the room ID is derived from it).
   */
  readonly eventFormat: "v1" | "v3" | "v12";
  /** How event IDs are made: server-chosen `$x:server`, reference hash in standard or URL-safe base64. */
  readonly eventIdFormat: "server-generated" | "base64" | "url-safe-base64";
  /**
   * Redaction algorithm variant: the v1, v6, v9 and v11 fragments, plus the
   * algorithm room version 8 spells out on its own page (v6 + `allow` of
   * `m.room.join_rules`).
   */
  readonly redaction: "v1" | "v6" | "v8" | "v9" | "v11";
  /** State resolution algorithm: v1, v2, or v2 with the room v12 changes ("v2.1"). */
  readonly stateResolution: "v1" | "v2" | "v2.1";
  /** Redactions are authorised later (room 3+), not by comparing event-ID domains. */
  readonly redactionAuthDeferred: boolean;
  /** Signing keys must be valid at the event's `origin_server_ts` (room 5+). */
  readonly enforceKeyValidity: boolean;
  /** `m.room.aliases` has its own auth rule (rooms 1–5). */
  readonly specialCaseAliasesAuth: boolean;
  /** Canonical JSON is strict: integers only, within ±(2^53−1) (room 6+). */
  readonly strictCanonicalJson: boolean;
  /** Changing `notifications` levels needs the sender's power (room 6+). */
  readonly limitNotificationsPowerLevels: boolean;
  /** `knock` membership and join rule (room 7+). */
  readonly knocking: boolean;
  /** `restricted` join rule with `join_authorised_via_users_server` (room 8+). */
  readonly restrictedJoins: boolean;
  /** `knock_restricted` join rule (room 10+). */
  readonly knockRestricted: boolean;
  /** Power levels must be JSON integers, not strings (room 10+). */
  readonly integerPowerLevels: boolean;
  /** The creator is the create event's `sender`; `content.creator` is gone (room 11+). */
  readonly implicitRoomCreator: boolean;
  /** `redacts` lives in the content of `m.room.redaction` (room 11+). */
  readonly redactsInContent: boolean;
  /** Room ID is `!` + the create event's reference hash; create has no `room_id` (room 12+). */
  readonly roomIdFromCreateEvent: boolean;
  /** Creators (sender + `additional_creators`) have infinite power (room 12+). */
  readonly privilegedCreators: boolean;
  /** The create event is never listed in `auth_events` (room 12+). */
  readonly createEventNotInAuthEvents: boolean;
}

const v1: RoomVersion = {
  id: "1",
  stable: true,
  eventFormat: "v1",
  eventIdFormat: "server-generated",
  redaction: "v1",
  stateResolution: "v1",
  redactionAuthDeferred: false,
  enforceKeyValidity: false,
  specialCaseAliasesAuth: true,
  strictCanonicalJson: false,
  limitNotificationsPowerLevels: false,
  knocking: false,
  restrictedJoins: false,
  knockRestricted: false,
  integerPowerLevels: false,
  implicitRoomCreator: false,
  redactsInContent: false,
  roomIdFromCreateEvent: false,
  privilegedCreators: false,
  createEventNotInAuthEvents: false,
};

// Each version as the changes its page in `content/rooms/` lists against the previous one.
const v2: RoomVersion = { ...v1, id: "2", stateResolution: "v2" };
const v3: RoomVersion = { ...v2, id: "3", eventFormat: "v3", eventIdFormat: "base64", redactionAuthDeferred: true };
const v4: RoomVersion = { ...v3, id: "4", eventIdFormat: "url-safe-base64" };
const v5: RoomVersion = { ...v4, id: "5", enforceKeyValidity: true };
const v6: RoomVersion = {
  ...v5,
  id: "6",
  redaction: "v6",
  specialCaseAliasesAuth: false,
  strictCanonicalJson: true,
  limitNotificationsPowerLevels: true,
};
const v7: RoomVersion = { ...v6, id: "7", knocking: true };
const v8: RoomVersion = { ...v7, id: "8", restrictedJoins: true, redaction: "v8" };
const v9: RoomVersion = { ...v8, id: "9", redaction: "v9" };
const v10: RoomVersion = { ...v9, id: "10", knockRestricted: true, integerPowerLevels: true };
const v11: RoomVersion = { ...v10, id: "11", redaction: "v11", implicitRoomCreator: true, redactsInContent: true };
const v12: RoomVersion = {
  ...v11,
  id: "12",
  eventFormat: "v12",
  stateResolution: "v2.1",
  roomIdFromCreateEvent: true,
  privilegedCreators: true,
  createEventNotInAuthEvents: true,
};

export const ROOM_VERSIONS: ReadonlyMap<string, RoomVersion> = new Map(
  [v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12].map((v) => [v.id, Object.freeze(v)]),
);

/** The version servers should use for new rooms (spec "Room Versions": 12). */
export const DEFAULT_ROOM_VERSION = "12";

/** Room versions that servers should treat as known, in spec order. */
export const KNOWN_ROOM_VERSION_IDS: readonly string[] = [...ROOM_VERSIONS.keys()];

export function findRoomVersion(id: string): RoomVersion | undefined {
  return ROOM_VERSIONS.get(id);
}

/** The record of a version, or a typed error for an unknown one. */
export function getRoomVersion(id: string): RoomVersion {
  const version = ROOM_VERSIONS.get(id);
  if (!version) throw new MatrixCoreError("UNKNOWN_ROOM_VERSION", `unknown room version ${JSON.stringify(id)}`);
  return version;
}
