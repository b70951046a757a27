import type { RoomEvent } from "../events/pdu.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { roomCreators } from "./creators.js";
import { readPowerLevels, type PowerLevels } from "./power-levels.js";

/** Level of the creator of a room that has no power-levels event (rooms 1–11). */
export const CREATOR_LEVEL_WITHOUT_POWER_LEVELS = 100;

/**
 * A user's level from already-read levels:
 * - room 12+: creators have infinite power (`Infinity`), whatever the levels say;
 * - with a power-levels event: `users[userId]`, else `users_default`;
 * - without one: the creator 100, everyone else 0 (`users_default` 0).
 */
export function userLevelFrom(
  userId: string,
  levels: PowerLevels | undefined,
  creators: ReadonlySet<string>,
  roomVersion: RoomVersion,
): number {
  if (roomVersion.privilegedCreators && creators.has(userId)) return Infinity;
  if (levels !== undefined) return levels.users.get(userId) ?? levels.usersDefault;
  return creators.has(userId) ? CREATOR_LEVEL_WITHOUT_POWER_LEVELS : 0;
}

/**
 * A user's power level in a room, from its `m.room.power_levels` event
 * (undefined: the room has none) and its `m.room.create` event.
 */
export function userPowerLevel(
  userId: string,
  powerLevelsEvent: RoomEvent | undefined,
  createEvent: RoomEvent | undefined,
  roomVersion: RoomVersion,
): number {
  const levels = powerLevelsEvent === undefined ? undefined : readPowerLevels(powerLevelsEvent.content, roomVersion);
  return userLevelFrom(userId, levels, roomCreators(createEvent, roomVersion), roomVersion);
}
