// The real matrix-js-sdk against our media repository: uploadContent, then
// the URL that mxcUrlToHttp builds for authenticated media (v1.11), fetched
// with the access token as the SDK's users do.
import { randomBytes } from "node:crypto";
import { createClient } from "matrix-js-sdk";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("warn");

describe.each(backends)("matrix-js-sdk media on %s", (backend) => {
  let hs: TestServer;
  let accessToken: string;
  let userId: string;
  beforeAll(async () => {
    hs = await startTestServer(backend);
    ({ accessToken, userId } = await hs.registerUser("sdkmedia"));
  });
  afterAll(() => hs?.close());

  it("uploads with uploadContent and downloads through mxcUrlToHttp(useAuthentication)", async () => {
    const client = createClient({ baseUrl: hs.baseUrl, accessToken, userId });
    const bytes = randomBytes(20_000);
    const { content_uri: mxc } = await client.uploadContent(new Blob([bytes], { type: "application/octet-stream" }), { name: "blob.bin", type: "application/octet-stream" });
    expect(mxc).toMatch(/^mxc:\/\/localhost\//);

    const url = client.mxcUrlToHttp(mxc, undefined, undefined, undefined, false, true, true);
    expect(url).toContain("/_matrix/client/v1/media/download/");
    const response = await fetch(url ?? "", { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="blob.bin"');

    const withoutToken = await fetch(url ?? "");
    expect(withoutToken.status).toBe(401);
    client.stopClient();
  });

  it("gets a thumbnail from the URL mxcUrlToHttp builds", async () => {
    const client = createClient({ baseUrl: hs.baseUrl, accessToken, userId });
    const png = await sharp({ create: { width: 500, height: 400, channels: 3, background: "#abcdef" } }).png().toBuffer();
    const { content_uri: mxc } = await client.uploadContent(new Blob([png], { type: "image/png" }), { name: "picture.png", type: "image/png" });
    const url = client.mxcUrlToHttp(mxc, 96, 96, "crop", false, true, true);
    expect(url).toContain("/_matrix/client/v1/media/thumbnail/");
    const response = await fetch(url ?? "", { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(response.status).toBe(200);
    const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect([metadata.width, metadata.height]).toEqual([96, 96]);
    client.stopClient();
  });
});
