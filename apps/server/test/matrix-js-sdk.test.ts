// The real matrix-js-sdk against our server: login with a password, whoami.
import { createClient } from "matrix-js-sdk";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

// The SDK logs every HTTP request at debug level; keep test output readable.
// Its logger is a loglevel logger, whose setLevel the SDK's types do not show.
(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("warn");

describe.each(backends)("matrix-js-sdk on %s", (backend) => {
  let hs: TestServer;
  beforeAll(async () => {
    hs = await startTestServer(backend);
    await hs.registerUser("sdkuser", "sdk-password");
  });
  afterAll(() => hs?.close());

  it("logs in with loginWithPassword and reads whoami", async () => {
    const client = createClient({ baseUrl: hs.baseUrl });
    const response = await client.loginWithPassword("sdkuser", "sdk-password");
    expect(response.user_id).toBe("@sdkuser:localhost");
    expect(response.access_token).toBeTruthy();
    const whoami = await client.whoami();
    expect(whoami.user_id).toBe("@sdkuser:localhost");
    expect(whoami.device_id).toBe(response.device_id);
    client.stopClient();
  });

  it("registers through the SDK's user-interactive auth (m.login.dummy)", async () => {
    const client = createClient({ baseUrl: hs.baseUrl });
    const response = await client.registerRequest({ username: "sdknew", password: "pw", auth: { type: "m.login.dummy" } });
    expect(response.user_id).toBe("@sdknew:localhost");
  });
});
