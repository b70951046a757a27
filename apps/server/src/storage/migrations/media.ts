import type { Kysely, Migration } from "kysely";

// Migration 0003_media: the media repository's metadata. File bytes live on
// disk under <data_dir>/media, named by their SHA-256 (see
// services/media/file-store.ts); these tables say which media ID points at
// which bytes, the cached thumbnails, and the cached URL previews. The same
// tables on both backends; only the integer type of sizes and timestamps
// differs (BIGINT on PostgreSQL).

function mediaMigration(bigint: "integer" | "bigint", smallint: "integer" | "smallint"): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("media")
        // Only local media for now; the server name is in the key so cached
        // remote media (federation, later) can share the table.
        .addColumn("server_name", "text", (c) => c.notNull())
        .addColumn("media_id", "text", (c) => c.notNull())
        .addColumn("uploader", "text", (c) => c.notNull())
        .addColumn("content_type", "text")
        .addColumn("filename", "text")
        // Null until the bytes arrive (an ID made by POST /media/v1/create).
        .addColumn("size", bigint)
        .addColumn("sha256", "text")
        .addColumn("created_ts", bigint, (c) => c.notNull())
        .addColumn("uploaded_ts", bigint)
        // When an ID from /create expires if nothing was uploaded to it.
        .addColumn("unused_expires_ts", bigint)
        .addColumn("quarantined", smallint, (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint("media_pk", ["server_name", "media_id"])
        .execute();
      // Counting a user's pending uploads (the /create limit).
      await db.schema.createIndex("media_uploader_pending").on("media").columns(["uploader", "uploaded_ts", "unused_expires_ts"]).execute();
      // Finding every reference to a file before it may be deleted.
      await db.schema.createIndex("media_sha256").on("media").column("sha256").execute();

      await db.schema
        .createTable("media_thumbnails")
        .addColumn("server_name", "text", (c) => c.notNull())
        .addColumn("media_id", "text", (c) => c.notNull())
        // The size asked of the thumbnailer (a preferred size, or the request's own).
        .addColumn("width", "integer", (c) => c.notNull())
        .addColumn("height", "integer", (c) => c.notNull())
        .addColumn("method", "text", (c) => c.notNull())
        .addColumn("content_type", "text", (c) => c.notNull())
        // What came out (never larger than the original).
        .addColumn("thumbnail_width", "integer", (c) => c.notNull())
        .addColumn("thumbnail_height", "integer", (c) => c.notNull())
        .addColumn("size", bigint, (c) => c.notNull())
        .addColumn("sha256", "text", (c) => c.notNull())
        .addColumn("created_ts", bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint("media_thumbnails_pk", ["server_name", "media_id", "width", "height", "method", "content_type"])
        .execute();
      await db.schema.createIndex("media_thumbnails_sha256").on("media_thumbnails").column("sha256").execute();

      await db.schema
        .createTable("url_previews")
        .addColumn("url", "text", (c) => c.notNull())
        .addColumn("fetched_ts", bigint, (c) => c.notNull())
        // The preview's JSON object, as served.
        .addColumn("preview_json", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("url_previews_pk", ["url", "fetched_ts"])
        .execute();
    },
  };
}

export const sqliteMediaMigration = mediaMigration("integer", "integer");
export const postgresMediaMigration = mediaMigration("bigint", "smallint");
