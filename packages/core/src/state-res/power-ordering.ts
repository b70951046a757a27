import { MatrixCoreError } from "../errors.js";
import { compareCodePoints } from "../json/canonical-json.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import { collectAuthChains } from "./auth-chain.js";
import { BinaryHeap } from "./binary-heap.js";
import type { EventLoader } from "./event-loader.js";
import { createEventIdOf, findAuthEventOfType, isPowerEvent } from "./power-events.js";
import { userPowerLevel } from "../power-levels/index.js";

/**
 * Step 1 of spec v2 "Algorithm": the power events of the full conflicted
 * set, with the events of their auth chains that are also in the full
 * conflicted set, in reverse topological power ordering.
 */
export async function sortedPowerEventsOf(
  loader: EventLoader,
  roomVersion: RoomVersion,
  fullConflictedSet: ReadonlySet<string>,
): Promise<string[]> {
  await loader.load(fullConflictedSet);
  const powerEventIds = [...fullConflictedSet].filter((id) => isPowerEvent(loader.get(id)));
  const selected = new Set(powerEventIds);
  for (const id of await collectAuthChains(loader, powerEventIds)) if (fullConflictedSet.has(id)) selected.add(id);
  return reverseTopologicalPowerOrdering(loader, roomVersion, selected);
}

interface PowerSortKey {
  readonly id: string;
  readonly senderPower: number;
  readonly originServerTs: number;
}

/**
 * Spec v2 "Reverse topological power ordering" comparison: greater sender
 * power level first, then smaller `origin_server_ts`, then smaller event ID.
 */
export function comparePowerSortKeys(x: PowerSortKey, y: PowerSortKey): number {
  if (x.senderPower !== y.senderPower) return x.senderPower > y.senderPower ? -1 : 1;
  if (x.originServerTs !== y.originServerTs) return x.originServerTs < y.originServerTs ? -1 : 1;
  return compareCodePoints(x.id, y.id);
}

/**
 * Spec v2 "Reverse topological power ordering": the lexicographically
 * smallest topological order of `eventIds` under the auth-event DAG, found
 * with Kahn's algorithm taking the smallest candidate (by
 * `comparePowerSortKeys`) at each step. The sender's power level is read
 * from the event's own auth events.
 *
 * The order must respect ancestry through events outside the set too (x is
 * in the chain of y via z ∉ set ⇒ x before y), so Kahn's algorithm runs on
 * the whole auth graph above the set; events outside the set are released
 * as soon as they become ready and are not part of the output.
 *
 * The auth chains of the events must be loaded (room v12: and the create
 * event).
 */
export async function reverseTopologicalPowerOrdering(
  loader: EventLoader,
  roomVersion: RoomVersion,
  eventIds: ReadonlySet<string>,
): Promise<string[]> {
  await loader.load(eventIds);
  const graph = new Set(eventIds);
  for (const id of await collectAuthChains(loader, eventIds)) graph.add(id);
  if (roomVersion.roomIdFromCreateEvent) {
    await loader.load([...eventIds].map((id) => createEventIdOf(loader.get(id), roomVersion, loader)!));
  }

  const pendingParents = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const id of graph) {
    const parents = new Set(loader.get(id).authEventIds);
    pendingParents.set(id, parents.size);
    for (const parent of parents) {
      let list = children.get(parent);
      if (list === undefined) children.set(parent, (list = []));
      list.push(id);
    }
  }

  const candidates = new BinaryHeap<PowerSortKey>(comparePowerSortKeys);
  const readyOutsiders: string[] = [];
  const makeReady = (id: string): void => {
    if (!eventIds.has(id)) {
      readyOutsiders.push(id);
      return;
    }
    const event = loader.get(id);
    const powerLevels = findAuthEventOfType(event, "m.room.power_levels", loader);
    const createId = createEventIdOf(event, roomVersion, loader);
    const create = createId === undefined ? undefined : loader.get(createId);
    candidates.push({ id, senderPower: userPowerLevel(event.sender, powerLevels, create, roomVersion), originServerTs: event.originServerTs });
  };
  const release = (id: string): void => {
    for (const child of children.get(id) ?? []) {
      const left = pendingParents.get(child)! - 1;
      pendingParents.set(child, left);
      if (left === 0) makeReady(child);
    }
  };

  for (const [id, count] of pendingParents) if (count === 0) makeReady(id);
  const order: string[] = [];
  for (;;) {
    for (let id = readyOutsiders.pop(); id !== undefined; id = readyOutsiders.pop()) release(id);
    const next = candidates.pop();
    if (next === undefined) break;
    order.push(next.id);
    release(next.id);
  }
  if (order.length !== eventIds.size) {
    throw new MatrixCoreError("INVALID_EVENT", "the auth events of the events being resolved form a cycle");
  }
  return order;
}
