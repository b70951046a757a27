import type { Kysely, Migration } from "kysely";

// Migration 0005_relations_push: what push rules produce and what clients
// register for them — per-user notification actions of events, the last
// event each user sent into each room (sending counts as reading, "Marking
// notifications as read"), pushers — and an index for listing a room's
// threads. Push rules themselves live in the user's `m.push_rules` account
// data (migration 0004), as the spec stores them.

function relationsPushMigration(bigint: "integer" | "bigint"): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // One row per (user, event) that notified the user; events that do not
      // notify leave no row, so counting unread notifications counts rows.
      await db.schema
        .createTable("event_push_actions")
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("room_id", "text", (c) => c.notNull())
        .addColumn("event_id", "text", (c) => c.notNull())
        .addColumn("stream_ordering", bigint, (c) => c.notNull())
        // "main" for the main timeline, else the thread root's event ID.
        .addColumn("thread_id", "text", (c) => c.notNull())
        .addColumn("highlight", "integer", (c) => c.notNull())
        // The matched rule's actions (JSON array), for GET /notifications.
        .addColumn("actions", "text", (c) => c.notNull())
        .addColumn("ts", bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint("event_push_actions_pk", ["user_id", "event_id"])
        .execute();
      await db.schema.createIndex("event_push_actions_user_room").on("event_push_actions").columns(["user_id", "room_id", "stream_ordering"]).execute();
      await db.schema.createIndex("event_push_actions_user_stream").on("event_push_actions").columns(["user_id", "stream_ordering"]).execute();

      await db.schema
        .createTable("user_room_last_sent")
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("room_id", "text", (c) => c.notNull())
        .addColumn("stream_ordering", bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint("user_room_last_sent_pk", ["user_id", "room_id"])
        .execute();

      await db.schema
        .createTable("pushers")
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("app_id", "text", (c) => c.notNull())
        .addColumn("pushkey", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("app_display_name", "text", (c) => c.notNull())
        .addColumn("device_display_name", "text", (c) => c.notNull())
        .addColumn("profile_tag", "text")
        .addColumn("lang", "text", (c) => c.notNull())
        // JSON object (`url`, `format`, and whatever else the client sent).
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("created_ts", bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint("pushers_pk", ["user_id", "app_id", "pushkey"])
        .execute();
      await db.schema.createIndex("pushers_app_pushkey").on("pushers").columns(["app_id", "pushkey"]).execute();

      // GET /threads lists a room's thread roots; the relations table is keyed by target.
      await db.schema.createIndex("event_relations_room_type").on("event_relations").columns(["room_id", "rel_type"]).execute();
    },
  };
}

export const sqliteRelationsPushMigration = relationsPushMigration("integer");
export const postgresRelationsPushMigration = relationsPushMigration("bigint");
