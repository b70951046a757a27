import type { ClientEventWithoutRoomId } from "@myelin/client-server";
import { MatrixError } from "@myelin/http";
import type { Storage } from "../../storage/storage.js";
import type { ClientEventSerializer } from "../events/client-events.js";
import type { Requester } from "../requester.js";

// Spec: client-server "Listing Notifications" (notifications.yaml: GET /notifications).

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

export type NotificationView = {
  actions: unknown[];
  event: ClientEventWithoutRoomId;
  read: boolean;
  room_id: string;
  ts: number;
};

/** `from`: the stream ordering of the last notification of the previous page, as a decimal string. */
function parseFrom(from: string | undefined): number | undefined {
  if (from === undefined) return undefined;
  if (!/^\d{1,16}$/.test(from)) throw MatrixError.invalidParam("Unknown pagination token");
  return Number(from);
}

export class NotificationService {
  constructor(
    private readonly storage: Storage,
    private readonly serializer: ClientEventSerializer,
  ) {}

  async list(requester: Requester, query: { from?: string | undefined; limit?: number | undefined; only?: string | undefined }): Promise<{ notifications: NotificationView[]; next_token?: string }> {
    const before = parseFrom(query.from);
    if (query.limit !== undefined && query.limit < 0) throw MatrixError.invalidParam("limit must not be negative");
    const limit = Math.min(query.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
    const rows = await this.storage.push.notifications({ userId: requester.userId, beforeStreamOrdering: before, limit, highlightOnly: query.only === "highlight" });
    const stored = new Map((await this.storage.events.getEvents(rows.map((row) => row.eventId))).map((event) => [event.eventId, event]));
    const present = rows.filter((row) => stored.has(row.eventId));
    const served = await this.serializer.serve(
      present.map((row) => stored.get(row.eventId)!),
      requester,
    );
    const notifications = present.map((row, index): NotificationView => {
      const { room_id: _roomId, ...event } = served[index]!;
      return { actions: row.actions, event, read: row.read, room_id: row.roomId, ts: row.ts };
    });
    const last = rows.at(-1);
    return { notifications, ...(rows.length === limit && limit > 0 && last && { next_token: String(last.streamOrdering) }) };
  }
}
