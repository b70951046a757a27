import { getRoomVersion, toRoomEvent, type Pdu, type RoomEvent, type RoomVersion } from "@myelin/core";
import type { Storage, StoredEvent } from "../../storage/storage.js";

const MAX_CACHED_EVENTS = 10_000;

/**
 * Parsed events and room versions, cached: events never change once stored
 * (redaction is applied when serving, from the row's `redacted_by`), and a
 * room's version is fixed at creation. Sends read the same few state events
 * (create, power levels, members) over and over.
 */
export class RoomEventCache {
  private readonly events = new Map<string, RoomEvent>();
  private readonly versions = new Map<string, RoomVersion | null>();

  constructor(private readonly storage: Storage) {}

  /** The room's version, or undefined when the room is unknown. */
  async roomVersion(roomId: string): Promise<RoomVersion | undefined> {
    const cached = this.versions.get(roomId);
    if (cached !== undefined) return cached ?? undefined;
    const room = await this.storage.rooms.getRoom(roomId);
    if (!room) return undefined;
    const version = getRoomVersion(room.roomVersion);
    this.versions.set(roomId, version);
    return version;
  }

  /** The version when it was already looked up (synchronous, for hot paths). */
  versionIfKnown(roomId: string): RoomVersion | undefined {
    return this.versions.get(roomId) ?? undefined;
  }

  rememberRoom(roomId: string, version: RoomVersion): void {
    this.versions.set(roomId, version);
  }

  remember(event: RoomEvent): void {
    if (this.events.size >= MAX_CACHED_EVENTS) {
      // Drop the oldest entry (Map iterates in insertion order).
      const oldest = this.events.keys().next();
      if (!oldest.done) this.events.delete(oldest.value);
    }
    this.events.set(event.eventId, event);
  }

  /** The view core works with, of a stored event (its room version looked up). */
  async fromStored(stored: StoredEvent): Promise<RoomEvent> {
    const cached = this.events.get(stored.eventId);
    if (cached) return cached;
    const version = await this.roomVersion(stored.roomId);
    if (!version) throw new Error(`event ${stored.eventId} is in unknown room ${stored.roomId}`);
    const event = toRoomEvent(stored.pdu as Pdu, stored.eventId, version);
    this.remember(event);
    return event;
  }

  /** The events by ID, from the cache or in one query; unknown IDs are left out. */
  async load(eventIds: readonly string[]): Promise<Map<string, RoomEvent>> {
    const out = new Map<string, RoomEvent>();
    const missing: string[] = [];
    for (const eventId of eventIds) {
      const cached = this.events.get(eventId);
      if (cached) out.set(eventId, cached);
      else missing.push(eventId);
    }
    if (missing.length > 0) {
      for (const stored of await this.storage.events.getEvents(missing)) out.set(stored.eventId, await this.fromStored(stored));
    }
    return out;
  }
}
