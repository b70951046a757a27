import { syncLoop, type MatrixClient, type SyncResponse } from "@myelin/client-server";
import { connectionStateAfterError, isSessionEndedError, type ConnectionState } from "./connection.js";

/**
 * Lazy-load members so big rooms do not send every member on initial sync,
 * and a timeline limit that fills a screen. Unread counts come with every
 * joined room regardless of the filter.
 */
export const SYNC_FILTER = {
  room: {
    state: { lazy_load_members: true },
    timeline: { limit: 30, lazy_load_members: true },
  },
};

export interface SyncEngineOptions {
  readonly client: MatrixClient;
  /** The `next_batch` saved before a reload: resume instead of an initial sync. */
  readonly since: string | undefined;
  readonly onSync: (response: SyncResponse) => void | Promise<void>;
  readonly onConnection: (state: ConnectionState) => void;
  /** The session is over (token revoked or expired): sign out locally. */
  readonly onSessionEnded: (error: unknown) => void;
  /** Any other error that stopped the loop. */
  readonly onFatalError: (error: unknown) => void;
  readonly isBrowserOnline?: () => boolean;
}

export interface SyncEngine {
  /** Poll again now (e.g. the browser came back online) instead of waiting out the backoff. */
  restart(): void;
  stop(): void;
}

/**
 * One sync loop at a time. It polls with `timeout=0` (answered at once)
 * until a poll succeeds — at start and after any failure — and only then
 * long-polls: otherwise, after a reload or once a restarted server is back,
 * the first answer (and "connected") could wait out a whole 30 s long poll.
 */
export function startSyncEngine(options: SyncEngineOptions): SyncEngine {
  let since = options.since;
  let controller = new AbortController();
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const online = options.isBrowserOnline ?? (() => true);

  const start = (mode: "probe" | "long-poll") => {
    controller.abort();
    clearTimeout(retryTimer);
    if (stopped) return;
    controller = new AbortController();
    run(mode, controller.signal);
  };

  const run = (mode: "probe" | "long-poll", signal: AbortSignal) => {
    syncLoop(options.client, {
      filter: SYNC_FILTER,
      ...(since === undefined ? {} : { since }),
      ...(mode === "probe" ? { timeoutMs: 0 } : {}),
      signal,
      maxBackoffMs: 30_000,
      onSync: async (response) => {
        await options.onSync(response);
        since = response.next_batch;
        options.onConnection("connected");
        if (mode === "probe") start("long-poll");
      },
      onError: (error, retryInMs) => {
        options.onConnection(connectionStateAfterError(error, online()));
        if (mode === "long-poll") {
          // Retry after the same backoff, but as probes until the server answers.
          controller.abort();
          retryTimer = setTimeout(() => start("probe"), retryInMs);
        }
      },
    }).then(
      () => undefined,
      (error: unknown) => {
        if (signal.aborted) return;
        if (isSessionEndedError(error)) options.onSessionEnded(error);
        else options.onFatalError(error);
      },
    );
  };
  start("probe");

  return {
    restart() {
      if (stopped) return;
      options.onConnection("reconnecting");
      start("probe");
    },
    stop() {
      stopped = true;
      controller.abort();
      clearTimeout(retryTimer);
    },
  };
}
