import { isFoldedRelation } from "./relations.js";
import type { RoomModel, TimelineEvent } from "./types.js";

/** The newest event worth a read receipt: the last one shown as its own line (not an edit or reaction). */
export function latestReadableEvent(room: RoomModel): TimelineEvent | undefined {
  for (let i = room.timeline.length - 1; i >= 0; i--) {
    const event = room.timeline[i];
    if (event !== undefined && !isFoldedRelation(event)) return event;
  }
  return undefined;
}

/**
 * After sending a read receipt the counts are zero until the server says
 * otherwise; /sync then carries the server's own figures.
 */
export function markRoomRead(room: RoomModel, ownUserId: string, eventId: string, now: number): RoomModel {
  return {
    ...room,
    notificationCount: 0,
    highlightCount: 0,
    receipts: { ...room.receipts, [ownUserId]: { eventId, ts: now } },
  };
}

/** Users whose read receipt sits on this event, excluding the given user. */
export function readersAt(room: RoomModel, eventId: string, exceptUserId: string): string[] {
  return Object.entries(room.receipts)
    .filter(([userId, receipt]) => receipt.eventId === eventId && userId !== exceptUserId)
    .map(([userId]) => userId);
}
