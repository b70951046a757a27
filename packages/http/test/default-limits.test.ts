// A binding with default options refuses a huge JSON body (over 10 MiB) with
// 413 M_TOO_LARGE without buffering it, and keeps serving afterwards.
import { Hono } from "hono";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createMatrixBinding, DEFAULT_MAX_JSON_BODY_BYTES } from "../src/index.js";
import { invite } from "./helpers/endpoints.js";
import { serve } from "@hono/node-server";
import { startServer, type RunningServer } from "../src/testing/index.js";

let server: RunningServer;
let handled = 0;

beforeAll(async () => {
  const app = new Hono();
  const binding = createMatrixBinding<string>({ authenticate: () => "@a:x" });
  binding.fallbacks(app);
  binding.route(app, invite, () => {
    handled++;
    return {};
  });
  server = await startServer(app, serve);
});
afterAll(async () => {
  await server.close();
});

it("answers 413 M_TOO_LARGE to a 16 MiB body and then serves the next request", async () => {
  const huge = JSON.stringify({ user_id: "@b:x", reason: "x".repeat(16 * 1024 * 1024) });
  expect(huge.length).toBeGreaterThan(DEFAULT_MAX_JSON_BODY_BYTES);
  const url = `${server.baseUrl}/_matrix/client/v3/rooms/!r:x/invite`;
  const response = await fetch(url, { method: "POST", headers: { Authorization: "Bearer t" }, body: huge });
  expect(response.status).toBe(413);
  expect(await response.json()).toMatchObject({ errcode: "M_TOO_LARGE" });
  expect(response.headers.get("Connection")).toBe("close");
  expect(handled).toBe(0);

  const next = await fetch(url, { method: "POST", headers: { Authorization: "Bearer t" }, body: JSON.stringify({ user_id: "@b:x" }) });
  expect(next.status).toBe(200);
  expect(handled).toBe(1);
});
