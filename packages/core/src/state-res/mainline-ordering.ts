import { compareCodePoints } from "../json/canonical-json.js";
import type { RoomEvent } from "../events/pdu.js";
import type { EventLoader } from "./event-loader.js";
import { findAuthEventOfType } from "./power-events.js";

/** The power-levels event among an event's auth events, loading them first. */
async function powerLevelsAuthEventOf(loader: EventLoader, event: RoomEvent): Promise<RoomEvent | undefined> {
  await loader.load(event.authEventIds);
  return findAuthEventOfType(event, "m.room.power_levels", loader);
}

/**
 * Spec v2 "Mainline ordering": the mainline of P₀ is [P₀, P₁, …, Pₙ], each
 * the power-levels event in the auth events of the one before.
 */
export async function mainlineOf(loader: EventLoader, powerLevelsEventId: string): Promise<string[]> {
  await loader.load([powerLevelsEventId]);
  const mainline: string[] = [];
  const seen = new Set<string>();
  for (let event: RoomEvent | undefined = loader.get(powerLevelsEventId); event !== undefined && !seen.has(event.eventId); ) {
    seen.add(event.eventId);
    mainline.push(event.eventId);
    event = await powerLevelsAuthEventOf(loader, event);
  }
  return mainline;
}

/**
 * Mainline positions (spec v2 "Mainline ordering") of `eventIds` against
 * `mainline`: the index in the mainline of the first eⱼ (j ≥ 1) of each
 * event's power-levels ancestry that lies on it, or Infinity if none does.
 *
 * First the power-levels parents of all events are found together, one
 * level per store call, each event visited once; then each position is
 * read off those links, remembering every position found on the way.
 */
export async function mainlinePositions(
  loader: EventLoader,
  mainline: readonly string[],
  eventIds: Iterable<string>,
): Promise<Map<string, number>> {
  const indexOnMainline = new Map(mainline.map((id, i) => [id, i]));
  const origins = [...new Set(eventIds)];
  await loader.load(origins);

  const powerLevelsParent = new Map<string, string | undefined>();
  let level = origins;
  while (level.length > 0) {
    await loader.load(level.flatMap((id) => loader.get(id).authEventIds));
    const next: string[] = [];
    for (const id of level) {
      const parentId = findAuthEventOfType(loader.get(id), "m.room.power_levels", loader)?.eventId;
      powerLevelsParent.set(id, parentId);
      if (parentId !== undefined && !indexOnMainline.has(parentId) && !powerLevelsParent.has(parentId)) {
        powerLevelsParent.set(parentId, undefined); // claimed; filled in on the next level
        next.push(parentId);
      }
    }
    level = next;
  }

  const known = new Map<string, number>();
  const positionOf = (origin: string): number => {
    const path: string[] = [];
    const onPath = new Set<string>();
    let position: number | undefined;
    for (let id = origin; position === undefined; ) {
      path.push(id);
      onPath.add(id);
      const parentId = powerLevelsParent.get(id);
      if (parentId === undefined || onPath.has(parentId)) position = Infinity;
      else position = indexOnMainline.get(parentId) ?? known.get(parentId);
      if (position === undefined) id = parentId!;
    }
    for (const id of path) known.set(id, position);
    return position;
  };
  const positions = new Map<string, number>();
  for (const id of origins) positions.set(id, known.get(id) ?? positionOf(id));
  return positions;
}

/**
 * The mainline ordering based on `powerLevelsEventId` (spec v2 "Mainline
 * ordering"): greater mainline position first, then smaller
 * `origin_server_ts`, then smaller event ID. Without a power-levels event
 * every position is ∞ and only the tie-breaks order.
 */
export async function mainlineOrdering(
  loader: EventLoader,
  powerLevelsEventId: string | undefined,
  eventIds: Iterable<string>,
): Promise<string[]> {
  const mainline = powerLevelsEventId === undefined ? [] : await mainlineOf(loader, powerLevelsEventId);
  const positions = await mainlinePositions(loader, mainline, eventIds);
  const keys = [...positions].map(([id, position]) => ({ id, position, ts: loader.get(id).originServerTs }));
  keys.sort((x, y) => {
    if (x.position !== y.position) return x.position > y.position ? -1 : 1;
    if (x.ts !== y.ts) return x.ts < y.ts ? -1 : 1;
    return compareCodePoints(x.id, y.id);
  });
  return keys.map((key) => key.id);
}
