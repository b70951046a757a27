import type { RoomEvent } from "../events/pdu.js";
import { isJsonObject, own } from "../power-levels/json-access.js";
import { isIntegerLevel, parsePowerLevel } from "../power-levels/parse-level.js";
import {
  explicitLevel,
  explicitLevels,
  POWER_LEVEL_PROPERTIES,
  type PowerLevelMap,
} from "../power-levels/power-levels.js";
import { isValidUserId } from "../identifiers/index.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import type { RuleNumbers } from "./rule-numbers.js";
import { ALLOWED, rejected, type AuthVerdict } from "./verdict.js";

/** Rules on the content itself, before any comparison (rooms 10+: 9.1–9.2; all: `users`; room 12: creators). */
function checkPowerLevelsContent(event: RoomEvent, creators: ReadonlySet<string>, roomVersion: RoomVersion, rules: RuleNumbers["powerLevels"]): AuthVerdict {
  if (roomVersion.integerPowerLevels) {
    for (const property of POWER_LEVEL_PROPERTIES) {
      const value = own(event.content, property);
      if (value !== undefined && !isIntegerLevel(value)) {
        return rejected(rules.integerProperties, `${property} is ${JSON.stringify(value)}, not an integer`);
      }
    }
    for (const map of ["events", "notifications"] as const) {
      const value = own(event.content, map);
      if (value === undefined) continue;
      if (!isJsonObject(value)) return rejected(rules.integerMaps, `${map} is not an object`);
      for (const [key, level] of Object.entries(value)) {
        if (!isIntegerLevel(level)) return rejected(rules.integerMaps, `${map}[${JSON.stringify(key)}] is ${JSON.stringify(level)}, not an integer`);
      }
    }
  }
  // An absent `users` is an empty one, as for every other property.
  const users = own(event.content, "users");
  if (users !== undefined) {
    if (!isJsonObject(users)) return rejected(rules.users, "users is not an object");
    for (const [userId, level] of Object.entries(users)) {
      if (!isValidUserId(userId, { historical: true })) return rejected(rules.users, `users has the key ${JSON.stringify(userId)}, which is not a user ID`);
      const valid = roomVersion.integerPowerLevels ? isIntegerLevel(level) : parsePowerLevel(level, roomVersion) !== undefined;
      if (!valid) return rejected(rules.users, `users[${JSON.stringify(userId)}] is ${JSON.stringify(level)}, not a power level`);
    }
    if (roomVersion.privilegedCreators) {
      for (const creator of creators) {
        if (Object.hasOwn(users, creator)) return rejected(rules.creatorsListed, `users lists the room creator ${creator}`);
      }
    }
  }
  return ALLOWED;
}

/**
 * Rule "If type is `m.room.power_levels`" (10 in rooms 1–5, 9 in 6–11, 10 in
 * 12): the content checks, then what the sender may change compared with the
 * current power-levels event (`previous`, undefined when there is none).
 *
 * A value that is not a power level in the room version (rooms 1–9 have no
 * rule against one outside `users`) counts as absent, as it does wherever
 * levels are read: replacing a level with garbage is checked as removing it.
 */
export function checkPowerLevelsEvent(
  event: RoomEvent,
  previous: RoomEvent | undefined,
  senderLevel: number,
  creators: ReadonlySet<string>,
  roomVersion: RoomVersion,
  allRules: RuleNumbers,
): AuthVerdict {
  const rules = allRules.powerLevels;
  const content = checkPowerLevelsContent(event, creators, roomVersion, rules);
  if (!content.allowed) return content;
  if (previous === undefined) return ALLOWED;

  const tooHigh = (what: string, level: number, comparison: string) =>
    `${what} is ${level}, ${comparison} the sender's level ${senderLevel}`;

  for (const property of POWER_LEVEL_PROPERTIES) {
    const current = explicitLevel(previous.content, property, roomVersion);
    const next = explicitLevel(event.content, property, roomVersion);
    if (current === next) continue;
    if (current !== undefined && current > senderLevel) {
      return rejected(`${rules.properties}.1`, tooHigh(`the current ${property}`, current, "above"));
    }
    if (next !== undefined && next > senderLevel) {
      return rejected(`${rules.properties}.2`, tooHigh(`the new ${property}`, next, "above"));
    }
  }

  const maps: PowerLevelMap[] = roomVersion.limitNotificationsPowerLevels ? ["events", "notifications"] : ["events"];
  const pairs = maps.map((map) => ({
    map,
    current: explicitLevels(previous.content, map, roomVersion),
    next: explicitLevels(event.content, map, roomVersion),
  }));
  for (const { map, current, next } of pairs) {
    for (const [key, level] of current) {
      if (next.get(key) !== level && level > senderLevel) {
        return rejected(`${rules.mapsChangedOrRemoved}.1`, tooHigh(`the current ${map}[${JSON.stringify(key)}]`, level, "above"));
      }
    }
  }
  for (const { map, current, next } of pairs) {
    for (const [key, level] of next) {
      if (current.get(key) !== level && level > senderLevel) {
        return rejected(`${rules.mapsAddedOrChanged}.1`, tooHigh(`the new ${map}[${JSON.stringify(key)}]`, level, "above"));
      }
    }
  }

  const currentUsers = explicitLevels(previous.content, "users", roomVersion);
  const nextUsers = explicitLevels(event.content, "users", roomVersion);
  for (const [userId, level] of currentUsers) {
    if (userId === event.sender || nextUsers.get(userId) === level) continue;
    if (level >= senderLevel) {
      return rejected(`${rules.usersChangedOrRemoved}.1`, tooHigh(`the current level of ${userId}`, level, "not below"));
    }
  }
  for (const [userId, level] of nextUsers) {
    if (currentUsers.get(userId) !== level && level > senderLevel) {
      return rejected(`${rules.usersAddedOrChanged}.1`, tooHigh(`the new level of ${userId}`, level, "above"));
    }
  }
  return ALLOWED;
}
