import { MatrixError } from "@myelin/http";
import type { Clock } from "../clock.js";
import type { Requester } from "../requester.js";
import type { MediaRecord, Storage } from "../../storage/storage.js";
import { DEFAULT_CONTENT_TYPE } from "./content-headers.js";
import type { FileStore, ReceivedFile } from "./file-store.js";
import { checkMediaAddress, mxcUri, newMediaId } from "./media-ids.js";
import { UploadWaiters } from "./upload-waiters.js";

export interface MediaLimits {
  maxUploadSize: number;
  /** How long an ID from /create waits for its bytes (the spec recommends 24 hours). */
  unusedIdLifetimeMs: number;
  /** Pending uploads per user (created, not uploaded, not expired); more is 429 M_LIMIT_EXCEEDED. */
  maxPendingUploadsPerUser: number;
  /** Longest `timeout_ms` honoured when a download waits for an async upload. */
  maxDownloadWaitMs: number;
}

export const DEFAULT_MEDIA_LIMITS: Omit<MediaLimits, "maxUploadSize"> = {
  unusedIdLifetimeMs: 24 * 60 * 60 * 1000,
  maxPendingUploadsPerUser: 10,
  maxDownloadWaitMs: 60_000,
};

/** The spec's default for `timeout_ms`. */
const DEFAULT_DOWNLOAD_WAIT_MS = 20_000;

/** A filename longer than this is refused (M_INVALID_PARAM); file systems stop at 255 bytes anyway. */
const MAX_FILENAME_LENGTH = 1024;

export interface UploadDetails {
  contentType: string | undefined;
  filename: string | undefined;
}

/** Media whose bytes are stored and may be served. */
export interface StoredMedia extends MediaRecord {
  sha256: string;
  size: number;
  contentType: string;
}

/**
 * Uploads (direct and asynchronous) and finding content to serve. Only
 * local media exists: an mxc URI of another server is M_NOT_FOUND until
 * federation can fetch it.
 */
export class MediaService {
  private readonly waiters = new UploadWaiters();

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    readonly files: FileStore,
    private readonly serverName: string,
    readonly limits: MediaLimits,
  ) {}

  /** Stream a request body to a temporary file (see FileStore.receive). */
  receive(body: ReadableStream<Uint8Array> | null, declaredLength: string | null): Promise<ReceivedFile> {
    if (declaredLength !== null && Number(declaredLength) > this.limits.maxUploadSize) {
      return Promise.reject(MatrixError.tooLarge(`Cannot upload files larger than ${this.limits.maxUploadSize} bytes`));
    }
    return this.files.receive(body, this.limits.maxUploadSize);
  }

  discard(received: ReceivedFile): Promise<void> {
    return this.files.discard(received);
  }

  /** POST /upload: store the bytes, then record them under a new ID. */
  async upload(requester: Requester, received: ReceivedFile, details: UploadDetails): Promise<string> {
    const content = this.uploadedContent(received, details);
    await this.files.commit(received);
    const mediaId = newMediaId();
    await this.storage.media.insertUploadedMedia({ serverName: this.serverName, mediaId, uploader: requester.userId, createdTs: content.uploadedTs, ...content });
    return mxcUri(this.serverName, mediaId);
  }

  /** Bytes the server itself fetched (URL preview images), recorded as media of `uploader`. */
  async storeFetched(uploader: string, bytes: Uint8Array, contentType: string): Promise<{ contentUri: string; size: number; sha256: string }> {
    const { sha256, size } = await this.files.storeBytes(bytes);
    const mediaId = newMediaId();
    const now = this.clock();
    await this.storage.media.insertUploadedMedia({ serverName: this.serverName, mediaId, uploader, createdTs: now, contentType, filename: null, size, sha256, uploadedTs: now });
    return { contentUri: mxcUri(this.serverName, mediaId), size, sha256 };
  }

  /** POST /media/v1/create. */
  async create(requester: Requester): Promise<{ contentUri: string; unusedExpiresAt: number }> {
    const now = this.clock();
    const pending = await this.storage.media.countPendingUploads(requester.userId, now);
    if (pending >= this.limits.maxPendingUploadsPerUser) {
      throw MatrixError.limitExceeded(undefined, `You have ${pending} media IDs waiting for uploads; upload to them or wait for them to expire`);
    }
    const mediaId = newMediaId();
    const unusedExpiresAt = now + this.limits.unusedIdLifetimeMs;
    await this.storage.media.insertPendingMedia({ serverName: this.serverName, mediaId, uploader: requester.userId, createdTs: now, unusedExpiresTs: unusedExpiresAt });
    return { contentUri: mxcUri(this.serverName, mediaId), unusedExpiresAt };
  }

  /**
   * Checks for PUT /upload/{serverName}/{mediaId} that need no bytes: run
   * before the body is read, so a refused upload costs no disk.
   */
  async checkPendingUpload(requester: Requester, serverName: string, mediaId: string): Promise<void> {
    checkMediaAddress(serverName, mediaId);
    const media = serverName === this.serverName ? await this.storage.media.getMedia(serverName, mediaId) : undefined;
    this.assertUploadable(requester, media);
  }

  /** PUT /upload/{serverName}/{mediaId}: the bytes for an ID made by /create; only by its creator, only once. */
  async uploadToPending(requester: Requester, serverName: string, mediaId: string, received: ReceivedFile, details: UploadDetails): Promise<void> {
    await this.checkPendingUpload(requester, serverName, mediaId);
    const content = this.uploadedContent(received, details);
    await this.files.commit(received);
    const attached = await this.storage.media.completePendingMedia(serverName, mediaId, requester.userId, this.clock(), content);
    if (!attached) {
      // Lost a race with another upload to this ID, or it expired meanwhile.
      this.assertUploadable(requester, await this.storage.media.getMedia(serverName, mediaId));
      throw new MatrixError("M_CANNOT_OVERWRITE_MEDIA", "Media already uploaded");
    }
    this.waiters.wake(`${serverName}/${mediaId}`);
  }

  private assertUploadable(requester: Requester, media: MediaRecord | undefined): void {
    if (!media) throw MatrixError.notFound("Unknown media ID: it was not created with /media/v1/create");
    if (media.uploader !== requester.userId) throw MatrixError.forbidden("Only the user who created this media ID can upload to it");
    if (media.sha256 !== null) throw new MatrixError("M_CANNOT_OVERWRITE_MEDIA", "Media already uploaded");
    if (media.unusedExpiresTs !== null && media.unusedExpiresTs <= this.clock()) throw MatrixError.notFound("This media ID has expired");
  }

  private uploadedContent(received: ReceivedFile, details: UploadDetails) {
    const filename = details.filename === undefined || details.filename === "" ? null : details.filename;
    if (filename !== null && filename.length > MAX_FILENAME_LENGTH) throw MatrixError.invalidParam(`filename must be at most ${MAX_FILENAME_LENGTH} characters`);
    return {
      contentType: details.contentType ?? DEFAULT_CONTENT_TYPE,
      filename,
      size: received.size,
      sha256: received.sha256,
      uploadedTs: this.clock(),
    };
  }

  /**
   * The stored media behind an mxc URI, waiting up to `timeoutMs` (the
   * spec's `timeout_ms`, default 20 s) for an async upload still pending:
   * 404 M_NOT_FOUND for unknown, expired, quarantined or remote media,
   * 504 M_NOT_YET_UPLOADED when the wait ends without bytes.
   */
  async findContent(serverName: string, mediaId: string, timeoutMs: number | undefined): Promise<StoredMedia> {
    checkMediaAddress(serverName, mediaId);
    if (serverName !== this.serverName) throw MatrixError.notFound("Remote media is not available yet (this server does not federate)");
    let media = await this.storage.media.getMedia(serverName, mediaId);
    if (media && media.sha256 === null && !this.expired(media)) {
      const wait = Math.min(Math.max(0, timeoutMs ?? DEFAULT_DOWNLOAD_WAIT_MS), this.limits.maxDownloadWaitMs);
      // Real elapsed time, not the service clock (which tests may freeze).
      const deadline = performance.now() + wait;
      while (media && media.sha256 === null && !this.expired(media) && performance.now() < deadline) {
        await this.waiters.wait(`${serverName}/${mediaId}`, Math.min(deadline - performance.now(), 1000));
        media = await this.storage.media.getMedia(serverName, mediaId);
      }
      if (media && media.sha256 === null && !this.expired(media)) throw new MatrixError("M_NOT_YET_UPLOADED", "Content has not yet been uploaded");
    }
    if (!media || media.sha256 === null || media.size === null || media.quarantined) throw MatrixError.notFound("Media not found");
    return { ...media, sha256: media.sha256, size: media.size, contentType: media.contentType ?? DEFAULT_CONTENT_TYPE };
  }

  private expired(media: MediaRecord): boolean {
    return media.unusedExpiresTs !== null && media.unusedExpiresTs <= this.clock();
  }
}
