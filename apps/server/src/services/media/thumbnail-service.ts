import { MatrixError } from "@myelin/http";
import type { Clock } from "../clock.js";
import type { Storage } from "../../storage/storage.js";
import type { FileStore } from "./file-store.js";
import { CONTENT_TYPE_OF_FORMAT, sniffImageFile, type ThumbnailableFormat } from "./image-format.js";
import type { MediaService } from "./media-service.js";
import { generateThumbnail, ImageTooLargeError, readImageInfo, thumbnailContentType, UndecodableImageError, type ImageInfo } from "./thumbnailer.js";
import { chooseThumbnailBox, MAX_THUMBNAIL_DIMENSION, type ThumbnailMethod } from "./thumbnail-sizes.js";

export interface ThumbnailRequest {
  width: number;
  height: number;
  method: ThumbnailMethod | undefined;
  animated: boolean | undefined;
  timeoutMs: number | undefined;
}

/** A file to serve as the thumbnail: a generated one, or the original when it is already small enough. */
export interface ThumbnailFile {
  sha256: string;
  size: number;
  contentType: string;
}

/** Image facts per file hash, so a cached thumbnail is found without decoding the image again. */
const IMAGE_INFO_CACHE_SIZE = 1000;

/**
 * Thumbnails (client-server API, "Thumbnails"): made on first request with
 * sharp, stored in the file store and recorded in `media_thumbnails`, keyed
 * by media, box size, method and output type.
 */
export class ThumbnailService {
  private readonly inFlight = new Map<string, Promise<ThumbnailFile>>();
  private readonly infoCache = new Map<string, { format: ThumbnailableFormat; info: ImageInfo }>();

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly media: MediaService,
    private readonly files: FileStore,
  ) {}

  async thumbnail(serverName: string, mediaId: string, request: ThumbnailRequest): Promise<ThumbnailFile> {
    for (const [name, value] of [["width", request.width], ["height", request.height]] as const) {
      if (value < 1 || value > MAX_THUMBNAIL_DIMENSION) throw MatrixError.invalidParam(`${name} must be between 1 and ${MAX_THUMBNAIL_DIMENSION}`);
    }
    const media = await this.media.findContent(serverName, mediaId, request.timeoutMs);
    const { format, info } = await this.imageOf(media.sha256);
    const wantsAnimation = request.animated === true && info.animated;

    // "When the content is smaller than the requested dimensions, servers
    // should return the original content" — unless that would be animated
    // when animation was not asked for.
    if (info.width <= request.width && info.height <= request.height && (!info.animated || wantsAnimation)) {
      return { sha256: media.sha256, size: media.size, contentType: CONTENT_TYPE_OF_FORMAT[format] };
    }

    const box = chooseThumbnailBox(request.width, request.height, request.method ?? "scale");
    const contentType = thumbnailContentType(format, wantsAnimation);
    const key = { serverName, mediaId, width: box.width, height: box.height, method: box.method, contentType };
    const cached = await this.storage.media.getThumbnail(key);
    if (cached) return { sha256: cached.sha256, size: cached.size, contentType: cached.contentType };

    const flightKey = JSON.stringify(key);
    let pending = this.inFlight.get(flightKey);
    if (!pending) {
      pending = (async () => {
        const thumbnail = await generateThumbnail(this.files.pathOf(media.sha256), info, box, contentType).catch((error: unknown) => {
          throw error instanceof UndecodableImageError ? cannotThumbnail() : error;
        });
        const { sha256, size } = await this.files.storeBytes(thumbnail.data);
        await this.storage.media.insertThumbnail({ ...key, thumbnailWidth: thumbnail.width, thumbnailHeight: thumbnail.height, size, sha256, createdTs: this.clock() });
        return { sha256, size, contentType };
      })().finally(() => this.inFlight.delete(flightKey));
      this.inFlight.set(flightKey, pending);
    }
    return pending;
  }

  private async imageOf(sha256: string): Promise<{ format: ThumbnailableFormat; info: ImageInfo }> {
    const known = this.infoCache.get(sha256);
    if (known) return known;
    const path = this.files.pathOf(sha256);
    const format = await sniffImageFile(path);
    // Not an image we thumbnail: SVG (never rasterised from user input),
    // other images, and anything else. The thumbnail does not exist.
    if (format === undefined) throw MatrixError.notFound("No thumbnail is available for this type of media");
    let info: ImageInfo;
    try {
      info = await readImageInfo(path, format);
    } catch (error) {
      if (error instanceof ImageTooLargeError) throw MatrixError.tooLarge("Content is too large to thumbnail");
      if (error instanceof UndecodableImageError) throw cannotThumbnail();
      throw error;
    }
    if (this.infoCache.size >= IMAGE_INFO_CACHE_SIZE) this.infoCache.delete(this.infoCache.keys().next().value ?? "");
    const entry = { format, info };
    this.infoCache.set(sha256, entry);
    return entry;
  }
}

function cannotThumbnail(): MatrixError {
  return MatrixError.unknown("Cannot generate thumbnails for the requested content", 400);
}
