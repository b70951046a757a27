// State resolution v1, v2 and v2 with the room v12 changes (spec "Room Versions").
export type { StateMap, StateResolutionStore, StateResolutionV2Trace, IterativeAuthChecksTrace } from "./types.js";
export { resolveState } from "./resolve.js";
export type { ResolveStateOptions } from "./resolve.js";
export { resolveStateV1, sortByDepthThenHash } from "./resolve-v1.js";
export { resolveStateV2, resolveStateV2WithTrace } from "./resolve-v2.js";
export type { ResolveStateV2Options } from "./resolve-v2.js";
// Building blocks, for tests and tracing.
export { EventLoader } from "./event-loader.js";
export { splitConflictedState, conflictedEventIds } from "./split-state.js";
export type { SplitState } from "./split-state.js";
export { collectAuthChains } from "./auth-chain.js";
export { authDifference } from "./auth-difference.js";
export { conflictedStateSubgraph } from "./conflicted-subgraph.js";
export { isPowerEvent } from "./power-events.js";
export { sortedPowerEventsOf, reverseTopologicalPowerOrdering, comparePowerSortKeys } from "./power-ordering.js";
export { mainlineOf, mainlinePositions, mainlineOrdering } from "./mainline-ordering.js";
export { iterativeAuthChecks } from "./iterative-auth-checks.js";
export { LayeredState } from "./layered-state.js";
export type { StateLookup } from "./layered-state.js";
export type { IterativeAuthChecksResult } from "./iterative-auth-checks.js";
export { memoryStateResolutionStore } from "./memory-store.js";
