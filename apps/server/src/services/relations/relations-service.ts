import { MatrixError } from "@myelin/http";
import type { Storage, StoredEvent, TopologicalPosition } from "../../storage/storage.js";
import type { ClientEventSerializer, WireClientEvent } from "../events/client-events.js";
import type { HistoryVisibility } from "../events/history-visibility.js";
import type { Requester } from "../requester.js";
import { afterEvent, beforeEvent, parsePaginationToken, type PaginationToken } from "../rooms/pagination-token.js";
import type { RoomAccess } from "../rooms/room-access.js";
import { ignoredUsersOf } from "./ignored-users.js";

// Spec: client-server "Relationships API" (relations.yaml: GET
// /relations/{eventId}[/{relType}[/{eventType}]]) and "Querying threads in a
// room" (threads_list.yaml: GET /threads).

const DEFAULT_LIMIT = 5;
const MAX_LIMIT = 100;
const DEFAULT_THREADS_LIMIT = 10;
const MAX_THREADS_LIMIT = 100;
/** `recurse`: "Homeservers SHOULD traverse at least 3 levels of relationships". */
export const RELATIONS_RECURSION_DEPTH = 3;

export interface RelationsQuery {
  relType?: string | undefined;
  eventType?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number | undefined;
  dir?: "b" | "f" | undefined;
  recurse?: boolean | undefined;
}

export type RelationsResponse = {
  chunk: WireClientEvent[];
  next_batch?: string;
  prev_batch?: string;
  recursion_depth?: number;
};

function checkLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (limit < 1) throw MatrixError.invalidParam("limit must be a positive integer");
  return Math.min(limit, max);
}

/** Threads-list tokens: `h<stream ordering>`, "threads whose latest activity is below this". */
function parseThreadsToken(token: string): number {
  const match = /^h(\d{1,16})$/.exec(token);
  if (!match) throw MatrixError.invalidParam("Unknown pagination token");
  return Number(match[1]);
}

export class RelationsService {
  constructor(
    private readonly storage: Storage,
    private readonly access: RoomAccess,
    private readonly visibility: HistoryVisibility,
    private readonly serializer: ClientEventSerializer,
  ) {}

  /** The parent must be in the room and visible to the user, like GET /event; 404 otherwise. */
  private async visibleEvent(requester: Requester, roomId: string, eventId: string): Promise<StoredEvent> {
    await this.access.requireRoom(roomId);
    const event = await this.storage.events.getEvent(eventId);
    if (!event || event.roomId !== roomId || event.rejected) throw MatrixError.notFound("Event not found");
    const [visible] = await this.visibility.filterVisible(requester.userId, [event]);
    if (!visible) throw MatrixError.notFound("Event not found");
    return visible;
  }

  private async toPosition(roomId: string, token: PaginationToken): Promise<TopologicalPosition> {
    if (token.kind === "topological") return token.position;
    return (await this.storage.events.topologicalPositionAtStream(roomId, token.streamOrdering)) ?? { depth: 0, streamOrdering: 0 };
  }

  async relations(requester: Requester, roomId: string, eventId: string, query: RelationsQuery): Promise<RelationsResponse> {
    const limit = checkLimit(query.limit, DEFAULT_LIMIT, MAX_LIMIT);
    // Bad tokens are a 400 before anything else is looked at.
    const fromToken = query.from === undefined ? undefined : parsePaginationToken(query.from);
    const toToken = query.to === undefined ? undefined : parsePaginationToken(query.to);
    await this.visibleEvent(requester, roomId, eventId);
    const direction = query.dir === "f" ? "forwards" : "backwards";
    const from = fromToken && (await this.toPosition(roomId, fromToken));
    const to = toToken && (await this.toPosition(roomId, toToken));
    const ignored = new Set(await ignoredUsersOf(this.storage, requester.userId));

    // One extra row tells whether another page follows.
    const rows = await this.storage.relations.children({
      roomId,
      parentId: eventId,
      relType: query.relType,
      eventType: query.eventType,
      maxHops: query.recurse === true ? RELATIONS_RECURSION_DEPTH : 1,
      from,
      to,
      direction,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const shown = await this.visibility.filterVisible(
      requester.userId,
      page.filter((event) => !ignored.has(event.sender)),
    );
    const response: RelationsResponse = { chunk: await this.serializer.serve(shown, requester) };
    const last = page.at(-1);
    if (rows.length > limit && last) response.next_batch = direction === "backwards" ? beforeEvent(last) : afterEvent(last);
    if (query.from !== undefined) response.prev_batch = query.from;
    if (query.recurse !== undefined) response.recursion_depth = query.recurse ? RELATIONS_RECURSION_DEPTH : 1;
    return response;
  }

  async threads(
    requester: Requester,
    roomId: string,
    query: { include?: "all" | "participated" | undefined; limit?: number | undefined; from?: string | undefined },
  ): Promise<{ chunk: WireClientEvent[]; next_batch?: string }> {
    const limit = checkLimit(query.limit, DEFAULT_THREADS_LIMIT, MAX_THREADS_LIMIT);
    const before = query.from === undefined ? undefined : parseThreadsToken(query.from);
    await this.access.requireHistoryAccess(roomId, requester.userId);
    const rows = await this.storage.relations.threadRoots({
      roomId,
      participant: query.include === "participated" ? requester.userId : undefined,
      beforeStreamOrdering: before,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const roots = new Map((await this.storage.events.getEvents(page.map((row) => row.rootId))).map((event) => [event.eventId, event]));
    const ordered = page.map((row) => roots.get(row.rootId)).filter((event): event is StoredEvent => event !== undefined);
    const visible = await this.visibility.filterVisible(requester.userId, ordered);
    const response: { chunk: WireClientEvent[]; next_batch?: string } = { chunk: await this.serializer.serve(visible, requester) };
    const last = page.at(-1);
    if (rows.length > limit && last) response.next_batch = `h${last.latestStreamOrdering}`;
    return response;
  }
}
