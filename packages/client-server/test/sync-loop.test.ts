// syncLoop against a real hono server on loopback, serving GET /sync with
// the package's own endpoint definition through the @myelin/http binding.
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { createMatrixBinding, MatrixError } from "@myelin/http";
import { createMatrixClient, sync, syncLoop, type SyncResponse } from "../src/index.js";
import { serve } from "@hono/node-server";
import { startServer, type RunningServer } from "@myelin/http/testing";

interface SeenRequest {
  since: string | undefined;
  timeout: number | undefined;
  filter: string | undefined;
  fullState: boolean | undefined;
  at: number;
}

type Step = "ok" | "error" | "rate-limited" | "unknown-token" | "hold";

/** A /sync server that answers each poll according to `script`, then "ok". */
async function startSyncServer(script: Step[]): Promise<{ server: RunningServer; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  const app = new Hono();
  const binding = createMatrixBinding<string>({
    authenticate: (token) => (token === "bot-token" ? "@bot:example.org" : null),
    validateResponses: true,
    onUnexpectedError: () => undefined,
  });
  binding.fallbacks(app);
  let batch = 0;
  binding.route(app, sync, async (request) => {
    seen.push({
      since: request.query.since,
      timeout: request.query.timeout,
      filter: request.query.filter,
      fullState: request.query.full_state,
      at: performance.now(),
    });
    const step = script.shift() ?? "ok";
    if (step === "error") throw new Error("database unavailable");
    if (step === "rate-limited") throw MatrixError.limitExceeded(20);
    if (step === "unknown-token") throw MatrixError.unknownToken();
    if (step === "hold") await new Promise((resolve) => setTimeout(resolve, 10_000));
    batch++;
    return { next_batch: `s${batch}`, account_data: { events: [{ type: "m.batch", content: { n: batch } }] } };
  });
  return { server: await startServer(app, serve), seen };
}

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe("syncLoop (Syncing: GET /sync long polling)", () => {
  it("passes each next_batch as the following since, with the timeout and filter, until aborted", async () => {
    const { server, seen } = await startSyncServer([]);
    running = server;
    const client = createMatrixClient({ baseUrl: server.baseUrl, accessToken: "bot-token" });
    const controller = new AbortController();
    const batches: string[] = [];
    const result = await syncLoop(client, {
      filter: { room: { timeline: { limit: 5 } } },
      timeoutMs: 1_000,
      fullState: true,
      signal: controller.signal,
      onSync: (response: SyncResponse) => {
        batches.push(response.next_batch);
        if (batches.length === 3) controller.abort();
      },
    });
    expect(batches).toEqual(["s1", "s2", "s3"]);
    expect(result).toEqual({ since: "s3" });
    expect(seen.map((r) => r.since)).toEqual([undefined, "s1", "s2"]);
    expect(seen.every((r) => r.timeout === 1_000)).toBe(true);
    expect(JSON.parse(seen[0]?.filter ?? "null")).toEqual({ room: { timeline: { limit: 5 } } });
    expect(seen.map((r) => r.fullState)).toEqual([true, undefined, undefined]);
  });

  it("recovers from server errors with exponential backoff, reset by a success", async () => {
    const { server, seen } = await startSyncServer(["ok", "error", "error", "ok", "error", "ok"]);
    running = server;
    const client = createMatrixClient({ baseUrl: server.baseUrl, accessToken: "bot-token" });
    const controller = new AbortController();
    const waits: number[] = [];
    const batches: string[] = [];
    await syncLoop(client, {
      signal: controller.signal,
      initialBackoffMs: 60,
      maxBackoffMs: 1_000,
      onError: (error, retryInMs) => {
        expect(error).toMatchObject({ errcode: "M_UNKNOWN", httpStatus: 500 });
        waits.push(retryInMs);
      },
      onSync: (response) => {
        batches.push(response.next_batch);
        if (batches.length === 3) controller.abort();
      },
    });
    expect(batches).toEqual(["s1", "s2", "s3"]);
    // 60, then doubled to 120; the success in between resets it to 60.
    expect(waits).toEqual([60, 120, 60]);
    // The failed polls kept the same since, and the waits really happened.
    expect(seen.map((r) => r.since)).toEqual([undefined, "s1", "s1", "s1", "s2", "s2"]);
    const gap = (i: number): number => (seen[i]?.at ?? 0) - (seen[i - 1]?.at ?? 0);
    expect(gap(2)).toBeGreaterThanOrEqual(55);
    expect(gap(3)).toBeGreaterThanOrEqual(115);
    expect(gap(5)).toBeGreaterThanOrEqual(55);
  });

  it("lets the client retry a 429 itself (retry_after_ms) without ending the loop", async () => {
    const { server, seen } = await startSyncServer(["rate-limited", "ok"]);
    running = server;
    const client = createMatrixClient({ baseUrl: server.baseUrl, accessToken: "bot-token" });
    const controller = new AbortController();
    const errors: unknown[] = [];
    await syncLoop(client, {
      signal: controller.signal,
      onError: (error) => errors.push(error),
      onSync: () => controller.abort(),
    });
    expect(seen).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it("rejects on an error that waiting cannot cure (M_UNKNOWN_TOKEN)", async () => {
    const { server } = await startSyncServer(["unknown-token"]);
    running = server;
    const client = createMatrixClient({ baseUrl: server.baseUrl, accessToken: "bot-token" });
    await expect(syncLoop(client, { onSync: () => undefined })).rejects.toMatchObject({ errcode: "M_UNKNOWN_TOKEN", httpStatus: 401 });
  });

  it("aborts a long poll in flight promptly and resolves with the since it had", async () => {
    const { server, seen } = await startSyncServer(["ok", "hold"]);
    running = server;
    const client = createMatrixClient({ baseUrl: server.baseUrl, accessToken: "bot-token" });
    const controller = new AbortController();
    const started = performance.now();
    const loop = syncLoop(client, { signal: controller.signal, onSync: () => undefined });
    while (seen.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(loop).resolves.toEqual({ since: "s1" });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("stops during a backoff wait when aborted", async () => {
    const { server } = await startSyncServer(["error"]);
    running = server;
    const client = createMatrixClient({ baseUrl: server.baseUrl, accessToken: "bot-token" });
    const controller = new AbortController();
    const started = performance.now();
    const loop = syncLoop(client, {
      signal: controller.signal,
      initialBackoffMs: 60_000,
      onError: () => controller.abort(),
      onSync: () => undefined,
    });
    await expect(loop).resolves.toEqual({ since: undefined });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("propagates an exception thrown by onSync and does not move past that batch", async () => {
    const { server } = await startSyncServer([]);
    running = server;
    const client = createMatrixClient({ baseUrl: server.baseUrl, accessToken: "bot-token" });
    await expect(
      syncLoop(client, {
        onSync: () => {
          throw new Error("handler bug");
        },
      }),
    ).rejects.toThrow("handler bug");
  });
});
