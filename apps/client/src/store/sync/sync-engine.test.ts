// The sync engine's polling ("Syncing" in the client-server API: `timeout`
// is how long the server may hold a /sync with nothing new; 0 answers at once).
import type { MatrixClient, SyncResponse } from "@myelin/client-server";
import { describe, expect, it } from "vitest";
import type { ConnectionState } from "./connection.js";
import { startSyncEngine } from "./sync-engine.js";

type Answer = (signal: AbortSignal | undefined) => Promise<unknown>;

/** A client whose /sync answers come from a script, recording each query. */
function scriptedClient(answers: Answer[]) {
  const queries: { timeout?: number; since?: string }[] = [];
  const client = {
    call(_endpoint: unknown, request: { query: { timeout?: number; since?: string } }, options: { signal?: AbortSignal } = {}) {
      const { timeout, since } = request.query;
      queries.push({ timeout, ...(since === undefined ? {} : { since }) });
      const answer = answers.shift() ?? hangUntilAborted;
      return answer(options.signal);
    },
  } as unknown as MatrixClient;
  return { client, queries };
}

const hangUntilAborted: Answer = (signal) => new Promise((_resolve, reject) => signal?.addEventListener("abort", () => reject(new Error("aborted"))));
const batch = (next: string): Answer => () => Promise.resolve({ next_batch: next } satisfies SyncResponse);
const networkDown: Answer = () => Promise.reject(new TypeError("fetch failed"));

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("startSyncEngine", () => {
  it("answers at once (timeout 0) until a poll succeeds, at start and after a failure, and long-polls otherwise", async () => {
    const { client, queries } = scriptedClient([batch("s1"), networkDown, batch("s2")]);
    const states: ConnectionState[] = [];
    const engine = startSyncEngine({
      client,
      since: "s0",
      onSync: () => undefined,
      onConnection: (state) => states.push(state),
      onSessionEnded: () => undefined,
      onFatalError: () => undefined,
    });
    try {
      await until(() => queries.length >= 4);
      expect(queries.slice(0, 4)).toEqual([
        { timeout: 0, since: "s0" }, // resumed after a reload: answered at once
        { timeout: 30_000, since: "s1" }, // a long poll, which fails
        { timeout: 0, since: "s1" }, // after the backoff: answered at once, from the same token
        { timeout: 30_000, since: "s2" }, // the server is back: long polls again
      ]);
      expect(states).toEqual(["connected", "reconnecting", "connected"]);
    } finally {
      engine.stop();
    }
  });

  it("stops polling when stopped, also during a backoff", async () => {
    const { client, queries } = scriptedClient([batch("s1"), networkDown]);
    const engine = startSyncEngine({ client, since: undefined, onSync: () => undefined, onConnection: () => undefined, onSessionEnded: () => undefined, onFatalError: () => undefined });
    await until(() => queries.length >= 2);
    engine.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(queries).toHaveLength(2);
  });
});
