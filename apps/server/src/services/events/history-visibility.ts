import type { Storage, StoredEvent } from "../../storage/storage.js";
import type { RoomEventCache } from "./room-event-cache.js";

// Spec: client-server "Room History Visibility", "Server behaviour".

type Visibility = "world_readable" | "shared" | "invited" | "joined";

function readVisibility(value: unknown): Visibility {
  // "By default if no history_visibility is set, or if the value is not understood, the visibility is assumed to be shared."
  return value === "world_readable" || value === "invited" || value === "joined" ? value : "shared";
}

interface StateView {
  visibility: Visibility;
  membership: string | undefined;
}

/**
 * Which events a user may see, decided with the room's state *at each
 * event* (read from the stored state groups, in one batched query for the
 * whole list).
 */
export class HistoryVisibility {
  constructor(
    private readonly storage: Storage,
    private readonly cache: RoomEventCache,
  ) {}

  async filterVisible(userId: string, events: readonly StoredEvent[]): Promise<StoredEvent[]> {
    if (events.length === 0) return [];
    const groups = new Set<number>();
    for (const event of events) {
      if (event.stateGroupBefore !== null) groups.add(event.stateGroupBefore);
      if (event.stateGroup !== null) groups.add(event.stateGroup);
    }
    const entries = await this.storage.roomState.stateAtGroupsForKeys([...groups], [
      ["m.room.history_visibility", ""],
      ["m.room.member", userId],
    ]);
    const stateEvents = await this.cache.load([...entries.values()].flatMap((list) => list.map((entry) => entry.eventId)));
    const views = new Map<number, StateView>();
    for (const [group, list] of entries) {
      const view: StateView = { visibility: "shared", membership: undefined };
      for (const entry of list) {
        const content = stateEvents.get(entry.eventId)?.content;
        if (entry.type === "m.room.history_visibility") view.visibility = readVisibility(content?.history_visibility);
        else if (typeof content?.membership === "string") view.membership = content.membership;
      }
      views.set(group, view);
    }
    const joinsByRoom = new Map<string, number[]>();
    for (const roomId of new Set(events.map((event) => event.roomId))) {
      const history = await this.storage.events.stateEventsOfKey(roomId, "m.room.member", userId);
      joinsByRoom.set(
        roomId,
        history.filter((event) => (event.pdu.content as Record<string, unknown> | undefined)?.membership === "join").map((event) => event.streamOrdering),
      );
    }

    const none: StateView = { visibility: "shared", membership: undefined };
    return events.filter((event) => {
      const joinedAfter = (joinsByRoom.get(event.roomId) ?? []).some((joinedAt) => joinedAt > event.streamOrdering);
      const allowedBy = (view: StateView) =>
        view.visibility === "world_readable" ||
        view.membership === "join" ||
        (view.visibility === "shared" && joinedAfter) ||
        (view.visibility === "invited" && view.membership === "invite");
      const before = event.stateGroupBefore === null ? none : (views.get(event.stateGroupBefore) ?? none);
      if (allowedBy(before)) return true;
      // History visibility changes and the user's own membership changes are visible if the state before *or* after allows.
      const ownMembership = event.type === "m.room.member" && event.stateKey === userId;
      if (event.type === "m.room.history_visibility" || ownMembership) {
        const after = event.stateGroup === null ? none : (views.get(event.stateGroup) ?? none);
        return allowedBy(after);
      }
      return false;
    });
  }

  /** Whether the room's current history visibility is world_readable (non-members may read it). */
  async isWorldReadable(roomId: string): Promise<boolean> {
    const [entry] = await this.storage.roomState.currentStateForKeys(roomId, [["m.room.history_visibility", ""]]);
    if (!entry) return false;
    const event = (await this.cache.load([entry.eventId])).get(entry.eventId);
    return event?.content.history_visibility === "world_readable";
  }
}
