import { authTypesFor, authorize } from "../auth/index.js";
import type { AuthState, AuthorizeOptions } from "../auth/index.js";
import { stateKeyOf } from "../events/pdu.js";
import type { RoomEvent, StateKey } from "../events/pdu.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import type { EventLoader } from "./event-loader.js";
import { LayeredState } from "./layered-state.js";
import type { StateLookup } from "./layered-state.js";
import { createEventIdOf } from "./power-events.js";

export interface IterativeAuthChecksResult {
  /** The state after the checks: the initial state with `changes` over it. */
  readonly state: LayeredState;
  /** The keys the allowed events set, to the last allowed event of each. */
  readonly changes: Map<StateKey, string>;
  /** Events the authorization rules did not allow, in input order. */
  readonly rejected: string[];
}

const CREATE_KEY = stateKeyOf("m.room.create", "");

/**
 * Spec v2 "Iterative auth checks": applies each event of `orderedIds` to the
 * state, in order, if the authorization rules allow it against that state;
 * events not allowed are left out.
 *
 * The auth state of each event holds, for each key the auth events
 * selection names, the event of the partially resolved state, and where the
 * state has none, the event's own auth event for that key unless it was
 * rejected on receipt. Room v12: the create event named by the room ID.
 *
 * Everything an event's check can read is loaded in one batch first.
 */
export async function iterativeAuthChecks(
  loader: EventLoader,
  roomVersion: RoomVersion,
  initialState: StateLookup,
  orderedIds: readonly string[],
  authorizeOptions?: AuthorizeOptions,
): Promise<IterativeAuthChecksResult> {
  await loader.load(orderedIds);
  const events = orderedIds.map((id) => loader.get(id));
  const authKeysOf = new Map<string, StateKey[]>();
  const toLoad = new Set<string>();
  for (const event of events) {
    const keys = authTypesFor(event, roomVersion).map(([type, stateKey]) => stateKeyOf(type, stateKey));
    authKeysOf.set(event.eventId, keys);
    for (const key of keys) {
      const id = initialState.get(key);
      if (id !== undefined) toLoad.add(id);
    }
    for (const id of event.authEventIds) toLoad.add(id);
    if (roomVersion.roomIdFromCreateEvent) toLoad.add(createEventIdOf(event, roomVersion, loader)!);
  }
  await loader.load(toLoad);

  const changes = new Map<StateKey, string>();
  const state = new LayeredState(initialState, changes);
  const rejected: string[] = [];
  for (const event of events) {
    const authEvents = new Map<StateKey, RoomEvent>();
    for (const id of event.authEventIds) {
      const authEvent = loader.get(id);
      if (authEvent.stateKey !== undefined && !loader.isRejected(id)) authEvents.set(stateKeyOf(authEvent.type, authEvent.stateKey), authEvent);
    }
    for (const key of authKeysOf.get(event.eventId)!) {
      const id = state.get(key);
      if (id !== undefined) authEvents.set(key, loader.get(id));
    }
    if (roomVersion.roomIdFromCreateEvent && !authEvents.has(CREATE_KEY)) {
      authEvents.set(CREATE_KEY, loader.get(createEventIdOf(event, roomVersion, loader)!));
    }
    const authState: AuthState = { get: (type, stateKey) => authEvents.get(stateKeyOf(type, stateKey)) };
    if (authorize(event, authState, roomVersion, authorizeOptions).allowed && event.stateKey !== undefined) {
      changes.set(stateKeyOf(event.type, event.stateKey), event.eventId);
    } else {
      rejected.push(event.eventId);
    }
  }
  return { state, changes, rejected };
}
