import type { Env, Hono, Schema } from "hono";
import { MatrixError } from "../errors/matrix-error.js";
import { preflightResponse, setCorsHeaders, withCors } from "./cors.js";
import type { BindingOptions } from "./options.js";
import { boundMethodsFor } from "./registry.js";
import { errorResponse, internalErrorResponse } from "./responses.js";

/**
 * What every Matrix server needs around its endpoints:
 * - CORS headers on every response, and `OPTIONS` answered with them
 *   without running any endpoint logic ("Web Browser Clients");
 * - 404 `M_UNRECOGNIZED` for an unknown endpoint, 405 `M_UNRECOGNIZED` for a
 *   known path with the wrong method;
 * - 500 `M_UNKNOWN` for any exception that escapes (reported to
 *   `onUnexpectedError`), so a bug never hangs a request.
 *
 * Call it before registering other routes so its middleware wraps them;
 * endpoints bound with `route()` carry CORS headers whatever the order.
 */
export function matrixFallbacks<HE extends Env, S extends Schema, BP extends string>(
  app: Hono<HE, S, BP>,
  options: Pick<BindingOptions, "onUnexpectedError"> = {},
): void {
  const honoApp = app as unknown as Hono;
  honoApp.use("*", async (c, next) => {
    if (c.req.method === "OPTIONS") return preflightResponse();
    await next();
    try {
      setCorsHeaders(c.res.headers);
    } catch {
      c.res = withCors(c.res);
    }
  });

  honoApp.notFound((c) => {
    const methods = boundMethodsFor(app, new URL(c.req.url).pathname);
    if (methods.length === 0) return errorResponse(MatrixError.unrecognized(404, "Unrecognized request"));
    const response = errorResponse(MatrixError.unrecognized(405, `Method ${c.req.method} not allowed for this endpoint`));
    response.headers.set("Allow", [...methods, "OPTIONS"].join(", "));
    return response;
  });

  honoApp.onError((error, c) => {
    if (error instanceof MatrixError) return errorResponse(error);
    options.onUnexpectedError?.(error, c.req.raw);
    return internalErrorResponse();
  });
}
