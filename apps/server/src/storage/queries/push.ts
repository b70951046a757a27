import { sql, type Kysely, type RawBuilder } from "kysely";
import type { Database } from "../schema.js";
import type { NotificationRow, PushStore, RoomNotificationCounts } from "../storage.js";

/** Room or user IDs per query: far below both engines' bound-parameter limits. */
const IDS_PER_QUERY = 500;

/**
 * Whether the notification row `a` is still unread ("Marking notifications
 * as read"): after the user's most advanced `m.read`/`m.read.private`
 * receipt that covers it — unthreaded (thread "" in the receipts table), or
 * of the notification's own thread — and after the last event the user
 * sent into the room.
 */
const UNREAD: RawBuilder<unknown> = sql`
  a.stream_ordering > coalesce((
    select max(re.stream_ordering) from receipts r join events re on re.event_id = r.event_id
    where r.room_id = a.room_id and r.user_id = a.user_id
      and r.receipt_type in ('m.read', 'm.read.private') and r.thread_id in ('', a.thread_id)
  ), 0)
  and a.stream_ordering > coalesce((
    select l.stream_ordering from user_room_last_sent l where l.user_id = a.user_id and l.room_id = a.room_id
  ), 0)`;

export function pushQueries(db: Kysely<Database>): PushStore {
  return {
    async recordEventPush(event, actions) {
      if (actions.length > 0) {
        await db
          .insertInto("event_push_actions")
          .values(
            actions.map((action) => ({
              user_id: action.userId,
              room_id: action.roomId,
              event_id: action.eventId,
              stream_ordering: event.streamOrdering,
              thread_id: action.threadId,
              highlight: action.highlight ? 1 : 0,
              actions: JSON.stringify(action.actions),
              ts: action.ts,
            })),
          )
          .onConflict((conflict) => conflict.columns(["user_id", "event_id"]).doNothing())
          .execute();
      }
      await db
        .insertInto("user_room_last_sent")
        .values({ user_id: event.sender, room_id: event.roomId, stream_ordering: event.streamOrdering })
        .onConflict((conflict) => conflict.columns(["user_id", "room_id"]).doUpdateSet({ stream_ordering: event.streamOrdering }))
        .execute();
    },

    async unreadCounts(userId, roomIds) {
      const out = new Map<string, RoomNotificationCounts>();
      for (let start = 0; start < roomIds.length; start += IDS_PER_QUERY) {
        const ids = roomIds.slice(start, start + IDS_PER_QUERY);
        const { rows } = await sql<{ room_id: string; notifications: number | string; highlights: number | string | null }>`
          select a.room_id, count(*) as notifications, sum(a.highlight) as highlights
          from event_push_actions a
          where a.user_id = ${userId} and a.room_id in (${sql.join(ids)}) and ${UNREAD}
          group by a.room_id
        `.execute(db);
        for (const row of rows) out.set(row.room_id, { notifications: Number(row.notifications), highlights: Number(row.highlights ?? 0) });
      }
      return out;
    },

    async unreadCountsByThread(userId, roomIds) {
      const out = new Map<string, Map<string, RoomNotificationCounts>>();
      for (let start = 0; start < roomIds.length; start += IDS_PER_QUERY) {
        const ids = roomIds.slice(start, start + IDS_PER_QUERY);
        const { rows } = await sql<{ room_id: string; thread_id: string; notifications: number | string; highlights: number | string | null }>`
          select a.room_id, a.thread_id, count(*) as notifications, sum(a.highlight) as highlights
          from event_push_actions a
          where a.user_id = ${userId} and a.room_id in (${sql.join(ids)}) and ${UNREAD}
          group by a.room_id, a.thread_id
        `.execute(db);
        for (const row of rows) {
          const threads = out.get(row.room_id) ?? new Map<string, RoomNotificationCounts>();
          threads.set(row.thread_id, { notifications: Number(row.notifications), highlights: Number(row.highlights ?? 0) });
          out.set(row.room_id, threads);
        }
      }
      return out;
    },

    async notifications({ userId, beforeStreamOrdering, limit, highlightOnly }) {
      if (limit <= 0) return [];
      const { rows } = await sql<{
        room_id: string;
        event_id: string;
        stream_ordering: number | string;
        actions: string;
        highlight: number | string;
        ts: number | string;
        unread: number | string;
      }>`
        select a.room_id, a.event_id, a.stream_ordering, a.actions, a.highlight, a.ts,
          case when ${UNREAD} then 1 else 0 end as unread
        from event_push_actions a
        where a.user_id = ${userId}
          ${beforeStreamOrdering === undefined ? sql`` : sql`and a.stream_ordering < ${beforeStreamOrdering}`}
          ${highlightOnly ? sql`and a.highlight = 1` : sql``}
        order by a.stream_ordering desc
        limit ${limit}
      `.execute(db);
      return rows.map(
        (row): NotificationRow => ({
          roomId: row.room_id,
          eventId: row.event_id,
          streamOrdering: Number(row.stream_ordering),
          actions: JSON.parse(row.actions) as unknown[],
          highlight: Number(row.highlight) === 1,
          ts: Number(row.ts),
          read: Number(row.unread) === 0,
        }),
      );
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
