import type { Kysely } from "kysely";
import type { MediaRecord, MediaStore } from "../media-store.js";
import type { Database } from "../schema.js";
import type { MediaTable } from "../media-schema.js";

function toRecord(row: MediaTable): MediaRecord {
  return {
    serverName: row.server_name,
    mediaId: row.media_id,
    uploader: row.uploader,
    contentType: row.content_type,
    filename: row.filename,
    size: row.size,
    sha256: row.sha256,
    createdTs: row.created_ts,
    uploadedTs: row.uploaded_ts,
    unusedExpiresTs: row.unused_expires_ts,
    quarantined: row.quarantined !== 0,
  };
}

export function mediaQueries(db: Kysely<Database>): MediaStore {
  return {
    async insertUploadedMedia(media) {
      await db
        .insertInto("media")
        .values({
          server_name: media.serverName,
          media_id: media.mediaId,
          uploader: media.uploader,
          content_type: media.contentType,
          filename: media.filename,
          size: media.size,
          sha256: media.sha256,
          created_ts: media.createdTs,
          uploaded_ts: media.uploadedTs,
          unused_expires_ts: null,
          quarantined: 0,
        })
        .execute();
    },

    async insertPendingMedia(media) {
      await db
        .insertInto("media")
        .values({
          server_name: media.serverName,
          media_id: media.mediaId,
          uploader: media.uploader,
          content_type: null,
          filename: null,
          size: null,
          sha256: null,
          created_ts: media.createdTs,
          uploaded_ts: null,
          unused_expires_ts: media.unusedExpiresTs,
          quarantined: 0,
        })
        .execute();
    },

    async countPendingUploads(uploader, now) {
      const row = await db
        .selectFrom("media")
        .select((eb) => eb.fn.countAll<number | string>().as("count"))
        .where("uploader", "=", uploader)
        .where("uploaded_ts", "is", null)
        .where("unused_expires_ts", ">", now)
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },

    async completePendingMedia(serverName, mediaId, uploader, now, content) {
      const result = await db
        .updateTable("media")
        .set({
          content_type: content.contentType,
          filename: content.filename,
          size: content.size,
          sha256: content.sha256,
          uploaded_ts: content.uploadedTs,
          unused_expires_ts: null,
        })
        .where("server_name", "=", serverName)
        .where("media_id", "=", mediaId)
        .where("uploader", "=", uploader)
        .where("uploaded_ts", "is", null)
        .where("unused_expires_ts", ">", now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async getMedia(serverName, mediaId) {
      const row = await db.selectFrom("media").selectAll().where("server_name", "=", serverName).where("media_id", "=", mediaId).executeTakeFirst();
      return row && toRecord(row);
    },

    async getThumbnail(key) {
      const row = await db
        .selectFrom("media_thumbnails")
        .selectAll()
        .where("server_name", "=", key.serverName)
        .where("media_id", "=", key.mediaId)
        .where("width", "=", key.width)
        .where("height", "=", key.height)
        .where("method", "=", key.method)
        .where("content_type", "=", key.contentType)
        .executeTakeFirst();
      return (
        row && {
          serverName: row.server_name,
          mediaId: row.media_id,
          width: row.width,
          height: row.height,
          method: row.method === "crop" ? "crop" : "scale",
          contentType: row.content_type,
          thumbnailWidth: row.thumbnail_width,
          thumbnailHeight: row.thumbnail_height,
          size: row.size,
          sha256: row.sha256,
          createdTs: row.created_ts,
        }
      );
    },

    async insertThumbnail(thumbnail) {
      await db
        .insertInto("media_thumbnails")
        .values({
          server_name: thumbnail.serverName,
          media_id: thumbnail.mediaId,
          width: thumbnail.width,
          height: thumbnail.height,
          method: thumbnail.method,
          content_type: thumbnail.contentType,
          thumbnail_width: thumbnail.thumbnailWidth,
          thumbnail_height: thumbnail.thumbnailHeight,
          size: thumbnail.size,
          sha256: thumbnail.sha256,
          created_ts: thumbnail.createdTs,
        })
        .onConflict((conflict) => conflict.columns(["server_name", "media_id", "width", "height", "method", "content_type"]).doNothing())
        .execute();
    },

    async getUrlPreview(url, notBeforeTs, notAfterTs) {
      let query = db.selectFrom("url_previews").select(["fetched_ts", "preview_json"]).where("url", "=", url).where("fetched_ts", ">=", notBeforeTs);
      if (notAfterTs !== undefined) query = query.where("fetched_ts", "<=", notAfterTs);
      const row = await query.orderBy("fetched_ts", "desc").limit(1).executeTakeFirst();
      return row && { fetchedTs: row.fetched_ts, previewJson: row.preview_json };
    },

    async insertUrlPreview(url, fetchedTs, previewJson) {
      await db
        .insertInto("url_previews")
        .values({ url, fetched_ts: fetchedTs, preview_json: previewJson })
        .onConflict((conflict) => conflict.columns(["url", "fetched_ts"]).doNothing())
        .execute();
    },
  };
}
