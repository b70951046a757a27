import { join } from "node:path";
import type { ServerConfig } from "../../config/schema.js";
import type { Storage } from "../../storage/storage.js";
import type { Clock } from "../clock.js";
import { FileStore } from "./file-store.js";
import { DEFAULT_MEDIA_LIMITS, MediaService, type MediaLimits } from "./media-service.js";
import { ThumbnailService } from "./thumbnail-service.js";
import { UrlPreviewService } from "./url-preview/url-preview-service.js";

export interface MediaServices {
  repository: MediaService;
  thumbnails: ThumbnailService;
  urlPreviews: UrlPreviewService;
}

/** The media repository, its files under `<data_dir>/media`. */
export function createMediaServices(config: ServerConfig, storage: Storage, clock: Clock, limits: Partial<MediaLimits> = {}): MediaServices {
  const files = new FileStore(join(config.dataDir, "media"));
  const repository = new MediaService(storage, clock, files, config.serverName, { ...DEFAULT_MEDIA_LIMITS, maxUploadSize: config.maxUploadSize, ...limits });
  return {
    repository,
    thumbnails: new ThumbnailService(storage, clock, repository, files),
    urlPreviews: new UrlPreviewService(storage, clock, repository, config.urlPreview),
  };
}
