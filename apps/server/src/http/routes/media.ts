import {
  createContent,
  getConfig,
  getConfigAuthed,
  getContent,
  getContentAuthed,
  getContentOverrideName,
  getContentOverrideNameAuthed,
  getContentThumbnail,
  getContentThumbnailAuthed,
  getUrlPreview,
  getUrlPreviewAuthed,
  uploadContent,
  uploadContentToMXC,
} from "@myelin/client-server";
import { contentDisposition, normaliseUploadContentType } from "../../services/media/content-headers.js";
import type { ThumbnailRequest } from "../../services/media/thumbnail-service.js";
import type { RouteContext } from "../context.js";
import { mediaFileResponse } from "../media-responses.js";
import { receivedUploadOf, streamUploadBodies } from "../media-upload-body.js";

// The content repository (client-server API, "Content repository"): uploads
// under /_matrix/media (v3 and r0; the spec has not moved them), downloads,
// thumbnails, URL previews and the config under the authenticated
// /_matrix/client/v1/media (v1.11), and the deprecated unauthenticated
// /_matrix/media/v3 (and r0) reads that older clients still use — this
// server has not "frozen" them. Remote media is M_NOT_FOUND until federation.

export function mediaRoutes({ app, serve, services }: RouteContext): void {
  const media = services.media.repository;
  const files = media.files;

  // Before the routes below: hono runs handlers in the order they were added.
  streamUploadBodies(app, services, [
    { method: "POST", path: "/_matrix/media/v3/upload" },
    { method: "POST", path: "/_matrix/media/r0/upload" },
    { method: "PUT", path: "/_matrix/media/v3/upload/:serverName/:mediaId", pendingId: true },
  ]);

  serve(uploadContent, async ({ query, body }, { auth, request }) => {
    const contentUri = await media.upload(auth, receivedUploadOf(request), { contentType: normaliseUploadContentType(body.contentType), filename: query.filename });
    return { content_uri: contentUri };
  });

  serve(uploadContentToMXC, async ({ path, query, body }, { auth, request }) => {
    await media.uploadToPending(auth, path.serverName, path.mediaId, receivedUploadOf(request), {
      contentType: normaliseUploadContentType(body.contentType),
      filename: query.filename,
    });
    return {};
  });

  serve(createContent, async (_request, { auth }) => {
    const { contentUri, unusedExpiresAt } = await media.create(auth);
    return { content_uri: contentUri, unused_expires_at: unusedExpiresAt };
  });

  const download = async (
    path: { serverName: string; mediaId: string; fileName?: string },
    timeoutMs: number | undefined,
    request: Request,
    authenticated: boolean,
  ) => {
    const found = await media.findContent(path.serverName, path.mediaId, timeoutMs);
    // The path's file name wins over the uploaded one (the ".../{fileName}" endpoints).
    const disposition = contentDisposition(found.contentType, path.fileName ?? found.filename);
    return mediaFileResponse(files, found, disposition, { authenticated, request });
  };
  serve(getContentAuthed, ({ path, query }, { request }) => download(path, query.timeout_ms, request, true));
  serve(getContentOverrideNameAuthed, ({ path, query }, { request }) => download(path, query.timeout_ms, request, true));
  serve(getContent, ({ path, query }, { request }) => download(path, query.timeout_ms, request, false));
  serve(getContentOverrideName, ({ path, query }, { request }) => download(path, query.timeout_ms, request, false));

  const thumbnail = async (path: { serverName: string; mediaId: string }, query: ThumbnailRequest, request: Request, authenticated: boolean) => {
    const file = await services.media.thumbnails.thumbnail(path.serverName, path.mediaId, query);
    const extension = file.contentType.slice("image/".length);
    // The spec requires `inline` for thumbnails; they are always one of the safe image types.
    return mediaFileResponse(files, file, contentDisposition(file.contentType, `thumbnail.${extension}`, true), { authenticated, request });
  };
  const thumbnailRequest = (query: { width: number; height: number; method?: "crop" | "scale" | undefined; animated?: boolean | undefined; timeout_ms?: number | undefined }) => ({
    width: query.width,
    height: query.height,
    method: query.method,
    animated: query.animated,
    timeoutMs: query.timeout_ms,
  });
  serve(getContentThumbnailAuthed, ({ path, query }, { request }) => thumbnail(path, thumbnailRequest(query), request, true));
  serve(getContentThumbnail, ({ path, query }, { request }) => thumbnail(path, thumbnailRequest(query), request, false));

  serve(getUrlPreviewAuthed, ({ query }, { auth }) => services.media.urlPreviews.preview(auth.userId, query.url, query.ts));
  serve(getUrlPreview, ({ query }, { auth }) => services.media.urlPreviews.preview(auth.userId, query.url, query.ts));

  const mediaConfig = () => ({ "m.upload.size": media.limits.maxUploadSize });
  serve(getConfigAuthed, mediaConfig);
  serve(getConfig, mediaConfig);
}
