import type { AuthorizeOptions } from "../auth/index.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { resolveStateV1 } from "./resolve-v1.js";
import { resolveStateV2 } from "./resolve-v2.js";
import type { StateMap, StateResolutionStore } from "./types.js";

/**
 * The resolution of a set of room states with the algorithm of the room
 * version (`roomVersion.stateResolution`): v1 (room 1), v2 (rooms 2–11) or
 * v2 with the room v12 changes.
 */
export async function resolveState(
  roomVersion: RoomVersion,
  stateSets: readonly StateMap[],
  store: StateResolutionStore,
  options: ResolveStateOptions = {},
): Promise<StateMap> {
  switch (roomVersion.stateResolution) {
    case "v1":
      return resolveStateV1(roomVersion, stateSets, store, options);
    case "v2":
      return resolveStateV2(roomVersion, stateSets, store, { ...options, v21: false });
    case "v2.1":
      return resolveStateV2(roomVersion, stateSets, store, { ...options, v21: true });
  }
}

export interface ResolveStateOptions {
  /** Passed to `authorize` wherever the algorithm checks an event. */
  readonly authorizeOptions?: AuthorizeOptions;
}
