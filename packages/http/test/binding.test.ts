// The hono binding over real HTTP on loopback: every error the spec asks the
// binding to produce, CORS, legacy paths and the raw-body escape hatch.
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMatrixBinding, MatrixError, withStatus } from "../src/index.js";
import {
  download,
  getEvent,
  getEvents,
  getMessages,
  getState,
  invite,
  inviteBy3pid,
  peekEvents,
  sendMessage,
  upload,
} from "./helpers/endpoints.js";
import { serve } from "@hono/node-server";
import { startServer, type RunningServer } from "../src/testing/index.js";

interface Requester {
  userId: string;
}

const JSON_LIMIT = 64 * 1024;
const RAW_LIMIT = 256 * 1024;
const unexpected: unknown[] = [];
let handlerRuns = 0;
const thirdPartyInvites: string[] = [];
let server: RunningServer;

function buildApp(): Hono {
  const app = new Hono();
  const binding = createMatrixBinding<Requester>({
    authenticate: (token) => {
      if (token === "expired") throw MatrixError.unknownToken("Token expired", { softLogout: true });
      return token === "alice-token" ? { userId: "@alice:example.org" } : null;
    },
    maxJsonBodyBytes: JSON_LIMIT,
    maxRawBodyBytes: RAW_LIMIT,
    rateLimit: ({ request }) => {
      if (request.headers.get("X-Test-Rate-Limit") !== null) throw MatrixError.limitExceeded(1500);
    },
    onUnexpectedError: (error) => unexpected.push(error),
    validateResponses: true,
  });
  binding.fallbacks(app);

  binding.route(app, sendMessage, (request, context) => {
    handlerRuns++;
    switch (request.path.eventType) {
      case "m.boom":
        throw new Error("boom");
      case "m.forbidden":
        throw MatrixError.forbidden("You may not send here");
      case "m.missing":
        throw MatrixError.notFound("Unknown room");
      case "m.bad_response":
        return { event_id: 42 } as unknown as { event_id: string };
      case "m.created":
        return withStatus(201, { event_id: "$created" });
      default:
        return { event_id: `$${request.path.txnId}:${context.auth.userId}` };
    }
  });
  binding.route(app, getEvent, (request, context) => ({
    room_id: request.path.roomId,
    event_id: request.path.eventId,
    ...(context.auth ? { requester: context.auth.userId } : {}),
  }));
  binding.route(app, getState, (request) => ({ state_key: request.path.stateKey }));
  binding.route(app, getMessages, (request) => ({ query: request.query }));
  binding.route(app, invite, () => ({}));
  binding.route(app, inviteBy3pid, (request) => {
    thirdPartyInvites.push(request.body.address);
    return {};
  });
  binding.route(app, peekEvents, (request) => ({ peeked: request.query.room_id }));
  binding.route(app, getEvents, () => ({ peeked: "none" }));
  binding.route(app, upload, (request) => ({
    content_uri: `mxc://example.org/${request.body.data.byteLength}-${request.body.contentType ?? "none"}-${request.query.filename ?? ""}`,
  }));
  binding.route(app, download, (request) =>
    new Response(new TextEncoder().encode(`media ${request.path.serverName}/${request.path.mediaId}`), {
      headers: { "Content-Type": "text/plain" },
    }),
  );
  return app;
}

beforeAll(async () => {
  server = await startServer(buildApp(), serve);
});
afterAll(async () => {
  await server.close();
});

const AUTH = { Authorization: "Bearer alice-token" };
const send = (path: string, init: RequestInit = {}): Promise<Response> => fetch(server.baseUrl + path, init);
const SEND_PATH = "/_matrix/client/v3/rooms/!room:example.org/send/m.room.message/txn1";

async function expectError(response: Response, status: number, errcode: string): Promise<Record<string, unknown>> {
  const body = (await response.json()) as Record<string, unknown>;
  expect({ status: response.status, errcode: body.errcode }).toEqual({ status, errcode });
  expect(typeof body.error).toBe("string");
  expect(response.headers.get("Content-Type")).toContain("application/json");
  return body;
}

describe("successful calls", () => {
  it("runs the handler with the authenticated requester and answers 200 JSON", async () => {
    const response = await send(SEND_PATH, { method: "PUT", headers: AUTH, body: JSON.stringify({ body: "hi" }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("application/json");
    expect(await response.json()).toEqual({ event_id: "$txn1:@alice:example.org" });
  });

  it("serves the r0 legacy path of the same endpoint (MSC2844 re-versioning)", async () => {
    const response = await send(SEND_PATH.replace("/v3/", "/r0/"), { method: "PUT", headers: AUTH, body: "{}" });
    expect(response.status).toBe(200);
  });

  it("answers a handler's withStatus(201, ...) with that status", async () => {
    const response = await send(SEND_PATH.replace("m.room.message", "m.created"), { method: "PUT", headers: AUTH, body: "{}" });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ event_id: "$created" });
  });

  it("treats an empty body as the empty object (schema still applies)", async () => {
    expect((await send(SEND_PATH, { method: "PUT", headers: AUTH })).status).toBe(200);
    const response = await send("/_matrix/client/v3/rooms/!r:x/invite", { method: "POST", headers: AUTH });
    const body = await expectError(response, 400, "M_BAD_JSON");
    expect(body.error).toContain("body.user_id");
  });

  it("accepts the access_token query parameter (allowed up to v1.19)", async () => {
    const response = await send(`${SEND_PATH}?access_token=alice-token`, { method: "PUT", body: "{}" });
    expect(response.status).toBe(200);
  });

  it("decodes typed query parameters from the schema", async () => {
    const response = await send(
      "/_matrix/client/v3/rooms/!r:x/messages?dir=b&limit=10&full=true&via=a.org&via=b.org&filter=%7B%22types%22%3A%5B%22m.room.message%22%5D%7D",
    );
    expect(await response.json()).toEqual({
      query: { dir: "b", limit: 10, full: true, via: ["a.org", "b.org"], filter: { types: ["m.room.message"] } },
    });
  });

  it("serves an empty trailing state key with and without the trailing slash (getRoomStateWithKey)", async () => {
    for (const path of ["/state/m.room.name/", "/state/m.room.name", "/state/m.room.member/%40bob%3Ax"]) {
      const response = await send(`/_matrix/client/v3/rooms/!r:x${path}`);
      expect(response.status, path).toBe(200);
      expect(await response.json()).toEqual({ state_key: path.endsWith("x") ? "@bob:x" : "" });
    }
  });

  it("authenticates optional-auth endpoints only when a token is given", async () => {
    const anonymous = await send("/_matrix/client/v3/rooms/!r:x/event/$e");
    expect(await anonymous.json()).toEqual({ room_id: "!r:x", event_id: "$e" });
    const named = await send("/_matrix/client/v3/rooms/!r:x/event/$e", { headers: AUTH });
    expect(await named.json()).toMatchObject({ requester: "@alice:example.org" });
    await expectError(await send("/_matrix/client/v3/rooms/!r:x/event/$e", { headers: { Authorization: "Bearer nope" } }), 401, "M_UNKNOWN_TOKEN");
  });
});

describe("authentication errors (Using access tokens)", () => {
  it("M_MISSING_TOKEN 401 without a token, before the handler runs", async () => {
    const before = handlerRuns;
    await expectError(await send(SEND_PATH, { method: "PUT", body: "{}" }), 401, "M_MISSING_TOKEN");
    expect(handlerRuns).toBe(before);
  });

  it("M_UNKNOWN_TOKEN 401 with soft_logout false for an unknown token", async () => {
    const body = await expectError(
      await send(SEND_PATH, { method: "PUT", headers: { Authorization: "Bearer nope" }, body: "{}" }),
      401,
      "M_UNKNOWN_TOKEN",
    );
    expect(body.soft_logout).toBe(false);
  });

  it("M_UNKNOWN_TOKEN with soft_logout true when authenticate says so (Soft logout)", async () => {
    const body = await expectError(
      await send(SEND_PATH, { method: "PUT", headers: { Authorization: "Bearer expired" }, body: "{}" }),
      401,
      "M_UNKNOWN_TOKEN",
    );
    expect(body.soft_logout).toBe(true);
  });
});

describe("request body errors (API Standards)", () => {
  it("M_NOT_JSON 400 for a body that is not JSON", async () => {
    await expectError(await send(SEND_PATH, { method: "PUT", headers: AUTH, body: "{not json" }), 400, "M_NOT_JSON");
  });

  it("M_NOT_JSON 400 for invalid UTF-8 (all JSON must be UTF-8)", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]);
    const body = await expectError(await send(SEND_PATH, { method: "PUT", headers: AUTH, body: bytes }), 400, "M_NOT_JSON");
    expect(body.error).toContain("UTF-8");
  });

  it("M_BAD_JSON 400 naming the zod issue path for JSON of the wrong shape", async () => {
    const response = await send("/_matrix/client/v3/rooms/!r:x/invite", {
      method: "POST",
      headers: AUTH,
      body: JSON.stringify({ user_id: "not-a-user-id", reason: 5 }),
    });
    const body = await expectError(response, 400, "M_BAD_JSON");
    expect(body.error).toContain("body.user_id");
    expect(body.error).toContain("body.reason");
  });

  it("M_BAD_JSON for a JSON value that is not an object", async () => {
    await expectError(await send(SEND_PATH, { method: "PUT", headers: AUTH, body: "[1,2]" }), 400, "M_BAD_JSON");
  });

  it("M_TOO_LARGE 413 for a body over the limit (declared Content-Length)", async () => {
    const huge = JSON.stringify({ body: "x".repeat(JSON_LIMIT * 4) });
    await expectError(await send(SEND_PATH, { method: "PUT", headers: AUTH, body: huge }), 413, "M_TOO_LARGE");
  });

  it("M_TOO_LARGE 413 for a chunked body that grows over the limit", async () => {
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"body":"'));
        if (sent >= 16) {
          controller.enqueue(new TextEncoder().encode('"}'));
          controller.close();
          return;
        }
        sent++;
        controller.enqueue(chunk);
      },
    });
    const response = await send(SEND_PATH, { method: "PUT", headers: AUTH, body: stream, duplex: "half" } as RequestInit);
    await expectError(response, 413, "M_TOO_LARGE");
  });
});

describe("query and path parameter errors", () => {
  it("M_MISSING_PARAM 400 for a required query parameter that is absent", async () => {
    const body = await expectError(await send("/_matrix/client/v3/rooms/!r:x/messages"), 400, "M_MISSING_PARAM");
    expect(body.error).toContain("dir");
  });

  it("M_INVALID_PARAM 400 for query values of the wrong type or value", async () => {
    for (const query of ["dir=x", "dir=b&limit=ten", "dir=b&limit=-1", "dir=b&full=yes", "dir=b&filter=%7Bbad"]) {
      await expectError(await send(`/_matrix/client/v3/rooms/!r:x/messages?${query}`), 400, "M_INVALID_PARAM");
    }
  });

  it("M_INVALID_PARAM 400 for a path parameter the schema rejects", async () => {
    const response = await send("/_matrix/client/v3/rooms/not-a-room/send/m.room.message/t", { method: "PUT", headers: AUTH, body: "{}" });
    const body = await expectError(response, 400, "M_INVALID_PARAM");
    expect(body.error).toContain("path.roomId");
  });
});

describe("handler outcomes", () => {
  it("a thrown MatrixError becomes its standard error response", async () => {
    const response = await send(SEND_PATH.replace("m.room.message", "m.forbidden"), { method: "PUT", headers: AUTH, body: "{}" });
    const body = await expectError(response, 403, "M_FORBIDDEN");
    expect(body.error).toBe("You may not send here");
  });

  it("M_NOT_FOUND 404 from a handler", async () => {
    const response = await send(SEND_PATH.replace("m.room.message", "m.missing"), { method: "PUT", headers: AUTH, body: "{}" });
    expect((await expectError(response, 404, "M_NOT_FOUND")).error).toBe("Unknown room");
  });

  it("an unexpected exception becomes 500 M_UNKNOWN and reaches the logging hook", async () => {
    const before = unexpected.length;
    const response = await send(SEND_PATH.replace("m.room.message", "m.boom"), { method: "PUT", headers: AUTH, body: "{}" });
    const body = await expectError(response, 500, "M_UNKNOWN");
    expect(body.error).not.toContain("boom");
    expect(unexpected.length).toBe(before + 1);
    expect(String(unexpected.at(-1))).toContain("boom");
  });

  it("a response that breaks the schema is a 500 (validated in tests/dev)", async () => {
    const before = unexpected.length;
    const response = await send(SEND_PATH.replace("m.room.message", "m.bad_response"), { method: "PUT", headers: AUTH, body: "{}" });
    await expectError(response, 500, "M_UNKNOWN");
    expect(String(unexpected.at(-1))).toContain("response.event_id");
    expect(unexpected.length).toBe(before + 1);
  });

  it("M_LIMIT_EXCEEDED 429 from the rate-limit hook, with retry_after_ms and Retry-After (Rate limiting)", async () => {
    const response = await send(SEND_PATH, { method: "PUT", headers: { ...AUTH, "X-Test-Rate-Limit": "1" }, body: "{}" });
    const body = await expectError(response, 429, "M_LIMIT_EXCEEDED");
    expect(body.retry_after_ms).toBe(1500);
    expect(response.headers.get("Retry-After")).toBe("2");
  });
});

describe("fallbacks", () => {
  it("404 M_UNRECOGNIZED for an unknown endpoint", async () => {
    await expectError(await send("/_matrix/client/v3/no_such_endpoint"), 404, "M_UNRECOGNIZED");
  });

  it("405 M_UNRECOGNIZED for a known path with the wrong method", async () => {
    const response = await send(SEND_PATH, { method: "POST", headers: AUTH, body: "{}" });
    await expectError(response, 405, "M_UNRECOGNIZED");
    expect(response.headers.get("Allow")).toContain("PUT");
  });

  it("405 also for an r0 legacy path with the wrong method", async () => {
    await expectError(await send(SEND_PATH.replace("/v3/", "/r0/"), { method: "GET" }), 405, "M_UNRECOGNIZED");
  });
});

describe("CORS (Web Browser Clients)", () => {
  const expectCors = (response: Response): void => {
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Access-Control-Allow-Methods")).toBe("GET, POST, PUT, DELETE, OPTIONS");
    expect(response.headers.get("Access-Control-Allow-Headers")).toBe("X-Requested-With, Content-Type, Authorization");
  };

  it("on successes, errors, 404s, 405s, 500s and raw responses", async () => {
    expectCors(await send(SEND_PATH, { method: "PUT", headers: AUTH, body: "{}" }));
    expectCors(await send(SEND_PATH, { method: "PUT", body: "{}" }));
    expectCors(await send("/nowhere"));
    expectCors(await send(SEND_PATH, { method: "DELETE" }));
    expectCors(await send(SEND_PATH.replace("m.room.message", "m.boom"), { method: "PUT", headers: AUTH, body: "{}" }));
    expectCors(await send("/_matrix/client/v1/media/download/example.org/abc", { headers: AUTH }));
  });

  it("answers OPTIONS preflight without running any endpoint logic", async () => {
    const before = handlerRuns;
    const response = await send(SEND_PATH, {
      method: "OPTIONS",
      headers: { Origin: "https://app.example", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "authorization" },
    });
    expect(response.status).toBe(204);
    expectCors(response);
    expect(handlerRuns).toBe(before);
    expect((await send("/_matrix/client/v3/unknown", { method: "OPTIONS" })).status).toBe(204);
  });
});

describe("raw bodies and responses (media escape hatch)", () => {
  it("hands the handler the bytes and Content-Type of an upload", async () => {
    const response = await send("/_matrix/media/v3/upload?filename=cat.png", {
      method: "POST",
      headers: { ...AUTH, "Content-Type": "image/png" },
      body: new Uint8Array(1000),
    });
    expect(await response.json()).toEqual({ content_uri: "mxc://example.org/1000-image/png-cat.png" });
  });

  it("applies the raw body limit", async () => {
    const response = await send("/_matrix/media/v3/upload", { method: "POST", headers: AUTH, body: new Uint8Array(RAW_LIMIT + 1) });
    await expectError(response, 413, "M_TOO_LARGE");
  });

  it("passes a handler's Response through", async () => {
    const response = await send("/_matrix/client/v1/media/download/example.org/abc", { headers: AUTH });
    expect(response.headers.get("Content-Type")).toBe("text/plain");
    expect(await response.text()).toBe("media example.org/abc");
  });
});

describe("two operations on one method and path (inviteUser / inviteBy3PID, getEvents / peekEvents)", () => {
  const INVITE = "/_matrix/client/v3/rooms/!r:x/invite";

  it("offers a request that fails the first operation's schema to the next one", async () => {
    const body = JSON.stringify({ id_server: "id.example.org", id_access_token: "t", medium: "email", address: "a@example.org" });
    const response = await send(INVITE, { method: "POST", headers: AUTH, body });
    expect(response.status).toBe(200);
    expect(thirdPartyInvites).toContain("a@example.org");
    expect((await send(INVITE, { method: "POST", headers: AUTH, body: JSON.stringify({ user_id: "@bob:x" }) })).status).toBe(200);
  });

  it("answers with every operation's reason when none accepts the request", async () => {
    const response = await send(INVITE, { method: "POST", headers: AUTH, body: JSON.stringify({ medium: "email" }) });
    const body = await expectError(response, 400, "M_BAD_JSON");
    expect(body.error).toContain("inviteUser: Invalid request body: body.user_id");
    expect(body.error).toContain("inviteBy3PID: Invalid request body: body.id_server");
  });

  it("does not offer requests that are refused for other reasons", async () => {
    await expectError(await send(INVITE, { method: "POST", body: "{}" }), 401, "M_MISSING_TOKEN");
    await expectError(await send(INVITE, { method: "POST", headers: AUTH, body: "nope" }), 400, "M_NOT_JSON");
  });

  it("routes by the query too", async () => {
    expect(await (await send("/_matrix/client/v3/events?room_id=!r:x")).json()).toEqual({ peeked: "!r:x" });
    expect(await (await send("/_matrix/client/v3/events?timeout=10")).json()).toEqual({ peeked: "none" });
  });
});
