import type { StateKey } from "../events/pdu.js";
import type { StateMap } from "./types.js";

export interface SplitState {
  /** Keys present in every state set with the same event (spec v2 "Unconflicted state map"). */
  readonly unconflicted: Map<StateKey, string>;
  /** Every other key, with the distinct events the sets hold for it, in first-seen order. */
  readonly conflicted: Map<StateKey, string[]>;
}

/**
 * Splits state sets into the unconflicted state map and the conflicted state
 * set (spec v2 "Unconflicted state map and conflicted state set"; v1 calls
 * the conflicted events "conflicting"). A key missing from some set is
 * conflicted even if all the sets that have it agree.
 */
export function splitConflictedState(stateSets: readonly StateMap[]): SplitState {
  const unconflicted = new Map<StateKey, string>();
  const conflicted = new Map<StateKey, string[]>();
  const classify = (key: StateKey) => {
    const first = stateSets[0]!.get(key);
    let same = first !== undefined;
    for (let i = 1; same && i < stateSets.length; i++) same = stateSets[i]!.get(key) === first;
    if (same) {
      unconflicted.set(key, first!);
      return;
    }
    const values: string[] = [];
    for (const set of stateSets) {
      const id = set.get(key);
      if (id !== undefined && !values.includes(id)) values.push(id);
    }
    conflicted.set(key, values);
  };
  const [first, ...others] = stateSets;
  if (first === undefined) return { unconflicted, conflicted };
  for (const key of first.keys()) classify(key);
  // Keys the first set lacks are conflicted; each is classified once.
  for (const set of others) for (const key of set.keys()) if (!first.has(key) && !conflicted.has(key)) classify(key);
  return { unconflicted, conflicted };
}

/** The conflicted state set as a set of event IDs. */
export function conflictedEventIds(conflicted: ReadonlyMap<StateKey, readonly string[]>): Set<string> {
  const ids = new Set<string>();
  for (const values of conflicted.values()) for (const id of values) ids.add(id);
  return ids;
}
