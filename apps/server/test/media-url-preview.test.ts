// Spec: GET /_matrix/client/v1/media/preview_url (and the deprecated
// /_matrix/media/v3/preview_url): OpenGraph data with og:image as an mxc URI
// and matrix:image:size. The fetch reaches only public addresses unless
// config `url_preview.ip_range_whitelist` allows a range: here loopback is
// allowed for one server (the test site runs on 127.0.0.1) and not for another.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { startLoopbackSite } from "./helpers/loopback-site.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

describe.each(backends)("URL previews on %s", (backend) => {
  let site: Awaited<ReturnType<typeof startLoopbackSite>>;
  let allowed: TestServer;
  let strict: TestServer;
  let disabled: TestServer;
  let tokens: { allowed: string; strict: string; disabled: string };
  let image: Buffer;

  beforeAll(async () => {
    image = await sharp({ create: { width: 48, height: 32, channels: 3, background: "#336699" } }).png().toBuffer();
    const html = (head: string) => `<!doctype html><html><head>${head}</head><body><p>body</p></body></html>`;
    site = await startLoopbackSite({
      "/article": (_request, response) =>
        response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(
          html(`<title>Fallback title</title>
            <meta property="og:title" content="Matrix &amp; friends">
            <meta property="og:description" content="A really cool post">
            <meta property="og:image" content="/image.png">
            <meta property="og:image:width" content="1200">`),
        ),
      "/title-only": (_request, response) =>
        response.writeHead(200, { "Content-Type": "text/html; charset=windows-1252" }).end(
          // "Café" in windows-1252: é is the single byte 0xE9.
          Buffer.from(html('<title>Caf\u00e9</title><meta name="description" content="plain page">'), "latin1"),
        ),
      "/image.png": (_request, response) => response.writeHead(200, { "Content-Type": "image/png" }).end(image),
      "/moved": (_request, response) => response.writeHead(301, { Location: "/article" }).end(),
      "/to-metadata": (_request, response) => response.writeHead(302, { Location: "http://169.254.169.254/latest/meta-data/" }).end(),
      "/huge": (_request, response) => {
        response.writeHead(200, { "Content-Type": "text/html" });
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        for (let i = 0; i < 11; i++) response.write(chunk);
        response.end();
      },
      "/binary": (_request, response) => response.writeHead(200, { "Content-Type": "application/zip" }).end(Buffer.from("PK\u0003\u0004")),
    });
    allowed = await startTestServer(backend, { url_preview: { enabled: true, ip_range_whitelist: ["127.0.0.0/8"] } });
    strict = await startTestServer(backend, { url_preview: { enabled: true } });
    disabled = await startTestServer(backend);
    tokens = {
      allowed: (await allowed.registerUser("reader")).accessToken,
      strict: (await strict.registerUser("reader")).accessToken,
      disabled: (await disabled.registerUser("reader")).accessToken,
    };
  });
  afterAll(async () => {
    await allowed?.close();
    await strict?.close();
    await disabled?.close();
    await site?.close();
  });

  const preview = (server: TestServer, token: string, url: string, path = "/_matrix/client/v1/media/preview_url") =>
    rawFetch(server.baseUrl, `${path}?url=${encodeURIComponent(url)}`, { headers: { Authorization: `Bearer ${token}` } });

  it("reads OpenGraph data and stores og:image as local media", async () => {
    const { status, body } = await preview(allowed, tokens.allowed, `${site.origin}/article`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      "og:title": "Matrix & friends",
      "og:description": "A really cool post",
      "og:image:type": "image/png",
      "og:image:width": 48,
      "og:image:height": 32,
      "matrix:image:size": image.length,
    });
    expect(body["og:image"]).toMatch(/^mxc:\/\/localhost\/[A-Za-z0-9_-]+$/);
    const stored = await fetch(`${allowed.baseUrl}/_matrix/client/v1/media/download/${String(body["og:image"]).slice(6)}`, {
      headers: { Authorization: `Bearer ${tokens.allowed}` },
    });
    expect(Buffer.from(await stored.arrayBuffer()).equals(image)).toBe(true);
  });

  it("caches previews per URL: a second request does not fetch again", async () => {
    const url = `${site.origin}/title-only`;
    const first = await preview(allowed, tokens.allowed, url);
    expect(first.body).toEqual({ "og:title": "Café", "og:description": "plain page" });
    const hits = site.hits("/title-only");
    const second = await preview(allowed, tokens.allowed, url, "/_matrix/media/v3/preview_url");
    expect(second).toEqual(first);
    expect(site.hits("/title-only")).toBe(hits);
  });

  it("follows redirects, re-checking each address", async () => {
    expect((await preview(allowed, tokens.allowed, `${site.origin}/moved`)).body["og:title"]).toBe("Matrix & friends");
    const metadata = await preview(allowed, tokens.allowed, `${site.origin}/to-metadata`);
    expect([metadata.status, metadata.body.errcode]).toEqual([403, "M_FORBIDDEN"]);
  });

  it("refuses loopback when the range is not whitelisted, and never connects", async () => {
    const before = site.hits("/article");
    for (const url of [`${site.origin}/article`, `http://localhost:${site.port}/article`, `http://[::1]:${site.port}/article`, `http://[::ffff:127.0.0.1]:${site.port}/article`]) {
      const response = await preview(strict, tokens.strict, url);
      expect({ url, status: response.status, errcode: response.body.errcode }).toEqual({ url, status: 403, errcode: "M_FORBIDDEN" });
    }
    expect(site.hits("/article")).toBe(before);
  });

  it("bounds the size (502 M_TOO_LARGE), previews non-HTML as empty, and rejects bad URLs", async () => {
    const huge = await preview(allowed, tokens.allowed, `${site.origin}/huge`);
    expect([huge.status, huge.body.errcode]).toEqual([502, "M_TOO_LARGE"]);
    expect(await preview(allowed, tokens.allowed, `${site.origin}/binary`)).toEqual({ status: 200, body: {} });
    const missing = await preview(allowed, tokens.allowed, `${site.origin}/nothing-here`);
    expect(missing.status).toBe(502);
    for (const url of ["not a url", "file:///etc/passwd", "javascript:alert(1)"]) {
      const response = await preview(allowed, tokens.allowed, url);
      expect({ url, status: response.status, errcode: response.body.errcode }).toEqual({ url, status: 400, errcode: "M_INVALID_PARAM" });
    }
    const noUrl = await rawFetch(allowed.baseUrl, "/_matrix/client/v1/media/preview_url", { headers: { Authorization: `Bearer ${tokens.allowed}` } });
    expect([noUrl.status, noUrl.body.errcode]).toEqual([400, "M_MISSING_PARAM"]);
  });

  it("is off unless configured, and needs a token", async () => {
    const off = await preview(disabled, tokens.disabled, `${site.origin}/article`);
    expect([off.status, off.body.errcode]).toEqual([403, "M_FORBIDDEN"]);
    const anonymous = await rawFetch(allowed.baseUrl, `/_matrix/client/v1/media/preview_url?url=${encodeURIComponent(site.origin)}`);
    expect([anonymous.status, anonymous.body.errcode]).toEqual([401, "M_MISSING_TOKEN"]);
  });
});
