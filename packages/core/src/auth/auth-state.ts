import { stateKeyOf, type RoomEvent } from "../events/pdu.js";

/** The state the authorization rules read: one event per `(type, state_key)`. */
export interface AuthState {
  get(type: string, stateKey: string): RoomEvent | undefined;
}

/**
 * An `AuthState` over the given events, keyed by `(type, state_key)`; events
 * without a state key are ignored, and a later event replaces an earlier one
 * with the same key.
 */
export function authStateFromEvents(events: Iterable<RoomEvent>): AuthState {
  const byKey = new Map<string, RoomEvent>();
  for (const event of events) {
    if (event.stateKey !== undefined) byKey.set(stateKeyOf(event.type, event.stateKey), event);
  }
  return { get: (type, stateKey) => byKey.get(stateKeyOf(type, stateKey)) };
}
