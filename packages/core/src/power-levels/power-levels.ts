import type { JsonObject } from "../json/canonical-json.js";
import { isJsonObject, own } from "./json-access.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { parsePowerLevel } from "./parse-level.js";

/**
 * The levels an `m.room.power_levels` event sets, with the spec's defaults
 * filled in (event schema `m.room.power_levels`, server-server "Definitions").
 * Values that are not power levels in the room version (see
 * `parsePowerLevel`) count as absent, so the default applies.
 */
export interface PowerLevels {
  readonly ban: number;
  readonly kick: number;
  readonly redact: number;
  readonly invite: number;
  readonly usersDefault: number;
  readonly eventsDefault: number;
  readonly stateDefault: number;
  /** Explicit user levels (without room-12 creators, who are never listed). */
  readonly users: ReadonlyMap<string, number>;
  /** Explicit levels per event type. */
  readonly events: ReadonlyMap<string, number>;
  /** Explicit levels per notification key (`room` defaults to 50 when absent). */
  readonly notifications: ReadonlyMap<string, number>;
}

/** The defaults; also what applies when the room has no power-levels event. */
export const DEFAULT_POWER_LEVELS: PowerLevels = Object.freeze({
  ban: 50,
  kick: 50,
  redact: 50,
  invite: 0,
  usersDefault: 0,
  eventsDefault: 0,
  // Since spec v1.7: 50 also when there is no power-levels event at all.
  stateDefault: 50,
  users: new Map<string, number>(),
  events: new Map<string, number>(),
  notifications: new Map<string, number>(),
});

/** Default levels of notification keys: the schema gives one, `room` (50). */
export const DEFAULT_NOTIFICATION_LEVELS: ReadonlyMap<string, number> = new Map([["room", 50]]);

/** The top-level integer properties, by their content key. */
export const POWER_LEVEL_PROPERTIES = ["users_default", "events_default", "state_default", "ban", "redact", "kick", "invite"] as const;
export type PowerLevelProperty = (typeof POWER_LEVEL_PROPERTIES)[number];

/** The level maps of the content. */
export const POWER_LEVEL_MAPS = ["users", "events", "notifications"] as const;
export type PowerLevelMap = (typeof POWER_LEVEL_MAPS)[number];

/**
 * The parsed level of a top-level property, or undefined when it is absent
 * or not a power level in this room version.
 */
export function explicitLevel(content: JsonObject, property: PowerLevelProperty, roomVersion: RoomVersion): number | undefined {
  return parsePowerLevel(own(content, property), roomVersion);
}

/**
 * The entries of one of the maps that are power levels in this room
 * version; a map that is not an object has no entries.
 */
export function explicitLevels(content: JsonObject, map: PowerLevelMap, roomVersion: RoomVersion): Map<string, number> {
  const out = new Map<string, number>();
  const object = own(content, map);
  if (!isJsonObject(object)) return out;
  for (const [key, raw] of Object.entries(object)) {
    const level = parsePowerLevel(raw, roomVersion);
    if (level !== undefined) out.set(key, level);
  }
  return out;
}

/**
 * Reads power-levels content (undefined: the room has no power-levels event)
 * into levels with defaults applied.
 */
export function readPowerLevels(content: JsonObject | undefined, roomVersion: RoomVersion): PowerLevels {
  if (content === undefined) return DEFAULT_POWER_LEVELS;
  const level = (property: PowerLevelProperty, fallback: number) => explicitLevel(content, property, roomVersion) ?? fallback;
  const d = DEFAULT_POWER_LEVELS;
  return {
    ban: level("ban", d.ban),
    kick: level("kick", d.kick),
    redact: level("redact", d.redact),
    invite: level("invite", d.invite),
    usersDefault: level("users_default", d.usersDefault),
    eventsDefault: level("events_default", d.eventsDefault),
    stateDefault: level("state_default", d.stateDefault),
    users: explicitLevels(content, "users", roomVersion),
    events: explicitLevels(content, "events", roomVersion),
    notifications: explicitLevels(content, "notifications", roomVersion),
  };
}

/**
 * The event type's *required power level* (server-server "Definitions"): its
 * entry in `events`, else `state_default` for state events and
 * `events_default` for the others.
 */
export function requiredLevelForEvent(type: string, isState: boolean, levels: PowerLevels): number {
  return levels.events.get(type) ?? (isState ? levels.stateDefault : levels.eventsDefault);
}

/**
 * The level needed to trigger notification `key` (`room` for `@room`), or
 * undefined for a key that is neither set nor has a default.
 */
export function notificationLevel(key: string, levels: PowerLevels): number | undefined {
  return levels.notifications.get(key) ?? DEFAULT_NOTIFICATION_LEVELS.get(key);
}
