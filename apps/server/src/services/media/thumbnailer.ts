import type { Metadata } from "sharp";
import type Sharp from "sharp";

/** sharp (and libvips, ~20 MB resident) is loaded on the first thumbnail, not at start: many servers rarely make one. */
let loadedSharp: Promise<typeof Sharp> | undefined;
function sharpModule(): Promise<typeof Sharp> {
  loadedSharp ??= import("sharp").then((module) => module.default);
  return loadedSharp;
}
import type { ThumbnailableFormat } from "./image-format.js";
import { thumbnailDimensions, type ThumbnailBox } from "./thumbnail-sizes.js";

// Making one thumbnail with sharp (libvips). The caller has already checked
// the file's format by its magic bytes; sharp is still told which decoder
// it may use, so nothing else gets to parse user input.

/** Images with more pixels than this (all frames together) are not thumbnailed: 413 M_TOO_LARGE. */
export const MAX_THUMBNAIL_INPUT_PIXELS = 64 * 1024 * 1024;

export class ImageTooLargeError extends Error {}
export class UndecodableImageError extends Error {}

export interface ImageInfo {
  width: number;
  height: number;
  /** More than one frame (animated GIF or WebP). */
  animated: boolean;
}

export interface Thumbnail {
  data: Buffer;
  width: number;
  height: number;
  contentType: string;
}

export async function readImageInfo(path: string, format: ThumbnailableFormat): Promise<ImageInfo> {
  let metadata: Metadata;
  try {
    metadata = await (await sharpModule())(path, { animated: true, limitInputPixels: false }).metadata();
  } catch (error) {
    throw new UndecodableImageError(error instanceof Error ? error.message : String(error));
  }
  if (metadata.format !== format && !(format === "jpeg" && metadata.format === "jpeg")) {
    throw new UndecodableImageError(`the file looked like ${format} but decodes as ${metadata.format}`);
  }
  const width = metadata.width;
  const pages = metadata.pages ?? 1;
  // With animated: true, height is that of all frames stacked; pageHeight is one frame's.
  const height = metadata.pageHeight ?? Math.round(metadata.height / pages);
  if (!width || !height) throw new UndecodableImageError("the image has no dimensions");
  if (width * height * pages > MAX_THUMBNAIL_INPUT_PIXELS) throw new ImageTooLargeError(`${width}x${height}x${pages} pixels`);
  // EXIF orientations 5-8 turn the image a quarter: what the viewer sees has width and height swapped.
  const rotated = (metadata.orientation ?? 1) >= 5;
  return { width: rotated ? height : width, height: rotated ? width : height, animated: pages > 1 };
}

/**
 * The output type: animated sources asked for animation become WebP (the
 * spec's preference for animated thumbnails); otherwise JPEG stays JPEG and
 * everything else becomes PNG (lossless, keeps transparency).
 */
export function thumbnailContentType(format: ThumbnailableFormat, animated: boolean): string {
  if (animated) return "image/webp";
  return format === "jpeg" ? "image/jpeg" : "image/png";
}

export async function generateThumbnail(path: string, info: ImageInfo, box: ThumbnailBox, contentType: string): Promise<Thumbnail> {
  const animated = contentType === "image/webp" && info.animated;
  const { width, height } = thumbnailDimensions(info.width, info.height, box);
  try {
    const sharp = await sharpModule();
    let pipeline = sharp(path, { animated, limitInputPixels: MAX_THUMBNAIL_INPUT_PIXELS, failOn: "error" })
      .autoOrient()
      .resize({ width, height, fit: box.method === "crop" ? "cover" : "fill", position: "centre" });
    pipeline = contentType === "image/jpeg" ? pipeline.jpeg({ quality: 80, mozjpeg: true }) : contentType === "image/webp" ? pipeline.webp({ quality: 80 }) : pipeline.png();
    const { data, info: output } = await pipeline.toBuffer({ resolveWithObject: true });
    return { data, width: output.width, height: output.pageHeight ?? output.height, contentType };
  } catch (error) {
    throw new UndecodableImageError(error instanceof Error ? error.message : String(error));
  }
}
