import type { RoomEvent } from "../events/pdu.js";
import type { StateResolutionStore } from "./types.js";

/**
 * A `StateResolutionStore` over events held in memory (tests, tools, a
 * client that resolves state itself). Events in `rejectedIds` count as
 * rejected on receipt.
 */
export function memoryStateResolutionStore(events: Iterable<RoomEvent>, rejectedIds: Iterable<string> = []): StateResolutionStore {
  const byId = new Map<string, RoomEvent>();
  for (const event of events) byId.set(event.eventId, event);
  const rejected = new Set(rejectedIds);
  return {
    getEvents(ids) {
      const found = new Map<string, RoomEvent>();
      for (const id of ids) {
        const event = byId.get(id);
        if (event !== undefined) found.set(id, event);
      }
      return found;
    },
    isRejected: (id) => rejected.has(id),
  };
}
