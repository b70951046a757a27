import type { AnyEndpoint } from "../endpoint/endpoint.js";

export interface AuthenticateInfo {
  request: Request;
  endpoint: AnyEndpoint;
}

/**
 * How the application plugs into the binding. `A` is whatever the
 * application knows about an authenticated requester (user ID, device ID,
 * appservice, ...); handlers receive it as `context.auth`.
 */
export interface BindingOptions<A = unknown> {
  /**
   * Resolve an access token. Return `null`/`undefined` for an unknown token
   * (401 `M_UNKNOWN_TOKEN`), or throw a `MatrixError` for anything else,
   * e.g. `MatrixError.unknownToken("Expired", { softLogout: true })` or
   * `M_USER_LOCKED`.
   */
  authenticate?: (token: string, info: AuthenticateInfo) => A | null | undefined | Promise<A | null | undefined>;
  /** Accept the `access_token` query parameter (allowed up to spec v1.19). Default true. */
  allowAccessTokenQuery?: boolean;
  /** Largest JSON body accepted, in bytes. Default 10 MiB. */
  maxJsonBodyBytes?: number;
  /** Largest raw (media) body accepted, in bytes. Default 100 MiB. */
  maxRawBodyBytes?: number;
  /**
   * Check what handlers return against the endpoint's response schema (a
   * mismatch is a bug and answers 500). Default: on unless
   * NODE_ENV is "production".
   */
  validateResponses?: boolean;
  /** Called before the handler of a `rateLimited` endpoint; throw `MatrixError.limitExceeded(ms)` to refuse. */
  rateLimit?: (info: { endpoint: AnyEndpoint; request: Request; auth: A | undefined }) => void | Promise<void>;
  /** Told about every unexpected exception (answered as 500 `M_UNKNOWN`). */
  onUnexpectedError?: (error: unknown, request: Request) => void;
}

export const DEFAULT_MAX_JSON_BODY_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_RAW_BODY_BYTES = 100 * 1024 * 1024;

/** Response validation costs CPU on big responses (sync); production skips it unless asked. */
export function defaultValidateResponses(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.NODE_ENV !== "production";
}
