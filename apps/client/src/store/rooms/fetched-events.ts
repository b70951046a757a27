import { replyTargetOf } from "./relations.js";
import type { RoomModel, TimelineEvent } from "./types.js";

/**
 * Replies whose quoted message is neither in the loaded timeline nor fetched
 * yet ("Rich replies": clients fetch the replied-to event to show the quote).
 * Event IDs in timeline order, each once.
 */
export function missingReplyTargets(room: RoomModel): string[] {
  const loaded = new Set(room.timeline.map((event) => event.event_id));
  const missing = new Set<string>();
  for (const event of room.timeline) {
    const target = replyTargetOf(event);
    if (target !== undefined && !loaded.has(target) && room.fetchedEvents?.[target] === undefined) missing.add(target);
  }
  return [...missing];
}

/** Keep an event fetched by ID (`GET /rooms/{roomId}/event/{eventId}`); only events of this room. */
export function addFetchedEvent(room: RoomModel, event: TimelineEvent): RoomModel {
  if ((event as { room_id?: unknown }).room_id !== undefined && (event as { room_id?: unknown }).room_id !== room.roomId) return room;
  return { ...room, fetchedEvents: { ...room.fetchedEvents, [event.event_id]: event } };
}
