import type { Kysely } from "kysely";
import type { Database } from "../schema.js";
import { preparedQuery } from "./prepared.js";
import type { EventNotificationRow, PushStore, ReadPositions } from "../storage.js";

/** Room or user IDs per query: far below both engines' bound-parameter limits. */
const IDS_PER_QUERY = 500;
/** (room, position) pairs per query of notificationsAfter: two parameters each. */
const ROOMS_PER_RANGE_QUERY = 200;

interface NotificationDbRow {
  room_id: string;
  event_id: string;
  stream_ordering: number | string;
  thread_id: string;
  ts: number | string;
  actions: string;
  recipients: string;
}

function toNotificationRow(row: NotificationDbRow): EventNotificationRow {
  return {
    roomId: row.room_id,
    eventId: row.event_id,
    streamOrdering: Number(row.stream_ordering),
    threadId: row.thread_id,
    ts: Number(row.ts),
    actions: row.actions,
    recipients: row.recipients,
  };
}

const NOTIFICATION_COLUMNS = ["room_id", "event_id", "stream_ordering", "thread_id", "ts", "actions", "recipients"] as const;

const insertNotification = preparedQuery(
  (db, eventId: string, roomId: string, streamOrdering: number, threadId: string, ts: number, actions: string, recipients: string) =>
    db
      .insertInto("event_notifications")
      .values({ event_id: eventId, room_id: roomId, stream_ordering: streamOrdering, thread_id: threadId, ts, actions, recipients })
      .onConflict((conflict) => conflict.column("event_id").doNothing()),
);

const setLastSent = preparedQuery((db, userId: string, roomId: string, streamOrdering: number) =>
  db
    .insertInto("user_room_last_sent")
    .values({ user_id: userId, room_id: roomId, stream_ordering: streamOrdering })
    .onConflict((conflict) => conflict.columns(["user_id", "room_id"]).doUpdateSet({ stream_ordering: streamOrdering })),
);

export function pushQueries(db: Kysely<Database>): PushStore {
  return {
    async recordEventPush(event, notification) {
      if (notification && notification.recipients.length > 0) {
        // Recipients share few distinct action lists (usually one, the same
        // array from a shared default rule): store each once.
        const actions: string[] = [];
        const indexByList = new Map<readonly unknown[], number>();
        const recipients: string[] = [];
        for (const recipient of notification.recipients) {
          let index = indexByList.get(recipient.actions);
          if (index === undefined) {
            const text = JSON.stringify(recipient.actions);
            index = actions.indexOf(text);
            if (index < 0) index = actions.push(text) - 1;
            indexByList.set(recipient.actions, index);
          }
          recipients.push(`${JSON.stringify(recipient.userId)}:[${recipient.highlight ? 1 : 0},${index}]`);
        }
        await insertNotification(
          db,
          notification.eventId,
          event.roomId,
          event.streamOrdering,
          notification.threadId,
          notification.ts,
          `[${actions.join(",")}]`,
          `{${recipients.join(",")}}`,
        );
      }
      await setLastSent(db, event.sender, event.roomId, event.streamOrdering);
    },

    async readPositions(userId, roomIds) {
      const out = new Map<string, ReadPositions>();
      const entry = (roomId: string) => {
        let positions = out.get(roomId);
        if (!positions) out.set(roomId, (positions = { lastSent: 0, receipts: new Map() }));
        return positions;
      };
      for (let start = 0; start < roomIds.length; start += IDS_PER_QUERY) {
        const ids = roomIds.slice(start, start + IDS_PER_QUERY);
        const [receipts, sent] = await Promise.all([
          db
            .selectFrom("receipts as r")
            .innerJoin("events as e", "e.event_id", "r.event_id")
            .select(["r.room_id", "r.thread_id", (eb) => eb.fn.max("e.stream_ordering").as("stream_ordering")])
            .where("r.user_id", "=", userId)
            .where("r.room_id", "in", ids)
            .where("r.receipt_type", "in", ["m.read", "m.read.private"])
            .groupBy(["r.room_id", "r.thread_id"])
            .execute(),
          db.selectFrom("user_room_last_sent").select(["room_id", "stream_ordering"]).where("user_id", "=", userId).where("room_id", "in", ids).execute(),
        ]);
        for (const row of receipts) entry(row.room_id).receipts.set(row.thread_id, Number(row.stream_ordering));
        for (const row of sent) entry(row.room_id).lastSent = Number(row.stream_ordering);
      }
      return out;
    },

    async notificationsAfter(rooms) {
      const out: EventNotificationRow[] = [];
      for (let start = 0; start < rooms.length; start += ROOMS_PER_RANGE_QUERY) {
        const batch = rooms.slice(start, start + ROOMS_PER_RANGE_QUERY);
        const rows = await db
          .selectFrom("event_notifications")
          .select(NOTIFICATION_COLUMNS)
          .where((eb) => eb.or(batch.map(({ roomId, after }) => eb.and([eb("room_id", "=", roomId), eb("stream_ordering", ">", after)]))))
          .orderBy("stream_ordering")
          .execute();
        for (const row of rows) out.push(toNotificationRow(row));
      }
      return out.sort((a, b) => a.streamOrdering - b.streamOrdering);
    },

    async notificationsBefore({ roomIds, beforeStreamOrdering, limit }) {
      if (limit <= 0 || roomIds.length === 0) return [];
      const rows: NotificationDbRow[] = [];
      for (let start = 0; start < roomIds.length; start += IDS_PER_QUERY) {
        let query = db
          .selectFrom("event_notifications")
          .select(NOTIFICATION_COLUMNS)
          .where("room_id", "in", roomIds.slice(start, start + IDS_PER_QUERY));
        if (beforeStreamOrdering !== undefined) query = query.where("stream_ordering", "<", beforeStreamOrdering);
        rows.push(...(await query.orderBy("stream_ordering", "desc").limit(limit).execute()));
      }
      return rows
        .map(toNotificationRow)
        .sort((a, b) => b.streamOrdering - a.streamOrdering)
        .slice(0, limit);
    },

    async storedPushRules(userIds) {
      const out = new Map<string, Record<string, unknown>>();
      for (let start = 0; start < userIds.length; start += IDS_PER_QUERY) {
        const rows = await db
          .selectFrom("account_data")
          .select(["user_id", "content"])
          .where("user_id", "in", userIds.slice(start, start + IDS_PER_QUERY))
          // Global account data is stored under room "" (see queries/account-data.ts).
          .where("room_id", "=", "")
          .where("type", "=", "m.push_rules")
          .execute();
        for (const row of rows) out.set(row.user_id, JSON.parse(row.content) as Record<string, unknown>);
      }
      return out;
    },
  };
}

