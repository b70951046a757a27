import { sql, type Kysely, type Migration } from "kysely";

// Migration 0006_event_notifications: one row per notifying event instead of
// one per (user, event). A message in a room of N members used to write N
// rows — N index entries in three B-trees, the largest cost of sending by
// far. Now the event's recipients (user → highlight, actions) are one JSON
// value, and unread counts are kept in memory (services/push/unread-counter.ts),
// read from these rows only when a user's read position moves.

function eventNotificationsMigration(bigint: "integer" | "bigint"): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("event_notifications")
        .addColumn("event_id", "text", (c) => c.primaryKey())
        .addColumn("room_id", "text", (c) => c.notNull())
        .addColumn("stream_ordering", bigint, (c) => c.notNull())
        // "main" for the main timeline, else the thread root's event ID.
        .addColumn("thread_id", "text", (c) => c.notNull())
        .addColumn("ts", bigint, (c) => c.notNull())
        // JSON: the distinct action lists of the rules that matched, e.g. [["notify"]].
        .addColumn("actions", "text", (c) => c.notNull())
        // JSON: { userId: [highlight (0|1), index into actions] } for every notified user.
        .addColumn("recipients", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("event_notifications_room_stream").on("event_notifications").columns(["room_id", "stream_ordering"]).execute();

      // Carry the per-user rows over, one event at a time.
      const { rows } = await sql<{ user_id: string; room_id: string; event_id: string; stream_ordering: number | string; thread_id: string; highlight: number; actions: string; ts: number | string }>`
        select user_id, room_id, event_id, stream_ordering, thread_id, highlight, actions, ts from event_push_actions order by stream_ordering
      `.execute(db);
      const byEvent = new Map<string, { row: (typeof rows)[number]; actions: string[]; recipients: Record<string, [number, number]> }>();
      for (const row of rows) {
        const entry = byEvent.get(row.event_id) ?? { row, actions: [], recipients: {} };
        let index = entry.actions.indexOf(row.actions);
        if (index < 0) index = entry.actions.push(row.actions) - 1;
        entry.recipients[row.user_id] = [Number(row.highlight) === 1 ? 1 : 0, index];
        byEvent.set(row.event_id, entry);
      }
      for (const { row, actions, recipients } of byEvent.values()) {
        await db
          .insertInto("event_notifications" as never)
          .values({
            event_id: row.event_id,
            room_id: row.room_id,
            stream_ordering: Number(row.stream_ordering),
            thread_id: row.thread_id,
            ts: Number(row.ts),
            actions: `[${actions.join(",")}]`,
            recipients: JSON.stringify(recipients),
          })
          .execute();
      }
      await db.schema.dropTable("event_push_actions").execute();
    },
  };
}

export const sqliteEventNotificationsMigration = eventNotificationsMigration("integer");
export const postgresEventNotificationsMigration = eventNotificationsMigration("bigint");
