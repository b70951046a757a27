import type { RoomEventFilter } from "@myelin/client-server";
import { MatrixError } from "@myelin/http";
import type { Storage, StoredEvent, TopologicalPosition } from "../../storage/storage.js";
import type { ClientEventSerializer, WireClientEvent as ClientEvent } from "../events/client-events.js";
import type { HistoryVisibility } from "../events/history-visibility.js";
import type { Requester } from "../requester.js";
import { passesRoomEventFilter } from "../sync/event-filter.js";
import { afterEvent, beforeEvent, parsePaginationToken, streamToken, type PaginationToken } from "./pagination-token.js";
import type { RoomAccess } from "./room-access.js";
import { parseRoomEventFilterParam } from "./room-event-filter.js";

// Spec: client-server "Syncing" → GET /rooms/{roomId}/messages, and
// "Retrieving events around a given event" (GET /context/{eventId}).

const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 1000;
/** Rows read per round while filling a page: filters and history visibility may drop some. */
const BATCH = 100;

export interface MessagesQuery {
  from?: string | undefined;
  to?: string | undefined;
  dir: "b" | "f";
  limit?: number | undefined;
  filter?: string | undefined;
}

export type MessagesResponse = {
  start: string;
  end?: string;
  chunk: ClientEvent[];
  state?: ClientEvent[];
};

function compare(a: TopologicalPosition, b: TopologicalPosition): number {
  return a.depth - b.depth || a.streamOrdering - b.streamOrdering;
}

function position(event: StoredEvent): TopologicalPosition {
  return { depth: event.depth, streamOrdering: event.streamOrdering };
}

function checkLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (limit < 0) throw MatrixError.invalidParam("limit must not be negative");
  return Math.min(limit, MAX_LIMIT);
}

export class TimelineService {
  constructor(
    private readonly storage: Storage,
    private readonly access: RoomAccess,
    private readonly visibility: HistoryVisibility,
    private readonly serializer: ClientEventSerializer,
  ) {}

  /** A token as a topological position; `undefined` means the very start of the room. */
  private async toPosition(roomId: string, token: PaginationToken): Promise<TopologicalPosition | undefined> {
    if (token.kind === "topological") return token.position;
    return this.storage.events.topologicalPositionAtStream(roomId, token.streamOrdering);
  }

  async messages(requester: Requester, roomId: string, query: MessagesQuery): Promise<MessagesResponse> {
    await this.access.requireHistoryAccess(roomId, requester.userId);
    const filter = parseRoomEventFilterParam(query.filter);
    const limit = Math.min(checkLimit(query.limit, DEFAULT_LIMIT), filter?.limit ?? MAX_LIMIT);
    const direction = query.dir === "b" ? "backwards" : "forwards";

    let start: string;
    let from: TopologicalPosition | undefined;
    if (query.from !== undefined) {
      start = query.from;
      from = await this.toPosition(roomId, parsePaginationToken(query.from));
      // Backwards from before the first event: nothing more.
      if (from === undefined && direction === "backwards") return { start, chunk: [] };
    } else if (direction === "backwards") {
      start = streamToken(await this.storage.events.maxStreamOrdering());
      from = undefined;
    } else {
      start = "t0_0";
      from = undefined;
    }
    const to = query.to === undefined ? undefined : ((await this.toPosition(roomId, parsePaginationToken(query.to))) ?? { depth: 0, streamOrdering: 0 });

    const { events, last, exhausted } = await this.collect(requester.userId, roomId, { from, direction, limit, filter, to });
    const chunk = await this.serializer.serve(events, requester);
    const response: MessagesResponse = { start, chunk };
    if (!exhausted && last !== undefined) response.end = direction === "backwards" ? beforeEvent(last) : afterEvent(last);
    if (filter?.lazy_load_members) response.state = await this.membersOfSenders(requester, events);
    return response;
  }

  /**
   * Walk the room from `from` until `limit` events passed the filter and the
   * user's history visibility. `last` is the position of the last event
   * examined (the next page starts after it); `exhausted` when the room or
   * the `to` bound ran out.
   */
  private async collect(
    userId: string,
    roomId: string,
    options: { from: TopologicalPosition | undefined; direction: "forwards" | "backwards"; limit: number; filter: RoomEventFilter | undefined; to?: TopologicalPosition | undefined },
  ): Promise<{ events: StoredEvent[]; last: TopologicalPosition | undefined; exhausted: boolean }> {
    const { direction, limit, filter, to } = options;
    const events: StoredEvent[] = [];
    let cursor = options.from;
    let last: TopologicalPosition | undefined;
    if (limit === 0) return { events, last: cursor, exhausted: false };
    for (;;) {
      const batch = await this.storage.events.roomEventsTopological({ roomId, from: cursor, direction, limit: BATCH });
      let withinBound = batch;
      if (to !== undefined) {
        withinBound = batch.filter((event) => (direction === "backwards" ? compare(position(event), to) > 0 : compare(position(event), to) <= 0));
      }
      const candidates = withinBound.filter((event) => passesRoomEventFilter(filter, { type: event.type, sender: event.sender, content: event.pdu.content }));
      const visible = new Set(await this.visibility.filterVisible(userId, candidates));
      for (const event of withinBound) {
        last = position(event);
        if (!visible.has(event)) continue;
        events.push(event);
        if (events.length >= limit) {
          // More may follow: the room continues unless this was its last row.
          const atEnd = event === withinBound[withinBound.length - 1] && (withinBound.length < batch.length || batch.length < BATCH);
          return { events, last, exhausted: atEnd };
        }
      }
      if (withinBound.length < batch.length || batch.length < BATCH) return { events, last, exhausted: true };
      cursor = direction === "backwards" ? { depth: last!.depth, streamOrdering: last!.streamOrdering - 1 } : last;
    }
  }

  /** `lazy_load_members`: the member events of the chunk's senders, as of the newest event in the chunk. */
  private async membersOfSenders(requester: Requester, events: readonly StoredEvent[]): Promise<ClientEvent[]> {
    if (events.length === 0) return [];
    const newest = events.reduce((a, b) => (compare(position(a), position(b)) >= 0 ? a : b));
    if (newest.stateGroup === null) return [];
    const senders = [...new Set(events.map((event) => event.sender))];
    const entries = (await this.storage.roomState.stateAtGroupsForKeys([newest.stateGroup], senders.map((sender) => ["m.room.member", sender] as const))).get(newest.stateGroup) ?? [];
    const stored = await this.storage.events.getEvents(entries.map((entry) => entry.eventId));
    return this.serializer.serve(stored, requester);
  }

  async context(
    requester: Requester,
    roomId: string,
    eventId: string,
    query: { limit?: number | undefined; filter?: string | undefined },
  ): Promise<{ start: string; end: string; events_before: ClientEvent[]; event: ClientEvent; events_after: ClientEvent[]; state: ClientEvent[] }> {
    await this.access.requireRoom(roomId);
    const filter = parseRoomEventFilterParam(query.filter);
    const limit = checkLimit(query.limit, DEFAULT_LIMIT);
    const target = await this.storage.events.getEvent(eventId);
    if (!target || target.roomId !== roomId || target.rejected) throw MatrixError.notFound("Event not found");
    const [visible] = await this.visibility.filterVisible(requester.userId, [target]);
    if (!visible) throw MatrixError.notFound("Event not found");

    const beforeLimit = Math.floor(limit / 2);
    const targetPosition = position(target);
    const before = await this.collect(requester.userId, roomId, {
      from: { depth: targetPosition.depth, streamOrdering: targetPosition.streamOrdering - 1 },
      direction: "backwards",
      limit: beforeLimit,
      filter,
    });
    const after = await this.collect(requester.userId, roomId, { from: targetPosition, direction: "forwards", limit: limit - beforeLimit, filter });
    const earliest = before.events.at(-1) ?? target;
    const latest = after.events.at(-1) ?? target;

    let state: ClientEvent[];
    if (filter?.lazy_load_members) {
      state = await this.membersOfSenders(requester, [target, ...before.events, ...after.events]);
    } else {
      const entries = latest.stateGroup === null ? [] : await this.storage.roomState.stateAtGroup(latest.stateGroup);
      const stored = await this.storage.events.getEvents(entries.map((entry) => entry.eventId));
      stored.sort((a, b) => a.streamOrdering - b.streamOrdering);
      state = await this.serializer.serve(stored, requester);
    }
    return {
      start: beforeEvent(position(earliest)),
      end: afterEvent(position(latest)),
      events_before: await this.serializer.serve(before.events, requester),
      event: await this.serializer.serveOne(target, requester),
      events_after: await this.serializer.serve(after.events, requester),
      state,
    };
  }
}
