// Every client-server endpoint can be bound on one hono app with the
// @myelin/http binding, and a request to each current and r0 path reaches
// that endpoint's route (never 404/405 M_UNRECOGNIZED).
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { createMatrixBinding, type AnyEndpoint } from "@myelin/http";
import { clientServerEndpoints, createMatrixClient } from "../src/index.js";
import { serve } from "@hono/node-server";
import { startServer, type RunningServer } from "@myelin/http/testing";

let server: RunningServer;
const reached = new Set<string>();

beforeAll(async () => {
  const app = new Hono();
  const binding = createMatrixBinding<string>({ authenticate: () => "@u:example.org", validateResponses: false });
  binding.fallbacks(app);
  for (const endpoint of clientServerEndpoints) {
    binding.route(app, endpoint, () => {
      reached.add(endpoint.operationId);
      return new Response(null, { status: 204, headers: { "X-Operation": endpoint.operationId } });
    });
  }
  server = await startServer(app, serve);
});
afterAll(async () => {
  await server.close();
});

const CANDIDATES = ["!room:example.org", "$event", "@user:example.org", "#alias:example.org", "override", "m.read", "x"];

function samplePath(endpoint: AnyEndpoint): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, schema] of Object.entries<z.ZodType>(endpoint.pathParams.shape)) {
    values[name] = CANDIDATES.find((candidate) => schema.safeParse(candidate).success) ?? "x";
  }
  return values;
}

describe("binding all 166 endpoints", () => {
  it("routes every current and legacy path to its endpoint", async () => {
    const client = createMatrixClient({ baseUrl: server.baseUrl, accessToken: "t" });
    const unrouted: string[] = [];
    let requests = 0;
    for (const endpoint of clientServerEndpoints) {
      const url = new URL(client.url(endpoint, { path: samplePath(endpoint) }));
      for (const template of [endpoint.path, ...endpoint.legacyPaths]) {
        const path = template === endpoint.path ? url.pathname : url.pathname.replace("/v3/", "/r0/");
        const response = await fetch(server.baseUrl + path, {
          method: endpoint.method,
          headers: { Authorization: "Bearer t" },
          ...(endpoint.method === "GET" || endpoint.method === "DELETE" ? {} : { body: "{}" }),
        });
        requests++;
        const body = response.status === 204 ? {} : ((await response.json()) as { errcode?: string });
        if (body.errcode === "M_UNRECOGNIZED") unrouted.push(`${endpoint.method} ${path}`);
      }
    }
    console.log(`bound ${clientServerEndpoints.length} endpoints; ${requests} paths requested; ${reached.size} handlers reached without query or body`);
    expect(unrouted).toEqual([]);
    expect(requests).toBeGreaterThan(250);
    expect(reached.size).toBeGreaterThan(100);
  });
});
