import { Readable } from "node:stream";
import type { FileStore } from "../services/media/file-store.js";
import { mediaSecurityHeaders } from "../services/media/content-headers.js";

export interface ServedFile {
  sha256: string;
  size: number;
  contentType: string;
}

/**
 * A media file as the response, streamed from disk. Media never changes
 * under its URL, so it is cacheable for a year — `private` for the
 * authenticated endpoints (a shared cache must not hand it to someone
 * without a token), `public` for the deprecated unauthenticated ones — with
 * the content hash as ETag for revalidation.
 */
export function mediaFileResponse(files: FileStore, file: ServedFile, contentDisposition: string, options: { authenticated: boolean; request: Request }): Response {
  const etag = `"${file.sha256}"`;
  const headers: Record<string, string> = {
    ...mediaSecurityHeaders(),
    "Content-Type": file.contentType,
    "Content-Disposition": contentDisposition,
    "Cache-Control": `${options.authenticated ? "private" : "public"}, max-age=31536000, immutable`,
    ETag: etag,
  };
  if (ifNoneMatch(options.request.headers.get("If-None-Match"), etag)) return new Response(null, { status: 304, headers });
  const body = Readable.toWeb(files.openRead(file.sha256)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers: { ...headers, "Content-Length": String(file.size) } });
}

function ifNoneMatch(header: string | null, etag: string): boolean {
  if (header === null) return false;
  return header.trim() === "*" || header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === etag);
}
