import type { Kysely, Migration } from "kysely";

// Migration 0004_sync_ephemeral: the per-user and ephemeral data that /sync
// serves beside room events — filters, account data, receipts, presence —
// and the counters of their streams. The same tables on both backends; only
// the integer type of positions and timestamps differs (BIGINT on PostgreSQL).

/** The streams whose positions live in `sync_stream_positions` (typing is in memory). */
export const PERSISTED_SYNC_STREAMS = ["account_data", "receipts", "presence"] as const;

function syncEphemeralMigration(bigint: "integer" | "bigint"): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // One row per stream; a writer takes the next position with an UPDATE,
      // whose row lock (PostgreSQL) or the single writer (SQLite) makes
      // positions commit in order, so a reader that sees position N has
      // every row up to N.
      await db.schema
        .createTable("sync_stream_positions")
        .addColumn("stream", "text", (c) => c.primaryKey())
        .addColumn("position", bigint, (c) => c.notNull())
        .execute();
      await db
        .insertInto("sync_stream_positions" as never)
        .values(PERSISTED_SYNC_STREAMS.map((stream) => ({ stream, position: 0 })))
        .execute();

      await db.schema
        .createTable("sync_filters")
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("filter_id", "text", (c) => c.notNull())
        .addColumn("filter_json", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("sync_filters_pk", ["user_id", "filter_id"])
        .execute();

      await db.schema
        .createTable("account_data")
        .addColumn("user_id", "text", (c) => c.notNull())
        // "" for global account data: a primary key column cannot be NULL.
        .addColumn("room_id", "text", (c) => c.notNull())
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("content", "text", (c) => c.notNull())
        .addColumn("stream_id", bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint("account_data_pk", ["user_id", "room_id", "type"])
        .execute();
      await db.schema.createIndex("account_data_user_stream").on("account_data").columns(["user_id", "stream_id"]).execute();

      await db.schema
        .createTable("receipts")
        .addColumn("room_id", "text", (c) => c.notNull())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("receipt_type", "text", (c) => c.notNull())
        // "" for an unthreaded receipt; "main" or a thread root's event ID otherwise.
        .addColumn("thread_id", "text", (c) => c.notNull())
        .addColumn("event_id", "text", (c) => c.notNull())
        .addColumn("ts", bigint, (c) => c.notNull())
        .addColumn("stream_id", bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint("receipts_pk", ["room_id", "user_id", "receipt_type", "thread_id"])
        .execute();
      await db.schema.createIndex("receipts_room_stream").on("receipts").columns(["room_id", "stream_id"]).execute();

      await db.schema
        .createTable("presence")
        .addColumn("user_id", "text", (c) => c.primaryKey())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("status_msg", "text")
        .addColumn("last_active_ts", bigint, (c) => c.notNull())
        .addColumn("stream_id", bigint, (c) => c.notNull())
        .execute();
      await db.schema.createIndex("presence_stream").on("presence").column("stream_id").execute();
    },
  };
}

export const sqliteSyncEphemeralMigration = syncEphemeralMigration("integer");
export const postgresSyncEphemeralMigration = syncEphemeralMigration("bigint");
