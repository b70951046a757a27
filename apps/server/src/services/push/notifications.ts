import type { ClientEventWithoutRoomId } from "@myelin/client-server";
import { MatrixError } from "@myelin/http";
import { recipientOf, type EventNotificationRow, type Storage } from "../../storage/storage.js";
import type { ClientEventSerializer } from "../events/client-events.js";
import type { Requester } from "../requester.js";
import { isUnread } from "./unread-counter.js";

// Spec: client-server "Listing Notifications" (notifications.yaml: GET /notifications).

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
/** Notifying events read per query (most notify the user in a room they are in). */
const SCAN_BATCH = 200;
/** Events looked at per request; a page stops there with a next_token even if short. */
const MAX_SCANNED = 5_000;
/** Every room the user has been in: notifications stay listed after leaving. */
const ANY_MEMBERSHIP = ["join", "leave", "ban", "invite", "knock"];

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
    const { rows, scannedTo } = await this.scan(requester.userId, before, limit, query.only === "highlight");
    const positions = await this.storage.push.readPositions(requester.userId, [...new Set(rows.map((row) => row.roomId))]);
    const stored = new Map((await this.storage.events.getEvents(rows.map((row) => row.eventId))).map((event) => [event.eventId, event]));
    const present = rows.filter((row) => stored.has(row.eventId));
    const served = await this.serializer.serve(
      present.map((row) => stored.get(row.eventId)!),
      requester,
    );
    const notifications = present.map((row, index): NotificationView => {
      const { room_id: _roomId, ...event } = served[index]!;
      const actionIndex = recipientOf(row, requester.userId)?.actionIndex ?? 0;
      return { actions: (JSON.parse(row.actions) as unknown[][])[actionIndex] ?? [], event, read: !isUnread(row, positions.get(row.roomId)), room_id: row.roomId, ts: row.ts };
    });
    return { notifications, ...(scannedTo !== undefined && { next_token: String(scannedTo) }) };
  }

  /**
   * The user's notifications below `before`, newest first: up to `limit`,
   * and `scannedTo` (the next page's `from`) unless the scan reached the end.
   */
  private async scan(userId: string, before: number | undefined, limit: number, highlightOnly: boolean): Promise<{ rows: EventNotificationRow[]; scannedTo?: number }> {
    if (limit === 0) return { rows: [] };
    const roomIds = (await this.storage.rooms.roomsOfUser(userId, ANY_MEMBERSHIP)).map((room) => room.roomId);
    const rows: EventNotificationRow[] = [];
    let cursor = before;
    for (let scanned = 0; scanned < MAX_SCANNED; ) {
      const batch = await this.storage.push.notificationsBefore({ roomIds, beforeStreamOrdering: cursor, limit: SCAN_BATCH });
      for (const row of batch) {
        cursor = row.streamOrdering;
        const recipient = recipientOf(row, userId);
        if (recipient && (!highlightOnly || recipient.highlight)) rows.push(row);
        if (rows.length === limit) return { rows, scannedTo: cursor };
      }
      if (batch.length < SCAN_BATCH) return { rows };
      scanned += batch.length;
    }
    return { rows, ...(cursor !== undefined && { scannedTo: cursor }) };
  }
}
