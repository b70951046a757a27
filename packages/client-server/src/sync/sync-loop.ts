import { MatrixError, ResponseValidationError, sleep, type MatrixHttpClient, type RequestOf, type ResponseOf } from "@myelin/http";
import { sync } from "../endpoints/sync.js";
import type { JsonObject } from "../schemas/json.js";

export type SyncResponse = ResponseOf<typeof sync>;
type SyncQuery = NonNullable<RequestOf<typeof sync>["query"]>;

export interface SyncLoopOptions {
  /** A filter ID from `POST /user/{userId}/filter`, or a filter object sent inline. */
  filter?: string | JsonObject;
  /** Resume from a `next_batch` saved earlier; without it the first sync is an initial sync. */
  since?: string;
  /** How long the server may hold each long poll, in ms. Default 30 s. */
  timeoutMs?: number;
  setPresence?: SyncQuery["set_presence"];
  /** Ask for the full state on the first request. */
  fullState?: boolean;
  /**
   * Called with each response, in order; the loop waits for it before the
   * next poll and only then moves past that batch. An exception from it
   * ends the loop (the returned promise rejects with it).
   */
  onSync: (response: SyncResponse) => void | Promise<void>;
  /** Told about each failed poll that the loop will retry. */
  onError?: (error: unknown, retryInMs: number) => void;
  /** Stops the loop, aborting a poll in flight. */
  signal?: AbortSignal;
  /** First wait after a failure, doubled on each further failure and reset by a success. Default 1 s. */
  initialBackoffMs?: number;
  /** Longest wait between failed polls. Default 60 s. */
  maxBackoffMs?: number;
}

/**
 * Long-poll `GET /sync` until `signal` aborts, handing each response to
 * `onSync` and passing its `next_batch` as the next `since`. Failures that
 * waiting can cure (network errors, 5xx, 429 beyond the client's own
 * retries) are retried with exponential backoff; a 4xx Matrix error (e.g.
 * `M_UNKNOWN_TOKEN`) or a response that breaks the schema cannot be, and
 * rejects.
 *
 * Resolves, when aborted, with the last `next_batch` so the caller can
 * persist it and resume later.
 */
export async function syncLoop(client: MatrixHttpClient, options: SyncLoopOptions): Promise<{ since: string | undefined }> {
  const { signal } = options;
  const initialBackoff = options.initialBackoffMs ?? 1_000;
  const maxBackoff = options.maxBackoffMs ?? 60_000;
  const filter = typeof options.filter === "object" ? JSON.stringify(options.filter) : options.filter;
  let since = options.since;
  let backoff = initialBackoff;
  let first = true;

  while (!signal?.aborted) {
    let response: SyncResponse;
    try {
      const query: SyncQuery = {
        timeout: options.timeoutMs ?? 30_000,
        ...(filter !== undefined && { filter }),
        ...(since !== undefined && { since }),
        ...(options.setPresence !== undefined && { set_presence: options.setPresence }),
        ...(first && options.fullState !== undefined && { full_state: options.fullState }),
      };
      response = await client.call(sync, { query }, signal ? { signal } : {});
    } catch (error) {
      if (signal?.aborted) break;
      if (!isRetryable(error)) throw error;
      options.onError?.(error, backoff);
      try {
        await sleep(backoff, signal);
      } catch {
        break;
      }
      backoff = Math.min(backoff * 2, maxBackoff);
      continue;
    }
    backoff = initialBackoff;
    first = false;
    await options.onSync(response);
    since = response.next_batch;
  }
  return { since };
}

function isRetryable(error: unknown): boolean {
  if (error instanceof MatrixError) return error.httpStatus >= 500 || error.httpStatus === 429 || error.httpStatus === 408;
  // A response the schema rejects would be rejected again: surface it
  // (a client built with validateResponses: false accepts it instead).
  if (error instanceof ResponseValidationError) return false;
  // Network failures: fetch rejects with a TypeError.
  return true;
}
