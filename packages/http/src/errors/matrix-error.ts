import { defaultStatusFor, type ErrorCode } from "./error-codes.js";

/** The JSON body of a Matrix "standard error response". */
export interface MatrixErrorBody {
  errcode: string;
  error: string;
  retry_after_ms?: number;
  [key: string]: unknown;
}

export interface MatrixErrorOptions {
  /** HTTP status; defaults to the status the spec gives `errcode`. */
  httpStatus?: number;
  /** How long the client should wait before retrying (429). */
  retryAfterMs?: number;
  /**
   * Additional keys of the error body that some codes define
   * (`soft_logout`, `admin_contact`, `room_version`, `info_uri`, ...).
   */
  extra?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * A Matrix API error: thrown by server handlers (the binding turns it into the
 * spec's standard error response) and by the typed client (built from an
 * error response it received). One class for both sides so code that proxies
 * a call can rethrow what it caught.
 */
export class MatrixError extends Error {
  override readonly name = "MatrixError";
  readonly errcode: ErrorCode;
  readonly httpStatus: number;
  readonly retryAfterMs: number | undefined;
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(errcode: ErrorCode, error?: string, options: MatrixErrorOptions = {}) {
    super(error ?? errcode, options.cause === undefined ? undefined : { cause: options.cause });
    this.errcode = errcode;
    this.httpStatus = options.httpStatus ?? defaultStatusFor(errcode);
    this.retryAfterMs = options.retryAfterMs;
    this.extra = { ...options.extra };
  }

  /** The human-readable `error` string of the response body. */
  get error(): string {
    return this.message;
  }

  /** The standard error response body: `errcode`, `error` and the extra keys. */
  toJSON(): MatrixErrorBody {
    const body: MatrixErrorBody = { ...this.extra, errcode: this.errcode, error: this.message };
    if (this.retryAfterMs !== undefined) body.retry_after_ms = this.retryAfterMs;
    return body;
  }

  /**
   * Build the error a client sees from a non-2xx response. `body` is whatever
   * JSON the server sent (or undefined); a body without `errcode` (for example
   * the first 401 of user-interactive authentication, or a proxy's HTML page)
   * becomes `M_UNKNOWN`, and the spec tells clients to trust the status then.
   */
  static fromResponse(httpStatus: number, body: unknown, retryAfterHeaderMs?: number): MatrixError {
    const record = isRecord(body) ? body : {};
    const { errcode, error, retry_after_ms: bodyRetry, ...extra } = record;
    const code = typeof errcode === "string" && errcode !== "" ? errcode : "M_UNKNOWN";
    const message = typeof error === "string" ? error : `HTTP ${httpStatus}`;
    // Both say the same when a server sends both; the body has millisecond
    // precision where Retry-After has whole seconds.
    const bodyRetryMs = typeof bodyRetry === "number" && Number.isFinite(bodyRetry) && bodyRetry >= 0 ? bodyRetry : undefined;
    const retryAfterMs = bodyRetryMs ?? retryAfterHeaderMs;
    return new MatrixError(code, message, {
      httpStatus,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      extra,
    });
  }

  // Helpers for the codes every endpoint can produce. Each takes the message
  // and, where the spec defines one, the code's extra field.

  static forbidden(error = "Forbidden", extra?: Record<string, unknown>): MatrixError {
    return new MatrixError("M_FORBIDDEN", error, { ...(extra && { extra }) });
  }

  static unknownToken(error = "Unrecognised access token", options: { softLogout?: boolean } = {}): MatrixError {
    return new MatrixError("M_UNKNOWN_TOKEN", error, { extra: { soft_logout: options.softLogout ?? false } });
  }

  static missingToken(error = "Missing access token"): MatrixError {
    return new MatrixError("M_MISSING_TOKEN", error);
  }

  static badJson(error = "Malformed JSON body"): MatrixError {
    return new MatrixError("M_BAD_JSON", error);
  }

  static notJson(error = "Request body is not valid JSON"): MatrixError {
    return new MatrixError("M_NOT_JSON", error);
  }

  static notFound(error = "Not found"): MatrixError {
    return new MatrixError("M_NOT_FOUND", error);
  }

  static limitExceeded(retryAfterMs?: number, error = "Too many requests"): MatrixError {
    return new MatrixError("M_LIMIT_EXCEEDED", error, { ...(retryAfterMs !== undefined && { retryAfterMs }) });
  }

  /** 404 for an endpoint the server does not know; 405 for a known path with the wrong method. */
  static unrecognized(httpStatus: 404 | 405 = 404, error = "Unrecognized request"): MatrixError {
    return new MatrixError("M_UNRECOGNIZED", error, { httpStatus });
  }

  static missingParam(error = "Missing parameter"): MatrixError {
    return new MatrixError("M_MISSING_PARAM", error);
  }

  static invalidParam(error = "Invalid parameter"): MatrixError {
    return new MatrixError("M_INVALID_PARAM", error);
  }

  static tooLarge(error = "Request too large"): MatrixError {
    return new MatrixError("M_TOO_LARGE", error);
  }

  static unknown(error = "Unknown error", httpStatus = 400): MatrixError {
    return new MatrixError("M_UNKNOWN", error, { httpStatus });
  }

  static resourceLimitExceeded(adminContact: string, error = "Resource limit exceeded"): MatrixError {
    return new MatrixError("M_RESOURCE_LIMIT_EXCEEDED", error, { extra: { admin_contact: adminContact } });
  }
}

export function isMatrixError(value: unknown): value is MatrixError {
  return value instanceof MatrixError;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
