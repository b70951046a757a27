// Which thumbnail to make for a request (client-server API, "Thumbnails").
// The server keeps a few sizes per image rather than one per request, so
// requests are mapped to the smallest preferred size that is at least what
// was asked for; requests larger than every preferred size get their own.

export type ThumbnailMethod = "crop" | "scale";

export interface ThumbnailBox {
  width: number;
  height: number;
  method: ThumbnailMethod;
}

/** The sizes the spec recommends servers produce. */
export const PREFERRED_THUMBNAIL_SIZES: readonly ThumbnailBox[] = [
  { width: 32, height: 32, method: "crop" },
  { width: 96, height: 96, method: "crop" },
  { width: 320, height: 240, method: "scale" },
  { width: 640, height: 480, method: "scale" },
  { width: 800, height: 600, method: "scale" },
];

/** Requests beyond this are not a thumbnail any more; 400 M_INVALID_PARAM. */
export const MAX_THUMBNAIL_DIMENSION = 10_000;

export function chooseThumbnailBox(width: number, height: number, method: ThumbnailMethod): ThumbnailBox {
  const fitting = PREFERRED_THUMBNAIL_SIZES.filter((box) => box.method === method && box.width >= width && box.height >= height).sort(
    (a, b) => a.width * a.height - b.width * b.height,
  );
  return fitting[0] ?? { width, height, method };
}

/**
 * The dimensions a thumbnail of a `sourceWidth` x `sourceHeight` image gets
 * for `box`, never enlarging ("Servers MUST NOT upscale thumbnails").
 * - scale: the whole image, shrunk to fit inside the box, aspect kept.
 * - crop: exactly the box when the image can cover it; otherwise the
 *   largest region of the box's aspect ratio that the image holds.
 */
export function thumbnailDimensions(sourceWidth: number, sourceHeight: number, box: ThumbnailBox): { width: number; height: number } {
  if (box.method === "scale") {
    const factor = Math.min(1, box.width / sourceWidth, box.height / sourceHeight);
    return { width: Math.max(1, Math.round(sourceWidth * factor)), height: Math.max(1, Math.round(sourceHeight * factor)) };
  }
  const cover = Math.max(box.width / sourceWidth, box.height / sourceHeight);
  if (cover <= 1) return { width: box.width, height: box.height };
  const boxAspect = box.width / box.height;
  if (sourceWidth / sourceHeight > boxAspect) {
    return { width: Math.max(1, Math.min(sourceWidth, Math.round(sourceHeight * boxAspect))), height: sourceHeight };
  }
  return { width: sourceWidth, height: Math.max(1, Math.min(sourceHeight, Math.round(sourceWidth / boxAspect))) };
}
