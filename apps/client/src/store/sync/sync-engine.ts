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

/** One long-polling loop at a time, restarted from the last `next_batch` when asked. */
export function startSyncEngine(options: SyncEngineOptions): SyncEngine {
  let since = options.since;
  let controller = new AbortController();
  let stopped = false;
  const online = options.isBrowserOnline ?? (() => true);

  const run = (signal: AbortSignal) => {
    syncLoop(options.client, {
      filter: SYNC_FILTER,
      ...(since === undefined ? {} : { since }),
      signal,
      maxBackoffMs: 30_000,
      onSync: async (response) => {
        await options.onSync(response);
        since = response.next_batch;
        options.onConnection("connected");
      },
      onError: (error) => options.onConnection(connectionStateAfterError(error, online())),
    }).then(
      () => undefined,
      (error: unknown) => {
        if (signal.aborted) return;
        if (isSessionEndedError(error)) options.onSessionEnded(error);
        else options.onFatalError(error);
      },
    );
  };
  run(controller.signal);

  return {
    restart() {
      if (stopped) return;
      controller.abort();
      controller = new AbortController();
      options.onConnection("reconnecting");
      run(controller.signal);
    },
    stop() {
      stopped = true;
      controller.abort();
    },
  };
}
