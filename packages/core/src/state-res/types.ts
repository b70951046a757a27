import type { RoomEvent, StateKey } from "../events/pdu.js";

/** A room state: `stateKeyOf(type, state_key)` → event ID. */
export type StateMap = ReadonlyMap<StateKey, string>;

/**
 * Where state resolution gets events from. Everything else it does is pure.
 *
 * `getEvents` may return fewer events than asked for; a missing event that
 * the algorithm needs ends the resolution with a `MISSING_EVENT` error.
 * The optional hooks let a server with indexed auth chains answer directly
 * instead of having events walked.
 */
export interface StateResolutionStore {
  getEvents(ids: readonly string[]): Promise<ReadonlyMap<string, RoomEvent>> | ReadonlyMap<string, RoomEvent>;
  /**
   * Events rejected on receipt (spec "Checks performed on receipt of a
   * PDU"). They are not used as auth events in the iterative auth checks.
   * Without this hook no event counts as rejected.
   */
  isRejected?(eventId: string): boolean;
  /**
   * The auth difference of the given state sets (spec v2 "Auth difference":
   * ∪Cᵢ − ∩Cᵢ), with each set's own events counted in its Cᵢ as Synapse
   * does (see `ResolveStateV2Options.stateEventsInAuthChains`). When present
   * it replaces walking the auth chains, whatever that option says.
   */
  getAuthChainDifference?(stateSets: readonly (readonly string[])[]): Promise<Iterable<string>> | Iterable<string>;
}

/** The per-step values of one v2 resolution, for tests and debugging. */
export interface StateResolutionV2Trace {
  readonly unconflictedState: StateMap;
  /** Each conflicted key with the distinct event IDs the sets hold for it (sorted). */
  readonly conflictedState: ReadonlyMap<StateKey, readonly string[]>;
  readonly authDifference: ReadonlySet<string>;
  /** Room v12 ("v2.1") only; empty otherwise. */
  readonly conflictedStateSubgraph: ReadonlySet<string>;
  readonly fullConflictedSet: ReadonlySet<string>;
  readonly sortedPowerEvents: readonly string[];
  /** Step 2 (power events), then step 4 (the other events). */
  readonly iterativeAuthChecks: readonly IterativeAuthChecksTrace[];
  readonly mainlinePowerLevelsEvent: string | undefined;
  readonly mainlineSortedOtherEvents: readonly string[];
}

export interface IterativeAuthChecksTrace {
  readonly inputOrder: readonly string[];
  readonly stateAfter: StateMap;
  /** Events of `inputOrder` the authorization rules did not allow. */
  readonly rejected: readonly string[];
}
