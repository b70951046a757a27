import type { RoomEventFilter } from "@myelin/client-server";
import type { ReceiptRecord } from "../../storage/storage.js";
import { passesEventFilter } from "./event-filter.js";

// Spec: the m.typing and m.receipt events of a joined room's `ephemeral`
// section ("Typing Notifications", "Receipts").

export type EphemeralEvent = {
  type: string;
  content: Record<string, unknown>;
};

/** Receipt content: event ID → receipt type → user ID → { ts, thread_id? }. */
type ReceiptContent = Record<string, Record<string, Record<string, { ts: number; thread_id?: string }>>>;

/**
 * One m.receipt event per room with the receipts given. `m.read.private`
 * receipts of other users are dropped: "Servers MUST NOT send the
 * m.read.private receipt to any other user than the one which originally sent it."
 */
export function receiptEventsByRoom(receipts: readonly ReceiptRecord[], viewerId: string): Map<string, EphemeralEvent> {
  const contents = new Map<string, ReceiptContent>();
  for (const receipt of receipts) {
    if (receipt.receiptType === "m.read.private" && receipt.userId !== viewerId) continue;
    let content = contents.get(receipt.roomId);
    if (!content) contents.set(receipt.roomId, (content = {}));
    const byType = (content[receipt.eventId] ??= {});
    const byUser = (byType[receipt.receiptType] ??= {});
    byUser[receipt.userId] = { ts: receipt.ts, ...(receipt.threadId !== null && { thread_id: receipt.threadId }) };
  }
  return new Map([...contents].map(([roomId, content]) => [roomId, { type: "m.receipt", content }]));
}

export function typingEvent(userIds: readonly string[]): EphemeralEvent {
  return { type: "m.typing", content: { user_ids: [...userIds] } };
}

/** The room's ephemeral events that pass the filter's `room.ephemeral` part (types, limit). */
export function filterEphemeral(events: EphemeralEvent[], filter: RoomEventFilter | undefined): EphemeralEvent[] {
  const kept = events.filter((event) => passesEventFilter(filter, { type: event.type }));
  return filter?.limit === undefined ? kept : kept.slice(0, filter.limit);
}
