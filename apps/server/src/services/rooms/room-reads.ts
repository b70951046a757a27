import { MatrixError } from "@myelin/http";
import type { StateEntry, Storage, StoredEvent } from "../../storage/storage.js";
import type { ClientEventSerializer, WireClientEvent as ClientEvent } from "../events/client-events.js";
import type { HistoryVisibility } from "../events/history-visibility.js";
import type { Requester } from "../requester.js";
import { parsePaginationToken } from "./pagination-token.js";
import type { RoomAccess } from "./room-access.js";

const MEMBERSHIPS = ["join", "invite", "knock", "leave", "ban"] as const;

/** The read endpoints of a room other than the timeline: one event, state, members. */
export class RoomReadService {
  constructor(
    private readonly storage: Storage,
    private readonly access: RoomAccess,
    private readonly visibility: HistoryVisibility,
    private readonly serializer: ClientEventSerializer,
  ) {}

  /** GET /rooms/{roomId}/event/{eventId}: 404 unless the event is in the room and the user may see it. */
  async getEvent(requester: Requester, roomId: string, eventId: string): Promise<ClientEvent> {
    await this.access.requireRoom(roomId);
    const event = await this.storage.events.getEvent(eventId);
    if (!event || event.roomId !== roomId || event.rejected) throw MatrixError.notFound("Event not found");
    const [visible] = await this.visibility.filterVisible(requester.userId, [event]);
    if (!visible) throw MatrixError.notFound("Event not found");
    return this.serializer.serveOne(visible, requester);
  }

  /** The state entries the user may read (current, or when they left). */
  private async readableStateEntries(requester: Requester, roomId: string): Promise<StateEntry[]> {
    const readable = await this.access.readableState(roomId, requester.userId);
    if (readable.kind === "current") return this.storage.roomState.currentState(roomId);
    return readable.stateGroup === null ? [] : this.storage.roomState.stateAtGroup(readable.stateGroup);
  }

  async getState(requester: Requester, roomId: string): Promise<ClientEvent[]> {
    const entries = await this.readableStateEntries(requester, roomId);
    return this.serve(entries, requester);
  }

  async getStateEvent(requester: Requester, roomId: string, type: string, stateKey: string): Promise<ClientEvent> {
    const entries = await this.readableStateEntries(requester, roomId);
    const entry = entries.find((candidate) => candidate.type === type && candidate.stateKey === stateKey);
    const [event] = entry ? await this.serve([entry], requester) : [];
    if (!event) throw MatrixError.notFound("The room has no state with that type and state key");
    return event;
  }

  /**
   * GET /members: the member events of the current state, of the state when
   * the user left, or — with `at` — of the state at that point of the
   * timeline (read from its state group, never by replaying the room).
   */
  async getMembers(
    requester: Requester,
    roomId: string,
    query: { at?: string | undefined; membership?: string | undefined; not_membership?: string | undefined },
  ): Promise<ClientEvent[]> {
    const readable = await this.access.readableState(roomId, requester.userId);
    let entries: StateEntry[];
    if (query.at !== undefined) {
      const token = parsePaginationToken(query.at);
      let limit = token.kind === "stream" ? token.streamOrdering : token.position.streamOrdering;
      // A user who left sees the room as it was when they left, at the latest.
      if (readable.kind === "at-group" && readable.stateGroup !== null) limit = Math.min(limit, readable.stateGroup);
      const position = await this.storage.events.topologicalPositionAtStream(roomId, limit);
      const at = position ? await this.eventAtStream(roomId, position.streamOrdering) : undefined;
      entries = at?.stateGroup != null ? await this.storage.roomState.stateAtGroup(at.stateGroup) : [];
    } else if (readable.kind === "current") {
      entries = await this.storage.roomState.currentState(roomId);
    } else {
      entries = readable.stateGroup === null ? [] : await this.storage.roomState.stateAtGroup(readable.stateGroup);
    }
    const members = await this.serve(
      entries.filter((entry) => entry.type === "m.room.member"),
      requester,
    );
    return members.filter((event) => {
      const membership = event.content.membership;
      if (query.membership !== undefined && membership !== query.membership) return false;
      if (query.not_membership !== undefined && membership === query.not_membership) return false;
      return typeof membership === "string" && (MEMBERSHIPS as readonly string[]).includes(membership);
    });
  }

  private async eventAtStream(roomId: string, streamOrdering: number): Promise<StoredEvent | undefined> {
    const [event] = await this.storage.events.roomEventsBetweenStreams({
      roomIds: [roomId],
      after: streamOrdering - 1,
      upTo: streamOrdering,
      limitPerRoom: 1,
      direction: "backwards",
    });
    return event;
  }

  /** GET /joined_members: only for joined users. */
  async getJoinedMembers(requester: Requester, roomId: string): Promise<Record<string, { display_name?: string; avatar_url?: string }>> {
    await this.access.requireJoined(roomId, requester.userId);
    const members = await this.storage.rooms.membersOfRoom(roomId, ["join"]);
    const events = await this.storage.events.getEvents(members.map((member) => member.eventId));
    const joined: Record<string, { display_name?: string; avatar_url?: string }> = {};
    for (const event of events) {
      const content = (event.pdu.content ?? {}) as Record<string, unknown>;
      const redacted = event.redactedBy !== null;
      joined[event.stateKey ?? ""] = {
        ...(!redacted && typeof content.displayname === "string" && { display_name: content.displayname }),
        ...(!redacted && typeof content.avatar_url === "string" && content.avatar_url.startsWith("mxc://") && { avatar_url: content.avatar_url }),
      };
    }
    return joined;
  }

  async getJoinedRooms(requester: Requester): Promise<string[]> {
    const rooms = await this.storage.rooms.roomsOfUser(requester.userId, ["join"]);
    return rooms.map((room) => room.roomId).sort();
  }

  /** GET /timestamp_to_event: the closest visible event in the direction asked; 404 when there is none. */
  async eventAtTimestamp(requester: Requester, roomId: string, ts: number, dir: "f" | "b"): Promise<{ event_id: string; origin_server_ts: number }> {
    await this.access.requireHistoryAccess(roomId, requester.userId);
    const event = await this.storage.events.eventClosestToTimestamp(roomId, ts, dir);
    const [visible] = event ? await this.visibility.filterVisible(requester.userId, [event]) : [];
    if (!visible) throw MatrixError.notFound("No event found in that direction");
    return { event_id: visible.eventId, origin_server_ts: visible.originServerTs };
  }

  private async serve(entries: readonly StateEntry[], requester: Requester): Promise<ClientEvent[]> {
    const events = await this.storage.events.getEvents(entries.map((entry) => entry.eventId));
    events.sort((a, b) => a.streamOrdering - b.streamOrdering);
    return this.serializer.serve(events, requester);
  }
}
