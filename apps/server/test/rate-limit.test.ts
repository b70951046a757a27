// Spec: client-server API, "Rate limiting": M_LIMIT_EXCEEDED with retry_after_ms.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

describe("rate limits on login", () => {
  let limited: TestServer;
  let unlimited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer("sqlite", { rate_limits: { enabled: true, login: { per_second: 0.1, burst: 3 } } });
    unlimited = await startTestServer("sqlite", { rate_limits: { enabled: true, login: { per_second: 0.1, burst: 3 } } }, { MYELIN_RATE_LIMITS: "off" });
  });
  afterAll(async () => {
    await limited?.close();
    await unlimited?.close();
  });

  const attempt = (hs: TestServer) =>
    rawFetch(hs.baseUrl, "/_matrix/client/v3/login", { method: "POST", body: JSON.stringify({ type: "m.login.password", user: "x", password: "y" }) });

  it("answers 429 M_LIMIT_EXCEEDED with retry_after_ms once the burst is spent", async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await attempt(limited)).status);
    expect(statuses).toEqual([403, 403, 403]);
    const refused = await attempt(limited);
    expect(refused.status).toBe(429);
    expect(refused.body.errcode).toBe("M_LIMIT_EXCEEDED");
    expect(refused.body.retry_after_ms).toBeGreaterThan(0);
  });

  it("is off with MYELIN_RATE_LIMITS=off", async () => {
    for (let i = 0; i < 6; i++) expect((await attempt(unlimited)).status).toBe(403);
  });
});
