import type { AuthorizeOptions } from "../auth/index.js";
import { stateKeyOf } from "../events/pdu.js";
import type { StateKey } from "../events/pdu.js";
import { compareCodePoints } from "../json/canonical-json.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { authDifference } from "./auth-difference.js";
import { conflictedStateSubgraph } from "./conflicted-subgraph.js";
import { EventLoader } from "./event-loader.js";
import { iterativeAuthChecks } from "./iterative-auth-checks.js";
import { mainlineOrdering } from "./mainline-ordering.js";
import { sortedPowerEventsOf } from "./power-ordering.js";
import { conflictedEventIds, splitConflictedState } from "./split-state.js";
import type { StateMap, StateResolutionStore, StateResolutionV2Trace } from "./types.js";

export interface ResolveStateV2Options {
  /** Room v12 changes ("v2.1"): conflicted state subgraph; power events checked from an empty state. */
  readonly v21: boolean;
  /**
   * Whether the events of a state set count as part of that set's full auth
   * chain when computing the auth difference. Default true.
   *
   * Read literally, spec v2 "Auth difference" takes only the auth chains of
   * the events (an event's auth chain does not hold the event itself), so an
   * unconflicted event that some set's events cite and another set's events
   * do not would be in the auth difference and re-sorted with the conflicted
   * events. Synapse — and therefore the rooms of the federation — counts the
   * state events themselves as reachable, and an unconflicted event is then
   * never in the difference. The two readings resolve some states
   * differently (Synapse 1.67 vectors `v2/power_sort_tiebreak_by_ts` and
   * `v10/power_sort_tiebreak_by_ts`); servers must agree to converge, so the
   * default follows the network. `false` gives the literal reading.
   */
  readonly stateEventsInAuthChains?: boolean;
  /** Passed to `authorize` in the iterative auth checks. */
  readonly authorizeOptions?: AuthorizeOptions;
}

const POWER_LEVELS_KEY = stateKeyOf("m.room.power_levels", "");

/** State resolution v2 (spec "Room version 2" … "State resolution"; with `v21`, room v12's changes). */
export async function resolveStateV2(
  roomVersion: RoomVersion,
  stateSets: readonly StateMap[],
  store: StateResolutionStore,
  options: ResolveStateV2Options,
): Promise<StateMap> {
  return (await runStateResolutionV2(roomVersion, stateSets, store, options, false)).state;
}

/** `resolveStateV2` that also returns the value of every step. */
export async function resolveStateV2WithTrace(
  roomVersion: RoomVersion,
  stateSets: readonly StateMap[],
  store: StateResolutionStore,
  options: ResolveStateV2Options,
): Promise<{ state: StateMap; trace: StateResolutionV2Trace }> {
  const { state, trace } = await runStateResolutionV2(roomVersion, stateSets, store, options, true);
  return { state, trace: trace! };
}

async function runStateResolutionV2(
  roomVersion: RoomVersion,
  stateSets: readonly StateMap[],
  store: StateResolutionStore,
  options: ResolveStateV2Options,
  tracing: boolean,
): Promise<{ state: StateMap; trace: StateResolutionV2Trace | undefined }> {
  const { unconflicted, conflicted } = splitConflictedState(stateSets);
  if (conflicted.size === 0) {
    const trace = tracing ? noConflictTrace(unconflicted) : undefined;
    return { state: unconflicted, trace };
  }
  const loader = new EventLoader(store);

  const conflictedIds = conflictedEventIds(conflicted);
  const difference = store.getAuthChainDifference
    ? new Set(await store.getAuthChainDifference(stateSets.map((set) => [...set.values()])))
    : await authDifference(loader, stateSets, unconflicted, options.stateEventsInAuthChains ?? true);
  const subgraph = options.v21 ? await conflictedStateSubgraph(loader, conflictedIds) : new Set<string>();
  const fullConflictedSet = new Set([...conflictedIds, ...subgraph, ...difference]);

  // Steps 1 and 2: power events, checked from the unconflicted state (v2) or from nothing (v2.1).
  const sortedPowerEvents = await sortedPowerEventsOf(loader, roomVersion, fullConflictedSet);
  const powerStart: ReadonlyMap<StateKey, string> = options.v21 ? new Map() : unconflicted;
  const afterPower = await iterativeAuthChecks(loader, roomVersion, powerStart, sortedPowerEvents, options.authorizeOptions);

  // Steps 3 and 4: everything else, in mainline order of the resolved power levels.
  const powerEventSet = new Set(sortedPowerEvents);
  const others = [...fullConflictedSet].filter((id) => !powerEventSet.has(id));
  const mainlinePowerLevelsEvent = afterPower.state.get(POWER_LEVELS_KEY);
  const sortedOthers = await mainlineOrdering(loader, mainlinePowerLevelsEvent, others);
  const afterOthers = await iterativeAuthChecks(loader, roomVersion, afterPower.state, sortedOthers, options.authorizeOptions);

  // Step 5: the unconflicted state map wins over anything the checks produced
  // (in v2 it was also their starting point, so it covers that too).
  const resolved = new Map([...afterPower.changes, ...afterOthers.changes]);
  for (const [key, id] of unconflicted) resolved.set(key, id);

  let trace: StateResolutionV2Trace | undefined;
  if (tracing) {
    const stateAfterPower = new Map([...powerStart, ...afterPower.changes]);
    trace = {
      unconflictedState: unconflicted,
      conflictedState: new Map([...conflicted].map(([key, ids]) => [key, [...ids].sort(compareCodePoints)])),
      authDifference: difference,
      conflictedStateSubgraph: subgraph,
      fullConflictedSet,
      sortedPowerEvents,
      iterativeAuthChecks: [
        { inputOrder: sortedPowerEvents, stateAfter: stateAfterPower, rejected: afterPower.rejected },
        { inputOrder: sortedOthers, stateAfter: new Map([...stateAfterPower, ...afterOthers.changes]), rejected: afterOthers.rejected },
      ],
      mainlinePowerLevelsEvent,
      mainlineSortedOtherEvents: sortedOthers,
    };
  }
  return { state: resolved, trace };
}

function noConflictTrace(unconflicted: StateMap): StateResolutionV2Trace {
  return {
    unconflictedState: unconflicted,
    conflictedState: new Map(),
    authDifference: new Set(),
    conflictedStateSubgraph: new Set(),
    fullConflictedSet: new Set(),
    sortedPowerEvents: [],
    iterativeAuthChecks: [],
    mainlinePowerLevelsEvent: undefined,
    mainlineSortedOtherEvents: [],
  };
}
