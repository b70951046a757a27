import { sha1 } from "@noble/hashes/legacy.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";
import { authTypesFor, authorize } from "../auth/index.js";
import type { AuthState, AuthorizeOptions } from "../auth/index.js";
import { parseStateKey, stateKeyOf } from "../events/pdu.js";
import type { RoomEvent, StateKey } from "../events/pdu.js";
import { compareCodePoints } from "../json/canonical-json.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { EventLoader } from "./event-loader.js";
import { splitConflictedState } from "./split-state.js";
import type { StateMap, StateResolutionStore } from "./types.js";

const CREATE_KEY = stateKeyOf("m.room.create", "");

/** The event types v1 resolves first, in this order, because they affect authorisation. */
const AUTH_PASS_TYPES = ["m.room.power_levels", "m.room.join_rules", "m.room.member"] as const;

/**
 * State resolution v1 (spec "Room version 1" → "State resolution").
 *
 * R starts as the union of the states without the conflicting events. Then,
 * for power levels, join rules and memberships in that order, each
 * conflicted key's events are sorted by ascending depth then descending
 * sha1(event_id); the first goes into R, each next one replaces it while the
 * authorization rules allow it in R, and the first one not allowed ends
 * that key. Every other conflicted key takes the event of highest depth,
 * then lowest sha1(event_id), that the rules allow in R.
 *
 * Readings of the prose: a "conflict" is between events for the same
 * (type, state_key), so each key is resolved on its own (keys of one type in
 * code-point order, R updated after each); a key of the last kind whose
 * events are all disallowed is left out of R, as no event "passes".
 */
export async function resolveStateV1(
  roomVersion: RoomVersion,
  stateSets: readonly StateMap[],
  store: StateResolutionStore,
  options: { readonly authorizeOptions?: AuthorizeOptions } = {},
): Promise<StateMap> {
  const { unconflicted, conflicted } = splitConflictedState(stateSets);
  if (conflicted.size === 0) return unconflicted;
  const loader = new EventLoader(store);
  const conflictedIds = [...conflicted.values()].flat();
  await loader.load(conflictedIds);

  // The checks read R for the keys each event's auth events selection names
  // (the rules depend on nothing else); load those events up front.
  const authKeysOf = new Map<string, Set<StateKey>>();
  const neededFromR = new Set<string>();
  for (const id of conflictedIds) {
    const keys = new Set(authTypesFor(loader.get(id), roomVersion).map(([type, stateKey]) => stateKeyOf(type, stateKey)));
    keys.add(CREATE_KEY);
    authKeysOf.set(id, keys);
    for (const key of keys) {
      const inR = unconflicted.get(key);
      if (inR !== undefined) neededFromR.add(inR);
    }
  }
  await loader.load(neededFromR);

  const resolved = new Map(unconflicted);
  const allowedInR = (event: RoomEvent): boolean => {
    const keys = authKeysOf.get(event.eventId)!;
    const authState: AuthState = {
      get: (type, stateKey) => {
        const key = stateKeyOf(type, stateKey);
        const id = keys.has(key) ? resolved.get(key) : undefined;
        return id === undefined ? undefined : loader.get(id);
      },
    };
    return authorize(event, authState, roomVersion, options.authorizeOptions).allowed;
  };

  const keysByPass = new Map<string, StateKey[]>();
  const otherKeys: StateKey[] = [];
  for (const key of [...conflicted.keys()].sort(compareCodePoints)) {
    const [type] = parseStateKey(key);
    if ((AUTH_PASS_TYPES as readonly string[]).includes(type)) {
      let keys = keysByPass.get(type);
      if (keys === undefined) keysByPass.set(type, (keys = []));
      keys.push(key);
    } else {
      otherKeys.push(key);
    }
  }

  for (const type of AUTH_PASS_TYPES) {
    for (const key of keysByPass.get(type) ?? []) {
      const [first, ...rest] = sortByDepthThenHash(conflicted.get(key)!.map((id) => loader.get(id)));
      resolved.set(key, first!.eventId);
      for (const event of rest) {
        if (!allowedInR(event)) break;
        resolved.set(key, event.eventId);
      }
    }
  }

  for (const key of otherKeys) {
    const candidates = sortByDepthThenHash(conflicted.get(key)!.map((id) => loader.get(id))).reverse();
    const chosen = candidates.find(allowedInR);
    if (chosen !== undefined) resolved.set(key, chosen.eventId);
  }
  return resolved;
}

/** Ascending `depth`, then descending sha1(event_id) (the v1 order). */
export function sortByDepthThenHash(events: readonly RoomEvent[]): RoomEvent[] {
  const keyed = events.map((event) => ({ event, hash: bytesToHex(sha1(utf8ToBytes(event.eventId))) }));
  keyed.sort((x, y) => {
    if (x.event.depth !== y.event.depth) return x.event.depth - y.event.depth;
    return x.hash < y.hash ? 1 : x.hash > y.hash ? -1 : 0;
  });
  return keyed.map(({ event }) => event);
}
