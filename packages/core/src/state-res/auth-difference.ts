import type { StateKey } from "../events/pdu.js";
import { collectAuthChains } from "./auth-chain.js";
import type { EventLoader } from "./event-loader.js";
import type { StateMap } from "./types.js";

/**
 * The auth difference ∪Cᵢ − ∩Cᵢ (spec v2 "Auth difference"), Cᵢ being the
 * union of the auth chains of the events of state set i — and, with
 * `includeStateEvents`, those events themselves (see `ResolveStateV2Options`).
 *
 * Every Cᵢ contains U, the chains of the unconflicted events (with
 * `includeStateEvents`, and those events), so with
 * Dᵢ = Cᵢ − U the difference is ∪Dᵢ − ∩Dᵢ. U is closed under auth chains,
 * so Dᵢ is found by walking from set i's conflicted events and stopping at
 * U: the shared history is walked once, not once per set.
 */
export async function authDifference(
  loader: EventLoader,
  stateSets: readonly StateMap[],
  unconflicted: ReadonlyMap<StateKey, string>,
  includeStateEvents: boolean,
): Promise<Set<string>> {
  const commonChain = await collectAuthChains(loader, unconflicted.values(), undefined, includeStateEvents);
  const perSet: Set<string>[] = [];
  for (const set of stateSets) {
    const conflictedIds: string[] = [];
    for (const [key, id] of set) if (unconflicted.get(key) !== id) conflictedIds.push(id);
    perSet.push(await collectAuthChains(loader, conflictedIds, commonChain, includeStateEvents));
  }
  const difference = new Set<string>();
  for (const chain of perSet) {
    for (const id of chain) {
      if (!difference.has(id) && !perSet.every((other) => other.has(id))) difference.add(id);
    }
  }
  return difference;
}
