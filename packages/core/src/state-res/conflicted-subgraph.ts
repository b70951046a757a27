import { collectAuthChains } from "./auth-chain.js";
import type { EventLoader } from "./event-loader.js";

/**
 * The conflicted state subgraph (room v12, spec v2 "Conflicted state
 * subgraph"): every event on an `auth_events` path from one conflicted event
 * to another, endpoints included.
 *
 * An event is on such a path when it is in the chain of (or is) a conflicted
 * event and a conflicted event is in its chain (or is it). The first set is
 * walked forwards; within it, the second is walked backwards from the
 * conflicted events along reversed auth edges.
 */
export async function conflictedStateSubgraph(loader: EventLoader, conflictedIds: ReadonlySet<string>): Promise<Set<string>> {
  const reachable = await collectAuthChains(loader, conflictedIds);
  for (const id of conflictedIds) reachable.add(id);
  const children = new Map<string, string[]>();
  for (const id of reachable) {
    for (const authId of loader.get(id).authEventIds) {
      let list = children.get(authId);
      if (list === undefined) children.set(authId, (list = []));
      list.push(id);
    }
  }
  const subgraph = new Set<string>(conflictedIds);
  const stack = [...conflictedIds];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    for (const child of children.get(id) ?? []) {
      if (!subgraph.has(child)) {
        subgraph.add(child);
        stack.push(child);
      }
    }
  }
  return subgraph;
}
