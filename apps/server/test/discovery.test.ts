// Spec: client-server API, "API Standards" (versions), "Server Discovery"
// (/.well-known/matrix/client), "Capabilities negotiation", "Web Browser Clients" (CORS).
import { getCapabilities, getVersions, getWellknown } from "@myelin/client-server";
import { DEFAULT_ROOM_VERSION } from "@myelin/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

describe.each(backends)("discovery, capabilities, metrics on %s", (backend) => {
  let hs: TestServer;
  beforeAll(async () => {
    hs = await startTestServer(backend);
  });
  afterAll(() => hs?.close());

  it("advertises r0 and v1 versions up to v1.11 and nothing it does not serve", async () => {
    const { versions } = await hs.client().call(getVersions);
    expect(versions).toContain("r0.6.1");
    expect(versions).toContain("v1.1");
    expect(versions).toContain("v1.11");
    expect(versions).not.toContain("v1.12");
  });

  it("serves /.well-known/matrix/client with its own base URL", async () => {
    const wellKnown = await hs.client().call(getWellknown);
    expect(wellKnown["m.homeserver"].base_url).toBe(hs.baseUrl);
  });

  it("reports capabilities: password change, room versions 1-12 with the core default, no 3PID changes", async () => {
    const { client } = await hs.registerUser("cap");
    const { capabilities } = await client.call(getCapabilities);
    expect(capabilities["m.change_password"]).toEqual({ enabled: true });
    expect(capabilities["m.3pid_changes"]).toEqual({ enabled: false });
    expect(capabilities["m.set_displayname"]).toEqual({ enabled: true });
    expect(capabilities["m.set_avatar_url"]).toEqual({ enabled: true });
    expect(capabilities["m.room_versions"]?.default).toBe(DEFAULT_ROOM_VERSION);
    expect(Object.keys(capabilities["m.room_versions"]?.available ?? {}).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 12 }, (_, i) => String(i + 1)),
    );
  });

  it("answers CORS preflights and puts CORS headers on responses", async () => {
    const preflight = await fetch(`${hs.baseUrl}/_matrix/client/v3/login`, { method: "OPTIONS" });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    const normal = await fetch(`${hs.baseUrl}/_matrix/client/versions`);
    expect(normal.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("exposes Prometheus metrics per operationId, and DB query timings", async () => {
    await hs.client().call(getVersions);
    const text = await (await fetch(`${hs.baseUrl}/metrics`)).text();
    expect(text).toMatch(/myelin_http_requests_total\{operation="getVersions",method="GET",status="200"\} \d+/);
    expect(text).toMatch(/myelin_http_request_duration_seconds_bucket\{le="[^"]+",operation="register"\}/);
    expect(text).toMatch(/myelin_db_query_duration_seconds_count\{statement="insert"\} [1-9]/);
  });
});
