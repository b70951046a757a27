import { errorResponse, extractAccessToken, MatrixError } from "@myelin/http";
import type { Hono } from "hono";
import type { ReceivedFile } from "../services/media/file-store.js";
import type { Services } from "../services/services.js";

// Upload bodies go to disk as they arrive. The endpoint binding would read a
// raw body into memory before the handler runs (up to the upload limit, per
// concurrent upload); this middleware runs first on the upload paths,
// streams the body into the media store's temporary file — stopping at the
// size limit with 413 — and hands the binding a copy of the request without
// a body. The handler then finds the file by its request.
//
// The body is only read for a valid access token (and, for PUT, an ID the
// user may upload to): anything else falls through to the binding, which
// answers the error without reading the bytes.

const receivedUploads = new WeakMap<Request, ReceivedFile>();

/** The streamed body of an upload request; the middleware must have run. */
export function receivedUploadOf(request: Request): ReceivedFile {
  const received = receivedUploads.get(request);
  if (!received) throw new Error("the upload body was not streamed: streamUploadBodies must be registered before the upload routes");
  return received;
}

export function streamUploadBodies(app: Hono, services: Services, routes: readonly { method: "POST" | "PUT"; path: string; pendingId?: boolean }[]): void {
  const media = services.media.repository;
  for (const route of routes) {
    app.on(route.method, route.path, async (c, next) => {
      const request = c.req.raw;
      const token = extractAccessToken(request, true);
      const requester = token === undefined ? undefined : await services.sessions.authenticate(token).catch(() => undefined);
      if (!requester) return next();

      let received: ReceivedFile;
      try {
        if (route.pendingId) await media.checkPendingUpload(requester, c.req.param("serverName") ?? "", c.req.param("mediaId") ?? "");
        received = await media.receive(request.body, request.headers.get("Content-Length"));
      } catch (error) {
        if (!(error instanceof MatrixError)) throw error;
        const response = errorResponse(error);
        // The rest of a refused body may still be on its way: this connection cannot carry another request.
        if (error.errcode === "M_TOO_LARGE") response.headers.set("Connection", "close");
        return response;
      }

      const headers = new Headers(request.headers);
      headers.delete("Content-Length");
      headers.delete("Transfer-Encoding");
      const withoutBody = new Request(request.url, { method: request.method, headers });
      receivedUploads.set(withoutBody, received);
      c.req.raw = withoutBody;
      try {
        await next();
      } finally {
        // A no-op once the handler committed the file; otherwise (an error) the temporary file goes.
        await media.discard(received);
      }
    });
  }
}
