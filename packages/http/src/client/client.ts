import type { z } from "zod";
import { isRawBody, isRawResponse, type AnyEndpoint } from "../endpoint/endpoint.js";
import { describeIssues } from "../endpoint/issues.js";
import { buildPath } from "../endpoint/path.js";
import { encodeQuery } from "../endpoint/query.js";
import type { RawBodyInput, RequestOf, ResponseOf } from "../endpoint/types.js";
import { MatrixError } from "../errors/matrix-error.js";
import { ResponseValidationError } from "../errors/response-validation-error.js";
import { retryAfterHeaderMs, sleep } from "./retry-after.js";

export interface ClientOptions {
  /** The homeserver's base URL, e.g. `https://matrix.example.org` (no `/_matrix`). */
  baseUrl: string | URL;
  accessToken?: string;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** How many times a 429 is retried before the `MatrixError` is thrown. Default 3. */
  maxRateLimitRetries?: number;
  /** A 429 asking to wait longer than this is not retried. Default 60 s. */
  maxRetryDelayMs?: number;
  /** Wait used when a 429 says nothing about when to retry. Default 1 s. */
  defaultRetryDelayMs?: number;
  /** Check successful JSON responses against the endpoint's schema. Default true. */
  validateResponses?: boolean;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Override the client's token for this call; `null` sends none. */
  accessToken?: string | null;
  headers?: Record<string, string>;
}

/** `call(endpoint)` may omit the request only when nothing in it is required. */
export type CallArgs<E extends AnyEndpoint> =
  Record<never, never> extends RequestOf<E>
    ? [request?: RequestOf<E>, options?: CallOptions]
    : [request: RequestOf<E>, options?: CallOptions];

export interface MatrixHttpClient {
  readonly baseUrl: string;
  /** The token sent to endpoints that take one; assign after login. */
  accessToken: string | undefined;
  /** Perform the endpoint's request and return its validated response; non-2xx answers throw `MatrixError`. */
  call<E extends AnyEndpoint>(endpoint: E, ...args: CallArgs<E>): Promise<ResponseOf<E>>;
  /** The absolute URL of a request, e.g. for `<img src>` or an SSO redirect. */
  url<E extends AnyEndpoint>(endpoint: E, ...args: CallArgs<E>): string;
}

interface LooseRequest {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
}

export function createClient(options: ClientOptions): MatrixHttpClient {
  const baseUrl = String(options.baseUrl).replace(/\/+$/, "");
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const maxRetries = options.maxRateLimitRetries ?? 3;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
  const defaultRetryDelayMs = options.defaultRetryDelayMs ?? 1_000;
  const validate = options.validateResponses ?? true;

  const urlOf = (endpoint: AnyEndpoint, request: LooseRequest): string => {
    const query = encodeQuery(request.query).toString();
    return baseUrl + buildPath(endpoint.path, request.path ?? {}) + (query === "" ? "" : `?${query}`);
  };

  const client: MatrixHttpClient = {
    baseUrl,
    accessToken: options.accessToken,

    url(endpoint, ...args) {
      const request: LooseRequest = args[0] ?? {};
      return urlOf(endpoint, request);
    },

    async call<E extends AnyEndpoint>(endpoint: E, ...args: CallArgs<E>): Promise<ResponseOf<E>> {
      const request = (args[0] ?? {}) as LooseRequest;
      const callOptions = args[1] ?? {};
      const url = urlOf(endpoint, request);
      const headers: Record<string, string> = { ...callOptions.headers };
      const token = callOptions.accessToken === undefined ? client.accessToken : (callOptions.accessToken ?? undefined);
      if (endpoint.auth !== "none" && token !== undefined) headers.Authorization = `Bearer ${token}`;
      const { body, replayable } = encodeBody(endpoint, request.body, headers);

      for (let attempt = 0; ; attempt++) {
        const response = await fetchImpl(url, {
          method: endpoint.method,
          headers,
          ...(body === undefined ? {} : { body }),
          ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
          ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        } as RequestInit);
        if (response.ok) return (await decodeSuccess(endpoint, response, validate)) as ResponseOf<E>;

        const error = await decodeError(response);
        const retryable = response.status === 429 && replayable && attempt < maxRetries;
        const delay = error.retryAfterMs ?? defaultRetryDelayMs * 2 ** attempt;
        if (!retryable || delay > maxRetryDelayMs) throw error;
        await sleep(delay, callOptions.signal);
      }
    },
  };
  return client;
}

type EncodedBody = string | Blob | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array>;

function encodeBody(
  endpoint: AnyEndpoint,
  body: unknown,
  headers: Record<string, string>,
): { body: EncodedBody | undefined; replayable: boolean } {
  if (endpoint.body === undefined) return { body: undefined, replayable: true };
  if (isRawBody(endpoint.body)) {
    const raw = body as RawBodyInput | undefined;
    if (raw === undefined) throw new TypeError(`${endpoint.operationId}: a raw body { data } is required`);
    if (raw.contentType !== undefined) headers["Content-Type"] = raw.contentType;
    // A stream can be read once: it is sent but never retried.
    return { body: raw.data, replayable: !(raw.data instanceof ReadableStream) };
  }
  headers["Content-Type"] = "application/json";
  // POST/PUT endpoints always take a JSON object, possibly empty.
  return { body: JSON.stringify(body ?? {}), replayable: true };
}

async function decodeSuccess(endpoint: AnyEndpoint, response: Response, validate: boolean): Promise<unknown> {
  if (isRawResponse(endpoint.response)) return response;
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ResponseValidationError(endpoint.operationId, response.status, "body is not JSON", { cause });
  }
  if (!validate) return json;
  const schema: z.ZodType = endpoint.response;
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ResponseValidationError(endpoint.operationId, response.status, describeIssues(parsed.error.issues, "response"), {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

async function decodeError(response: Response): Promise<MatrixError> {
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = undefined;
  }
  return MatrixError.fromResponse(response.status, body, retryAfterHeaderMs(response.headers.get("Retry-After")));
}
