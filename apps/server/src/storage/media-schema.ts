// The media repository's tables (migration 0003_media), as Kysely sees them.

export interface MediaTable {
  server_name: string;
  media_id: string;
  uploader: string;
  content_type: string | null;
  filename: string | null;
  size: number | null;
  /** Hex SHA-256 of the bytes: the file's name in the content-addressed store. Null while an async upload is pending. */
  sha256: string | null;
  created_ts: number;
  uploaded_ts: number | null;
  unused_expires_ts: number | null;
  quarantined: number;
}

export interface MediaThumbnailsTable {
  server_name: string;
  media_id: string;
  width: number;
  height: number;
  method: string;
  content_type: string;
  thumbnail_width: number;
  thumbnail_height: number;
  size: number;
  sha256: string;
  created_ts: number;
}

export interface UrlPreviewsTable {
  url: string;
  fetched_ts: number;
  preview_json: string;
}
