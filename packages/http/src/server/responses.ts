import { MatrixError } from "../errors/matrix-error.js";
import { CORS_HEADERS } from "./cors.js";

/** A JSON response with the Content-Type the spec requires and the CORS headers. */
export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...CORS_HEADERS, "Content-Type": "application/json", ...headers },
  });
}

/** The standard error response for `error`; a 429 also gets `Retry-After` (whole seconds, rounded up). */
export function errorResponse(error: MatrixError): Response {
  const headers: Record<string, string> = {};
  if (error.retryAfterMs !== undefined) headers["Retry-After"] = String(Math.ceil(error.retryAfterMs / 1000));
  return jsonResponse(error.httpStatus, error.toJSON(), headers);
}

/** 500 `M_UNKNOWN`: what any unexpected exception becomes, without leaking its details. */
export function internalErrorResponse(): Response {
  return errorResponse(MatrixError.unknown("Internal server error", 500));
}

/**
 * A successful JSON body with a status other than 200 (e.g. 201 when an
 * appservice creates a device). Handlers return `withStatus(201, body)`.
 */
export class StatusResponse<T> {
  constructor(
    readonly status: number,
    readonly body: T,
  ) {}
}

export function withStatus<T>(status: number, body: T): StatusResponse<T> {
  return new StatusResponse(status, body);
}
