// The typed client against real hono servers on loopback: encoding of path
// parameters, query and bodies, decoding and validation of responses, Matrix
// errors, and the 429 retry policy.
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, createMatrixBinding, MatrixError, ResponseValidationError } from "../src/index.js";
import { download, getEvent, getMessages, getState, invite, sendMessage, upload, versions } from "./helpers/endpoints.js";
import { serve } from "@hono/node-server";
import { startServer, type RunningServer } from "../src/testing/index.js";

let server: RunningServer;
const seen: { method: string; rawPath: string; authorization: string | null; body: string }[] = [];
let rateLimitedCalls = 0;

function buildApp(): Hono {
  const app = new Hono();
  app.use("*", async (c, next) => {
    seen.push({
      method: c.req.method,
      rawPath: new URL(c.req.url).pathname,
      authorization: c.req.header("Authorization") ?? null,
      body: c.req.method === "GET" ? "" : await c.req.raw.clone().text(),
    });
    await next();
  });
  const binding = createMatrixBinding<string>({
    authenticate: (token) => (token === "secret" ? "@bot:example.org" : null),
    validateResponses: true,
  });
  binding.fallbacks(app);
  binding.route(app, getEvent, (request) => ({ room_id: request.path.roomId, event_id: request.path.eventId }));
  binding.route(app, getState, (request) => ({ state_key: request.path.stateKey }));
  binding.route(app, getMessages, (request) => ({ query: request.query }));
  binding.route(app, sendMessage, (request, context) => ({ event_id: `$${request.path.txnId}-${context.auth}` }));
  binding.route(app, invite, () => ({}));
  binding.route(app, upload, (request) => ({ content_uri: `mxc://x/${request.body.contentType}-${request.body.data.byteLength}` }));
  binding.route(app, download, () => new Response("bytes", { headers: { "Content-Type": "application/octet-stream" } }));

  // Hand-written answers the binding would never give, to test the client.
  const callsByMode = new Map<string, number>();
  const countCall = (mode: string): number => {
    rateLimitedCalls++;
    const calls = (callsByMode.get(mode) ?? 0) + 1;
    callsByMode.set(mode, calls);
    return calls;
  };
  app.get("/_matrix/client/versions", (c) => {
    const mode = c.req.header("X-Mode");
    if (mode === "body-retry") {
      if (countCall(mode) % 3 !== 0) {
        return c.json({ errcode: "M_LIMIT_EXCEEDED", error: "slow down", retry_after_ms: 150 }, 429);
      }
      return c.json({ versions: ["v1.19"] });
    }
    if (mode === "header-retry") {
      if (countCall(mode) % 2 !== 0) {
        return c.json({ errcode: "M_LIMIT_EXCEEDED", error: "slow down" }, 429, { "Retry-After": "1" });
      }
      return c.json({ versions: ["v1.19"] });
    }
    if (mode === "always-limited") {
      countCall(mode);
      return c.json({ errcode: "M_LIMIT_EXCEEDED", error: "no", retry_after_ms: 10 }, 429);
    }
    if (mode === "long-wait") {
      countCall(mode);
      return c.json({ errcode: "M_LIMIT_EXCEEDED", error: "no", retry_after_ms: 3_600_000 }, 429);
    }
    if (mode === "proxy-error") return c.html("<h1>Bad gateway</h1>", 502);
    if (mode === "uia") return c.json({ flows: [{ stages: ["m.login.password"] }], session: "s1", params: {} }, 401);
    if (mode === "wrong-shape") return c.json({ versions: "v1.19" });
    if (mode === "not-json") return c.text("hello");
    return c.json({ versions: ["v1.19"], unstable_features: { "org.example": true } });
  });
  return app;
}

beforeAll(async () => {
  server = await startServer(buildApp(), serve);
});
afterAll(async () => {
  await server.close();
});

const lastSeen = (): (typeof seen)[number] => {
  const entry = seen.at(-1);
  if (!entry) throw new Error("no request seen");
  return entry;
};

describe("request encoding", () => {
  const client = (): ReturnType<typeof createClient> => createClient({ baseUrl: `${server.baseUrl}/`, accessToken: "secret" });

  it.each([
    ["!room:example.org", "$event:example.org"],
    ["!abc123:matrix.org", "$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg"],
    ["!room:[::1]:8448", "$base64+with/slashes=="],
    ["!percent%room:x", "$a?b#c&d=e"],
    ["!ünïcödé:例え.jp", "$ spaces and\ttabs "],
  ])("round-trips path parameters %s / %s through percent-encoding (Room and Event IDs)", async (roomId, eventId) => {
    const response = await client().call(getEvent, { path: { roomId, eventId } });
    expect(response).toEqual({ room_id: roomId, event_id: eventId });
    // Each identifier stays one path segment on the wire.
    expect(lastSeen().rawPath.split("/")).toHaveLength(8);
  });

  it("encodes the empty state key as the trailing slash form", async () => {
    expect(await client().call(getState, { path: { roomId: "!r:x", eventType: "m.room.name", stateKey: "" } })).toEqual({ state_key: "" });
    expect(lastSeen().rawPath).toBe("/_matrix/client/v3/rooms/!r%3Ax/state/m.room.name/");
    expect(await client().call(getState, { path: { roomId: "!r:x", eventType: "m.room.member", stateKey: "@a:x" } })).toEqual({
      state_key: "@a:x",
    });
  });

  it("refuses '.' and '..' as path parameters rather than calling another URL", async () => {
    await expect(client().call(getEvent, { path: { roomId: "!r:x", eventId: ".." } })).rejects.toThrow(TypeError);
  });

  it("writes typed query values that the server reads back with the same schema", async () => {
    const query = { dir: "b" as const, limit: 5, full: false, via: ["a.org", "b.org"], filter: { types: ["m.room.message"] } };
    expect(await client().call(getMessages, { path: { roomId: "!r:x" }, query })).toEqual({ query });
  });

  it("sends the bearer token only to endpoints that take one", async () => {
    await client().call(sendMessage, { path: { roomId: "!r:x", eventType: "m.room.message", txnId: "t1" }, body: { body: "hi" } });
    expect(lastSeen()).toMatchObject({ method: "PUT", authorization: "Bearer secret", body: '{"body":"hi"}' });
    await client().call(versions);
    expect(lastSeen().authorization).toBeNull();
    await client().call(getEvent, { path: { roomId: "!r:x", eventId: "$e" } }, { accessToken: null });
    expect(lastSeen().authorization).toBeNull();
  });

  it("sends a raw body with its Content-Type and returns raw responses untouched", async () => {
    const uploaded = await client().call(upload, { body: { data: new Uint8Array([1, 2, 3]), contentType: "image/png" } });
    expect(uploaded).toEqual({ content_uri: "mxc://x/image/png-3" });
    const response = await client().call(download, { path: { serverName: "x", mediaId: "m" } });
    expect(response).toBeInstanceOf(Response);
    expect(await response.text()).toBe("bytes");
  });

  it("builds absolute URLs for use outside fetch", () => {
    expect(client().url(download, { path: { serverName: "example.org", mediaId: "a/b" } })).toBe(
      `${server.baseUrl}/_matrix/client/v1/media/download/example.org/a%2Fb`,
    );
  });
});

describe("response decoding", () => {
  const client = createClient({ baseUrl: "http://unused.invalid" });
  const withMode = (mode: string): ReturnType<typeof createClient> =>
    createClient({
      baseUrl: server.baseUrl,
      fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), "X-Mode": mode } }),
    });

  it("returns the validated body", async () => {
    const response = await withMode("ok").call(versions);
    expect(response.versions).toEqual(["v1.19"]);
  });

  it("turns a Matrix error body into MatrixError with errcode, status and extra fields", async () => {
    const error = await createClient({ baseUrl: server.baseUrl, accessToken: "wrong" })
      .call(sendMessage, { path: { roomId: "!r:x", eventType: "m", txnId: "t" }, body: {} })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MatrixError);
    expect(error).toMatchObject({ errcode: "M_UNKNOWN_TOKEN", httpStatus: 401, extra: { soft_logout: false } });
  });

  it("turns M_BAD_JSON from the server into MatrixError", async () => {
    const error = await createClient({ baseUrl: server.baseUrl, accessToken: "secret" })
      .call(invite, { path: { roomId: "!r:x" }, body: { user_id: "nobody" } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ errcode: "M_BAD_JSON", httpStatus: 400 });
  });

  it("keeps a user-interactive-auth 401 body (no errcode) as M_UNKNOWN with its fields", async () => {
    const error = await withMode("uia").call(versions).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ errcode: "M_UNKNOWN", httpStatus: 401, extra: { session: "s1" } });
  });

  it("turns a non-JSON error page into M_UNKNOWN with the HTTP status", async () => {
    const error = await withMode("proxy-error").call(versions).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ errcode: "M_UNKNOWN", httpStatus: 502 });
  });

  it("rejects a 200 whose body breaks the schema or is not JSON", async () => {
    await expect(withMode("wrong-shape").call(versions)).rejects.toThrow(ResponseValidationError);
    await expect(withMode("wrong-shape").call(versions)).rejects.toThrow(/response\.versions/);
    await expect(withMode("not-json").call(versions)).rejects.toThrow(ResponseValidationError);
  });

  it("rejects when the network fails, without a MatrixError", async () => {
    await expect(client.call(versions)).rejects.toThrow(TypeError);
  });
});

describe("429 retries (Rate limiting)", () => {
  const limited = (mode: string, options: Partial<Parameters<typeof createClient>[0]> = {}): ReturnType<typeof createClient> =>
    createClient({
      baseUrl: server.baseUrl,
      fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), "X-Mode": mode } }),
      ...options,
    });

  it("waits retry_after_ms between attempts and then succeeds", async () => {
    const before = rateLimitedCalls;
    const started = performance.now();
    expect(await limited("body-retry").call(versions)).toEqual({ versions: ["v1.19"] });
    const elapsed = performance.now() - started;
    expect(rateLimitedCalls - before).toBe(3);
    expect(elapsed).toBeGreaterThanOrEqual(2 * 150 - 5);
    expect(elapsed).toBeLessThan(2_000);
  });

  it("honours the Retry-After header when the body gives no delay", async () => {
    const before = rateLimitedCalls;
    const started = performance.now();
    expect(await limited("header-retry").call(versions)).toEqual({ versions: ["v1.19"] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(995);
    expect(rateLimitedCalls - before).toBe(2);
  });

  it("gives up after maxRateLimitRetries and throws the M_LIMIT_EXCEEDED error", async () => {
    const before = rateLimitedCalls;
    const error = await limited("always-limited", { maxRateLimitRetries: 2 })
      .call(versions)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ errcode: "M_LIMIT_EXCEEDED", httpStatus: 429, retryAfterMs: 10 });
    expect(rateLimitedCalls - before).toBe(3);
  });

  it("does not wait when the server asks for longer than maxRetryDelayMs", async () => {
    const before = rateLimitedCalls;
    const started = performance.now();
    await expect(limited("long-wait").call(versions)).rejects.toMatchObject({ errcode: "M_LIMIT_EXCEEDED" });
    expect(rateLimitedCalls - before).toBe(1);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("stops waiting when the call is aborted", async () => {
    const controller = new AbortController();
    const pending = limited("long-wait", { maxRetryDelayMs: 10_000_000 }).call(versions, {}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 50);
    await expect(pending).rejects.toThrow("stop");
  });
});
