// The media repository's part of the storage interface.

export interface MediaRecord {
  serverName: string;
  mediaId: string;
  uploader: string;
  contentType: string | null;
  filename: string | null;
  /** Null (with sha256) while an ID made by /create waits for its bytes. */
  size: number | null;
  sha256: string | null;
  createdTs: number;
  uploadedTs: number | null;
  unusedExpiresTs: number | null;
  quarantined: boolean;
}

export interface UploadedContent {
  contentType: string | null;
  filename: string | null;
  size: number;
  sha256: string;
  uploadedTs: number;
}

export interface ThumbnailKey {
  serverName: string;
  mediaId: string;
  width: number;
  height: number;
  method: "crop" | "scale";
  contentType: string;
}

export interface ThumbnailRecord extends ThumbnailKey {
  thumbnailWidth: number;
  thumbnailHeight: number;
  size: number;
  sha256: string;
  createdTs: number;
}

export interface MediaStore {
  /** Record media whose bytes are already in the file store (POST /upload, URL preview images). */
  insertUploadedMedia(media: { serverName: string; mediaId: string; uploader: string; createdTs: number } & UploadedContent): Promise<void>;
  /** Reserve an ID for an async upload (POST /media/v1/create). */
  insertPendingMedia(media: { serverName: string; mediaId: string; uploader: string; createdTs: number; unusedExpiresTs: number }): Promise<void>;
  /** Pending uploads of a user that have not expired at `now`. */
  countPendingUploads(uploader: string, now: number): Promise<number>;
  /**
   * Attach bytes to a pending ID. One conditional UPDATE, so of two
   * concurrent uploads to one ID exactly one wins; false for the loser (and
   * for an ID that already has content or has expired at `now`).
   */
  completePendingMedia(serverName: string, mediaId: string, uploader: string, now: number, content: UploadedContent): Promise<boolean>;
  getMedia(serverName: string, mediaId: string): Promise<MediaRecord | undefined>;
  getThumbnail(key: ThumbnailKey): Promise<ThumbnailRecord | undefined>;
  /** Keeps the first of two concurrent generations of one thumbnail (both made the same bytes). */
  insertThumbnail(thumbnail: ThumbnailRecord): Promise<void>;
  /** The newest cached preview of `url` fetched at or after `notBeforeTs` (and at or before `notAfterTs` when given). */
  getUrlPreview(url: string, notBeforeTs: number, notAfterTs?: number): Promise<{ fetchedTs: number; previewJson: string } | undefined>;
  insertUrlPreview(url: string, fetchedTs: number, previewJson: string): Promise<void>;
}
