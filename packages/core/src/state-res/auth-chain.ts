import type { EventLoader } from "./event-loader.js";

/**
 * The union of the auth chains of `startIds` (spec v2 "Auth chain": every
 * event reachable through `auth_events` links). A start event is in the
 * result only if another start event's chain reaches it, or if
 * `includeStart` is set.
 *
 * Walks breadth-first, loading one whole level per store call. Events in
 * `stopAt` are neither included nor walked past; callers pass a set that is
 * closed under auth chains, so nothing beyond it could be outside it.
 */
export async function collectAuthChains(
  loader: EventLoader,
  startIds: Iterable<string>,
  stopAt?: ReadonlySet<string>,
  includeStart = false,
): Promise<Set<string>> {
  const chain = new Set<string>();
  let level = [...new Set(startIds)].filter((id) => !stopAt?.has(id));
  await loader.load(level);
  if (includeStart) for (const id of level) chain.add(id);
  let parents = nextLevel(loader, level, chain, stopAt);
  while (parents.length > 0) {
    await loader.load(parents);
    level = parents;
    parents = nextLevel(loader, level, chain, stopAt);
  }
  return chain;
}

/** Auth events of `level` not seen before; marks them as part of `chain`. */
function nextLevel(loader: EventLoader, level: readonly string[], chain: Set<string>, stopAt: ReadonlySet<string> | undefined): string[] {
  const next: string[] = [];
  for (const id of level) {
    for (const authId of loader.get(id).authEventIds) {
      if (chain.has(authId) || stopAt?.has(authId)) continue;
      chain.add(authId);
      next.push(authId);
    }
  }
  return next;
}
