import { open } from "node:fs/promises";

// The image formats we hand to the thumbnailer, recognised by their first
// bytes rather than by the uploader's Content-Type. Only these four reach
// libvips: in particular SVG never does (rasterising it means running a
// full XML and CSS engine, librsvg, on user input, and an SVG can refer to
// external files), nor do the less-travelled decoders (TIFF, HEIF, PDF,
// ...) that libvips could otherwise pick by sniffing.

export type ThumbnailableFormat = "jpeg" | "png" | "gif" | "webp";

export function sniffImageFormat(head: Uint8Array): ThumbnailableFormat | undefined {
  const starts = (...bytes: number[]) => bytes.every((byte, index) => head[index] === byte);
  if (starts(0xff, 0xd8, 0xff)) return "jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  if (starts(0x47, 0x49, 0x46, 0x38) && (head[4] === 0x37 || head[4] === 0x39) && head[5] === 0x61) return "gif";
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  return undefined;
}

export async function sniffImageFile(path: string): Promise<ThumbnailableFormat | undefined> {
  const file = await open(path, "r");
  try {
    const head = new Uint8Array(16);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return sniffImageFormat(head.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}

export const CONTENT_TYPE_OF_FORMAT: Record<ThumbnailableFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
};
