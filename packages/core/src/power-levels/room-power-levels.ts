import type { RoomEvent } from "../events/pdu.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { roomCreators } from "./creators.js";
import { notificationLevel, readPowerLevels, requiredLevelForEvent, type PowerLevels } from "./power-levels.js";
import { userLevelFrom } from "./user-level.js";

/**
 * The power side of a room's state, read once, for questions like "can I
 * kick?". The answers are the power-level parts of the authorization rules
 * only: membership (the actor must be joined, etc.) is not checked here.
 */
export class RoomPowerLevels {
  /** The levels in force; the defaults when the room has no power-levels event. */
  readonly levels: PowerLevels;

  private constructor(
    private readonly explicit: PowerLevels | undefined,
    readonly creators: ReadonlySet<string>,
    readonly roomVersion: RoomVersion,
  ) {
    this.levels = explicit ?? readPowerLevels(undefined, roomVersion);
  }

  /** From the room's `m.room.power_levels` (undefined: none) and `m.room.create` events. */
  static fromEvents(powerLevelsEvent: RoomEvent | undefined, createEvent: RoomEvent | undefined, roomVersion: RoomVersion): RoomPowerLevels {
    const explicit = powerLevelsEvent === undefined ? undefined : readPowerLevels(powerLevelsEvent.content, roomVersion);
    return new RoomPowerLevels(explicit, roomCreators(createEvent, roomVersion), roomVersion);
  }

  /** The user's level; `Infinity` for room-12 creators. */
  userLevel(userId: string): number {
    return userLevelFrom(userId, this.explicit, this.creators, this.roomVersion);
  }

  requiredLevelForEvent(type: string, isState: boolean): number {
    return requiredLevelForEvent(type, isState, this.levels);
  }

  canSendEvent(userId: string, type: string, isState: boolean): boolean {
    return this.userLevel(userId) >= this.requiredLevelForEvent(type, isState);
  }

  canInvite(userId: string): boolean {
    return this.userLevel(userId) >= this.levels.invite;
  }

  /** Kick: at least the kick level and above the target. */
  canKick(userId: string, targetId: string): boolean {
    const level = this.userLevel(userId);
    return level >= this.levels.kick && this.userLevel(targetId) < level;
  }

  /** Ban: at least the ban level and above the target. */
  canBan(userId: string, targetId: string): boolean {
    const level = this.userLevel(userId);
    return level >= this.levels.ban && this.userLevel(targetId) < level;
  }

  /** Unban (a leave over a ban): the ban level and the kick rule both apply. */
  canUnban(userId: string, targetId: string): boolean {
    return this.canBan(userId, targetId) && this.canKick(userId, targetId);
  }

  /** Redacting other users' events (room 3+ "Handling redactions"; rooms 1–2 auth rule 11). */
  canRedactOthers(userId: string): boolean {
    return this.userLevel(userId) >= this.levels.redact;
  }

  /** Whether the user may trigger notification `key` (e.g. `room`); false for an unknown key. */
  canNotify(userId: string, key: string): boolean {
    const required = notificationLevel(key, this.levels);
    return required !== undefined && this.userLevel(userId) >= required;
  }
}
