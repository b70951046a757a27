import type { PendingEvent, RoomModel } from "./types.js";

// Local echo: what the user sent is shown at once as "sending", then
// "sent" when the PUT returns an event ID, and leaves the pending list when
// the event itself arrives through /sync. A failure stays visible with a
// retry that reuses the transaction ID (the server dedupes by it).

export function addPendingEvent(room: RoomModel, pending: Omit<PendingEvent, "status">): RoomModel {
  return { ...room, pending: [...room.pending, { ...pending, status: "sending" }] };
}

export function markPendingSent(room: RoomModel, txnId: string, eventId: string): RoomModel {
  // /sync may have delivered the event before the PUT answered.
  if (room.timeline.some((event) => event.event_id === eventId)) {
    return { ...room, pending: room.pending.filter((p) => p.txnId !== txnId) };
  }
  return updatePending(room, txnId, (p) => ({ ...p, status: "sent", eventId }));
}

export function markPendingFailed(room: RoomModel, txnId: string, error: string): RoomModel {
  return updatePending(room, txnId, (p) => ({ ...p, status: "failed", error }));
}

export function markPendingRetrying(room: RoomModel, txnId: string): RoomModel {
  return updatePending(room, txnId, ({ error: _error, ...p }) => ({ ...p, status: "sending" }));
}

export function discardPending(room: RoomModel, txnId: string): RoomModel {
  return { ...room, pending: room.pending.filter((p) => p.txnId !== txnId) };
}

/**
 * Drop the pending entries a timeline event accounts for: the server echoes
 * `unsigned.transaction_id` to the device that sent it ("Transaction
 * identifiers"); the event ID covers an echo that lacks it.
 */
export function reconcilePending(
  pending: readonly PendingEvent[],
  event: { event_id: string; unsigned?: { transaction_id?: string } | undefined },
): readonly PendingEvent[] {
  const txnId = event.unsigned?.transaction_id;
  const remaining = pending.filter((p) => p.txnId !== txnId && p.eventId !== event.event_id);
  return remaining.length === pending.length ? pending : remaining;
}

function updatePending(room: RoomModel, txnId: string, update: (pending: PendingEvent) => PendingEvent): RoomModel {
  if (!room.pending.some((p) => p.txnId === txnId)) return room;
  return { ...room, pending: room.pending.map((p) => (p.txnId === txnId ? update(p) : p)) };
}
