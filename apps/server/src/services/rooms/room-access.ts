import type { RoomVersion } from "@myelin/core";
import { MatrixError } from "@myelin/http";
import type { MembershipRecord, Storage } from "../../storage/storage.js";
import type { HistoryVisibility } from "../events/history-visibility.js";
import type { RoomEventCache } from "../events/room-event-cache.js";

/** Which state of a room a user may read: the current one, or the one when they left. */
export type ReadableState = { kind: "current" } | { kind: "at-group"; stateGroup: number | null };

/** The room and membership checks the room endpoints share. */
export class RoomAccess {
  constructor(
    private readonly storage: Storage,
    private readonly cache: RoomEventCache,
    private readonly visibility: HistoryVisibility,
  ) {}

  /** The room's version; 404 M_NOT_FOUND for a room this server does not know. */
  async requireRoom(roomId: string): Promise<RoomVersion> {
    const version = await this.cache.roomVersion(roomId);
    if (!version) throw MatrixError.notFound("Unknown room");
    return version;
  }

  membership(roomId: string, userId: string): Promise<MembershipRecord | undefined> {
    return this.storage.rooms.getMembership(roomId, userId);
  }

  /** 403 unless the user is joined now. */
  async requireJoined(roomId: string, userId: string): Promise<void> {
    await this.requireRoom(roomId);
    const membership = await this.membership(roomId, userId);
    if (membership?.membership !== "join") throw MatrixError.forbidden("You are not joined to this room");
  }

  /**
   * The state a user may read ("Getting events for a room": members read the
   * current state; a user who left reads the state when they left; anyone
   * reads a world-readable room's); 403 otherwise.
   */
  async readableState(roomId: string, userId: string): Promise<ReadableState> {
    await this.requireRoom(roomId);
    const membership = await this.membership(roomId, userId);
    if (membership?.membership === "join") return { kind: "current" };
    if (await this.visibility.isWorldReadable(roomId)) return { kind: "current" };
    if (membership && (membership.membership === "leave" || membership.membership === "ban")) {
      const event = await this.storage.events.getEvent(membership.eventId);
      if (event) return { kind: "at-group", stateGroup: event.stateGroup };
    }
    throw MatrixError.forbidden("You are not a member of this room");
  }

  /** 403 unless the user has (or had) a membership in the room or it is world-readable: who may page through history at all. */
  async requireHistoryAccess(roomId: string, userId: string): Promise<void> {
    await this.requireRoom(roomId);
    const membership = await this.membership(roomId, userId);
    if (membership && membership.membership !== "knock") return;
    if (await this.visibility.isWorldReadable(roomId)) return;
    throw MatrixError.forbidden("You are not a member of this room");
  }
}
