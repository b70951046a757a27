import { MatrixError } from "@myelin/http";
import type { Clock } from "../../clock.js";
import type { Storage } from "../../../storage/storage.js";
import { essenceOf } from "../content-headers.js";
import { CONTENT_TYPE_OF_FORMAT, sniffImageFormat } from "../image-format.js";
import type { MediaService } from "../media-service.js";
import { readImageInfo } from "../thumbnailer.js";
import { decodeHtml, parseOpenGraph, type OpenGraph } from "./html-metadata.js";
import { AddressPolicy } from "./ip-ranges.js";
import { fetchPublicUrl, parseFetchableUrl, UrlFetchError, type SafeFetchOptions } from "./safe-fetch.js";

export interface UrlPreviewSettings {
  enabled: boolean;
  /** Ranges the previewer may reach although they are not public (config `url_preview.ip_range_whitelist`). */
  ipRangeWhitelist: readonly string[];
  /** Tests point names at loopback with this; production uses the system resolver. */
  resolveHost?: SafeFetchOptions["resolveHost"];
}

/** Pages and images larger than this are not previewed. */
export const MAX_PREVIEW_BYTES = 10 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 5;
/** A preview is reused for this long before the page is fetched again. */
const PREVIEW_CACHE_MS = 60 * 60 * 1000;
const USER_AGENT = "Myelin URL preview (Matrix homeserver)";

export type UrlPreview = OpenGraph & { "matrix:image:size"?: number };

/**
 * GET /media/preview_url: the OpenGraph data of a page, with its image
 * stored as local media so clients fetch it from us (spec: og:image is an
 * mxc URI). Results are cached per URL and fetch time.
 */
export class UrlPreviewService {
  private readonly policy: AddressPolicy;
  private readonly inFlight = new Map<string, Promise<UrlPreview>>();

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly media: MediaService,
    private readonly settings: UrlPreviewSettings,
  ) {
    this.policy = new AddressPolicy(settings.ipRangeWhitelist);
  }

  async preview(userId: string, url: string, ts: number | undefined): Promise<UrlPreview> {
    if (!this.settings.enabled) throw MatrixError.forbidden("URL previews are disabled on this server");
    try {
      parseFetchableUrl(url);
    } catch (error) {
      throw MatrixError.invalidParam(`url: ${error instanceof Error ? error.message : "not a URL"}`);
    }
    const now = this.clock();
    // A preview as of `ts` when one was made then (or before); otherwise a recent one.
    const cached =
      (ts !== undefined && ts < now - PREVIEW_CACHE_MS ? await this.storage.media.getUrlPreview(url, 0, ts) : undefined) ??
      (await this.storage.media.getUrlPreview(url, now - PREVIEW_CACHE_MS));
    if (cached) return JSON.parse(cached.previewJson) as UrlPreview;

    let pending = this.inFlight.get(url);
    if (!pending) {
      pending = this.fetchPreview(userId, url).finally(() => this.inFlight.delete(url));
      this.inFlight.set(url, pending);
    }
    return pending;
  }

  private async fetchPreview(userId: string, url: string): Promise<UrlPreview> {
    let preview: UrlPreview;
    try {
      const page = await fetchPublicUrl(url, this.fetchOptions("text/html,application/xhtml+xml;q=0.9,image/*;q=0.8,*/*;q=0.5"));
      const type = essenceOf(page.contentType ?? "");
      if (type === "text/html" || type === "application/xhtml+xml") {
        preview = parseOpenGraph(decodeHtml(page.body, page.contentType), page.url);
        const imageUrl = preview["og:image"];
        delete preview["og:image"];
        if (typeof imageUrl === "string") Object.assign(preview, await this.storeImage(userId, imageUrl).catch(() => ({})));
      } else {
        preview = await this.storeImageBytes(userId, page.body).catch(() => ({}));
      }
    } catch (error) {
      throw toMatrixError(error);
    }
    await this.storage.media.insertUrlPreview(url, this.clock(), JSON.stringify(preview));
    return preview;
  }

  private async storeImage(userId: string, imageUrl: string): Promise<UrlPreview> {
    const image = await fetchPublicUrl(imageUrl, this.fetchOptions("image/*"));
    return this.storeImageBytes(userId, image.body);
  }

  /** The og:image keys for bytes that are an image we recognise; anything else is left out of the preview. */
  private async storeImageBytes(userId: string, bytes: Buffer): Promise<UrlPreview> {
    const format = sniffImageFormat(bytes.subarray(0, 16));
    if (format === undefined || bytes.byteLength > this.media.limits.maxUploadSize) return {};
    const contentType = CONTENT_TYPE_OF_FORMAT[format];
    const stored = await this.media.storeFetched(userId, bytes, contentType);
    const info = await readImageInfo(this.media.files.pathOf(stored.sha256), format).catch(() => undefined);
    return {
      "og:image": stored.contentUri,
      "og:image:type": contentType,
      "matrix:image:size": stored.size,
      ...(info && { "og:image:width": info.width, "og:image:height": info.height }),
    };
  }

  private fetchOptions(accept: string): SafeFetchOptions {
    return {
      policy: this.policy,
      maxBytes: MAX_PREVIEW_BYTES,
      timeoutMs: FETCH_TIMEOUT_MS,
      maxRedirects: MAX_REDIRECTS,
      userAgent: USER_AGENT,
      accept,
      ...(this.settings.resolveHost && { resolveHost: this.settings.resolveHost }),
    };
  }
}

/**
 * Why a page could not be previewed. Refused addresses and bad URLs are the
 * client's input (403/400); failures of the remote site are gateway errors,
 * as the spec uses 502 for remote content that is too large.
 */
function toMatrixError(error: unknown): unknown {
  if (!(error instanceof UrlFetchError)) return error;
  switch (error.reason) {
    case "bad_url":
      return MatrixError.invalidParam(`url: ${error.message}`);
    case "blocked":
      return MatrixError.forbidden(`Cannot preview this URL: ${error.message}`);
    case "too_large":
      return new MatrixError("M_TOO_LARGE", `Cannot preview this URL: ${error.message}`, { httpStatus: 502 });
    case "timeout":
      return MatrixError.unknown(`Cannot preview this URL: ${error.message}`, 504);
    default:
      return MatrixError.unknown(`Cannot preview this URL: ${error.message}`, 502);
  }
}
