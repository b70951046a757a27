import { sql, type Kysely, type Migration } from "kysely";
import { postgresMediaMigration } from "./media.js";
import { postgresSyncEphemeralMigration } from "./sync-ephemeral.js";
import { postgresRelationsPushMigration } from "./relations-push.js";
import { postgresEventNotificationsMigration } from "./event-notifications.js";
import { postgresRoomsEventsMigration } from "./rooms-events.js";

// The PostgreSQL migration history, kept apart from SQLite's so each can use
// its engine's types (BIGINT timestamps here). Append; never edit a shipped one.
export const postgresMigrations: Record<string, Migration> = {
  "0001_accounts": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("users")
        .addColumn("user_id", "text", (c) => c.primaryKey())
        .addColumn("localpart", "text", (c) => c.notNull())
        .addColumn("password_hash", "text")
        .addColumn("is_admin", "smallint", (c) => c.notNull().defaultTo(0))
        .addColumn("is_guest", "smallint", (c) => c.notNull().defaultTo(0))
        .addColumn("deactivated", "smallint", (c) => c.notNull().defaultTo(0))
        .addColumn("created_ts", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("profiles")
        .addColumn("user_id", "text", (c) => c.primaryKey().references("users.user_id"))
        .addColumn("displayname", "text")
        .addColumn("avatar_url", "text")
        .execute();
      await db.schema
        .createTable("devices")
        .addColumn("user_id", "text", (c) => c.notNull().references("users.user_id"))
        .addColumn("device_id", "text", (c) => c.notNull())
        .addColumn("display_name", "text")
        .addColumn("created_ts", "bigint", (c) => c.notNull())
        .addColumn("last_seen_ts", "bigint")
        .addColumn("last_seen_ip", "text")
        .addPrimaryKeyConstraint("devices_pk", ["user_id", "device_id"])
        .execute();
      await db.schema
        .createTable("access_tokens")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("device_id", "text", (c) => c.notNull())
        .addColumn("created_ts", "bigint", (c) => c.notNull())
        .addColumn("expires_ts", "bigint")
        .execute();
      await db.schema.createIndex("access_tokens_device").on("access_tokens").columns(["user_id", "device_id"]).execute();
      await db.schema
        .createTable("refresh_tokens")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("device_id", "text", (c) => c.notNull())
        .addColumn("created_ts", "bigint", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("refresh_tokens_device").on("refresh_tokens").columns(["user_id", "device_id"]).execute();
      await db.schema
        .createTable("login_tokens")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("user_id", "text", (c) => c.notNull())
        .addColumn("expires_ts", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("uia_sessions")
        .addColumn("session_id", "text", (c) => c.primaryKey())
        .addColumn("purpose", "text", (c) => c.notNull())
        .addColumn("user_id", "text")
        .addColumn("completed_stages", "text", (c) => c.notNull().defaultTo(sql`'[]'`))
        .addColumn("created_ts", "bigint", (c) => c.notNull())
        .execute();
    },
  },
  "0002_rooms_events": postgresRoomsEventsMigration,
  "0003_media": postgresMediaMigration,
  "0004_sync_ephemeral": postgresSyncEphemeralMigration,
  "0005_relations_push": postgresRelationsPushMigration,
  "0006_event_notifications": postgresEventNotificationsMigration,
};
