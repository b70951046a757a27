// Spec: client-server API, "Content repository": POST /_matrix/media/v3/upload,
// POST /_matrix/media/v1/create + PUT /_matrix/media/v3/upload/{serverName}/{mediaId},
// GET /_matrix/client/v1/media/download|config (authenticated, v1.11) and the
// deprecated unauthenticated /_matrix/media/v3 (and r0) reads; headers from
// "Security considerations" / "Serving inline content".
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import { createContent, getConfigAuthed, uploadContent } from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { expectMatrixError } from "./helpers/expect-error.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

const MAX_UPLOAD = 256 * 1024;
const CSP = "sandbox; default-src 'none'; script-src 'none'; plugin-types application/pdf; style-src 'unsafe-inline'; object-src 'self';";

describe.each(backends)("media repository on %s", (backend) => {
  let hs: TestServer;
  let alice: Awaited<ReturnType<TestServer["registerUser"]>>;
  let bob: Awaited<ReturnType<TestServer["registerUser"]>>;

  beforeAll(async () => {
    hs = await startTestServer(backend, { max_upload_size: MAX_UPLOAD });
    alice = await hs.registerUser("alice");
    bob = await hs.registerUser("bob");
  });
  afterAll(() => hs?.close());

  const authHeader = (token: string) => ({ Authorization: `Bearer ${token}` });
  const files = () => hs.server.services.media.repository.files.countFiles();
  const mediaPath = (mxc: string) => mxc.slice("mxc://".length);

  async function upload(bytes: Buffer, contentType?: string, filename?: string, path = "/_matrix/media/v3/upload"): Promise<string> {
    const query = filename === undefined ? "" : `?filename=${encodeURIComponent(filename)}`;
    const response = await fetch(`${hs.baseUrl}${path}${query}`, {
      method: "POST",
      headers: { ...authHeader(alice.accessToken), ...(contentType !== undefined && { "Content-Type": contentType }) },
      body: new Uint8Array(bytes),
    });
    const body = (await response.json()) as { content_uri: string };
    expect(response.status).toBe(200);
    return body.content_uri;
  }

  async function download(path: string, token?: string): Promise<Response> {
    return fetch(`${hs.baseUrl}${path}`, { headers: token === undefined ? {} : authHeader(token) });
  }

  it("round-trips bytes through upload and the authenticated and legacy downloads", async () => {
    const bytes = randomBytes(100_000);
    const mxc = await upload(bytes, "application/pdf", "report.pdf");
    expect(mxc).toMatch(/^mxc:\/\/localhost\/[A-Za-z0-9_-]+$/);

    const authed = await download(`/_matrix/client/v1/media/download/${mediaPath(mxc)}`, bob.accessToken);
    expect(authed.status).toBe(200);
    expect(Buffer.from(await authed.arrayBuffer()).equals(bytes)).toBe(true);
    expect(authed.headers.get("content-type")).toBe("application/pdf");
    expect(authed.headers.get("content-length")).toBe(String(bytes.length));
    expect(authed.headers.get("content-disposition")).toBe('attachment; filename="report.pdf"');
    expect(authed.headers.get("cache-control")).toContain("private");

    for (const legacy of ["/_matrix/media/v3/download/", "/_matrix/media/r0/download/"]) {
      const response = await download(`${legacy}${mediaPath(mxc)}`);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
      expect(response.headers.get("cache-control")).toContain("public");
    }

    // The ".../{fileName}" form names the file in Content-Disposition instead.
    const renamed = await download(`/_matrix/client/v1/media/download/${mediaPath(mxc)}/Gr%C3%BC%C3%9Fe.pdf`, bob.accessToken);
    expect(renamed.headers.get("content-disposition")).toBe("attachment; filename*=utf-8''Gr%C3%BC%C3%9Fe.pdf");
    await renamed.arrayBuffer();
    const legacyRenamed = await download(`/_matrix/media/v3/download/${mediaPath(mxc)}/other.pdf`);
    expect(legacyRenamed.headers.get("content-disposition")).toBe('attachment; filename="other.pdf"');
    await legacyRenamed.arrayBuffer();
  });

  it("accepts uploads on the r0 path and through the typed client, defaulting the type to application/octet-stream", async () => {
    const bytes = Buffer.from("plain bytes");
    const viaR0 = await upload(bytes, undefined, undefined, "/_matrix/media/r0/upload");
    const response = await download(`/_matrix/client/v1/media/download/${mediaPath(viaR0)}`, alice.accessToken);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("content-disposition")).toBe("attachment");
    expect(await response.text()).toBe("plain bytes");

    const typed = await alice.client.call(uploadContent, { body: { data: new TextEncoder().encode("hello"), contentType: "text/plain" }, query: { filename: "hi.txt" } });
    const text = await download(`/_matrix/client/v1/media/download/${mediaPath(typed.content_uri)}`, alice.accessToken);
    expect(text.headers.get("content-type")).toBe("text/plain");
    expect(text.headers.get("content-disposition")).toBe('inline; filename="hi.txt"');
    expect(await text.text()).toBe("hello");
  });

  it("stores the same bytes once (content-addressed), under two media IDs", async () => {
    const bytes = randomBytes(5000);
    const before = await files();
    const first = await upload(bytes, "image/png");
    const second = await upload(bytes, "application/octet-stream", "copy.bin");
    expect(first).not.toBe(second);
    const after = await files();
    expect(after.stored).toBe(before.stored + 1);
    expect(after.temporary).toBe(0);
    const again = await download(`/_matrix/media/v3/download/${mediaPath(second)}`);
    expect(again.headers.get("content-type")).toBe("application/octet-stream");
    expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it("refuses uploads over max_upload_size with 413 M_TOO_LARGE, declared or streamed, leaving no file", async () => {
    const before = await files();
    const declared = await rawFetch(hs.baseUrl, "/_matrix/media/v3/upload", {
      method: "POST",
      headers: { ...authHeader(alice.accessToken), "Content-Type": "application/octet-stream" },
      body: randomBytes(MAX_UPLOAD + 1),
    });
    expect(declared.status).toBe(413);
    expect(declared.body.errcode).toBe("M_TOO_LARGE");

    // Chunked: no Content-Length, so the limit must hold while the bytes
    // stream in. node:http lets us read the answer while still sending (a
    // fetch may fail with "other side closed" instead of showing the 413).
    const chunk = randomBytes(64 * 1024);
    const STREAM_CAP = 256 * 1024 * 1024;
    let sent = 0;
    const streamed = await new Promise<{ status: number; body: { errcode?: string } }>((resolve, reject) => {
      const request = httpRequest(`${hs.baseUrl}/_matrix/media/v3/upload`, { method: "POST", headers: authHeader(alice.accessToken) }, (response) => {
        let text = "";
        response.on("data", (data: Buffer) => (text += data.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as { errcode?: string } }));
      });
      request.on("error", reject);
      let answered = false;
      request.on("response", () => (answered = true));
      const pump = () => {
        while (!answered && sent < STREAM_CAP) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once("drain", pump);
        }
        request.end();
      };
      pump();
    });
    expect([streamed.status, streamed.body.errcode]).toEqual([413, "M_TOO_LARGE"]);
    // The server stopped reading long before the client ran out of bytes.
    expect(sent).toBeLessThan(STREAM_CAP);
    expect(await files()).toEqual(before);

    // Exactly the limit is fine.
    await upload(randomBytes(MAX_UPLOAD), "application/octet-stream");
  });

  it("asks for a token on uploads and authenticated downloads, and not on the legacy ones", async () => {
    const mxc = await upload(Buffer.from("x"), "text/plain");
    const before = await files();
    const anonymousUpload = await rawFetch(hs.baseUrl, "/_matrix/media/v3/upload", { method: "POST", body: randomBytes(1000) });
    expect([anonymousUpload.status, anonymousUpload.body.errcode]).toEqual([401, "M_MISSING_TOKEN"]);
    const forgedUpload = await rawFetch(hs.baseUrl, "/_matrix/media/v3/upload", { method: "POST", headers: authHeader("forged"), body: randomBytes(1000) });
    expect([forgedUpload.status, forgedUpload.body.errcode]).toEqual([401, "M_UNKNOWN_TOKEN"]);
    expect(await files()).toEqual(before);

    const missing = await rawFetch(hs.baseUrl, `/_matrix/client/v1/media/download/${mediaPath(mxc)}`);
    expect([missing.status, missing.body.errcode]).toEqual([401, "M_MISSING_TOKEN"]);
    const thumbnail = await rawFetch(hs.baseUrl, `/_matrix/client/v1/media/thumbnail/${mediaPath(mxc)}?width=32&height=32`);
    expect([thumbnail.status, thumbnail.body.errcode]).toEqual([401, "M_MISSING_TOKEN"]);
    const config = await rawFetch(hs.baseUrl, "/_matrix/client/v1/media/config");
    expect([config.status, config.body.errcode]).toEqual([401, "M_MISSING_TOKEN"]);
    const forged = await rawFetch(hs.baseUrl, `/_matrix/client/v1/media/download/${mediaPath(mxc)}`, { headers: authHeader("forged") });
    expect([forged.status, forged.body.errcode]).toEqual([401, "M_UNKNOWN_TOKEN"]);

    const legacy = await download(`/_matrix/media/v3/download/${mediaPath(mxc)}`);
    expect(legacy.status).toBe(200);
    expect(await legacy.text()).toBe("x");
  });

  it("serves HTML and SVG as attachments under a sandboxing CSP, so they cannot run in a browser", async () => {
    const html = await upload(Buffer.from("<html><body><script>alert(document.cookie)</script></body></html>"), "text/html", "evil.html");
    const svg = await upload(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'),
      "image/svg+xml",
      "evil.svg",
    );
    for (const [mxc, type, name] of [
      [html, "text/html", "evil.html"],
      [svg, "image/svg+xml", "evil.svg"],
    ] as const) {
      for (const path of [`/_matrix/client/v1/media/download/${mediaPath(mxc)}`, `/_matrix/media/v3/download/${mediaPath(mxc)}`]) {
        const response = await download(path, bob.accessToken);
        await response.arrayBuffer();
        expect(response.status).toBe(200);
        // The uploaded type is kept (the spec requires it), but never inline.
        expect(response.headers.get("content-type")).toBe(type);
        expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${name}"`);
        expect(response.headers.get("content-security-policy")).toBe(CSP);
        expect(response.headers.get("x-content-type-options")).toBe("nosniff");
        expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
      }
    }
    // Also with a name that asks for inline-looking types: the stored type decides.
    const disguised = await download(`/_matrix/client/v1/media/download/${mediaPath(html)}/picture.png`, bob.accessToken);
    expect(disguised.headers.get("content-disposition")).toBe('attachment; filename="picture.png"');
    await disguised.arrayBuffer();
  });

  it("answers If-None-Match with 304 (media never changes under its URL)", async () => {
    const mxc = await upload(Buffer.from("cache me"), "text/plain");
    const first = await download(`/_matrix/client/v1/media/download/${mediaPath(mxc)}`, alice.accessToken);
    const etag = first.headers.get("etag");
    await first.arrayBuffer();
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const second = await fetch(`${hs.baseUrl}/_matrix/client/v1/media/download/${mediaPath(mxc)}`, {
      headers: { ...authHeader(alice.accessToken), "If-None-Match": etag ?? "" },
    });
    expect(second.status).toBe(304);
    expect(second.headers.get("content-security-policy")).toBe(CSP);
  });

  it("creates an mxc URI and takes its upload once, from its creator only (async upload, v1.7)", async () => {
    const created = await alice.client.call(createContent, { body: {} });
    expect(created.content_uri).toMatch(/^mxc:\/\/localhost\/[A-Za-z0-9_-]+$/);
    expect(created.unused_expires_at).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect(created.unused_expires_at).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
    const path = mediaPath(created.content_uri);

    const early = await rawFetch(hs.baseUrl, `/_matrix/client/v1/media/download/${path}?timeout_ms=50`, { headers: authHeader(alice.accessToken) });
    expect([early.status, early.body.errcode]).toEqual([504, "M_NOT_YET_UPLOADED"]);

    const put = (token: string, target: string, body: string) =>
      rawFetch(hs.baseUrl, `/_matrix/media/v3/upload/${target}?filename=late.txt`, { method: "PUT", headers: { ...authHeader(token), "Content-Type": "text/plain" }, body });

    const notMine = await put(bob.accessToken, path, "bob's");
    expect([notMine.status, notMine.body.errcode]).toEqual([403, "M_FORBIDDEN"]);

    // A download waiting for the upload is answered as soon as it lands.
    const waiting = download(`/_matrix/client/v1/media/download/${path}?timeout_ms=10000`, bob.accessToken);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const ok = await put(alice.accessToken, path, "arrived later");
    expect(ok).toEqual({ status: 200, body: {} });
    const waited = await waiting;
    expect(waited.status).toBe(200);
    expect(await waited.text()).toBe("arrived later");
    expect(waited.headers.get("content-disposition")).toBe('inline; filename="late.txt"');

    const again = await put(alice.accessToken, path, "overwrite");
    expect([again.status, again.body.errcode]).toEqual([409, "M_CANNOT_OVERWRITE_MEDIA"]);
    const still = await download(`/_matrix/media/v3/download/${path}`);
    expect(await still.text()).toBe("arrived later");

    const unknown = await put(alice.accessToken, "localhost/neverCreated", "x");
    expect([unknown.status, unknown.body.errcode]).toEqual([404, "M_NOT_FOUND"]);
    const remote = await put(alice.accessToken, "example.org/abc", "x");
    expect([remote.status, remote.body.errcode]).toEqual([404, "M_NOT_FOUND"]);
    const noToken = await rawFetch(hs.baseUrl, `/_matrix/media/v3/upload/${path}`, { method: "PUT", body: "x" });
    expect([noToken.status, noToken.body.errcode]).toEqual([401, "M_MISSING_TOKEN"]);
  });

  it("treats an expired media ID as unknown (404 M_NOT_FOUND) for upload and download", async () => {
    const now = Date.now();
    await hs.server.services.storage.media.insertPendingMedia({
      serverName: "localhost",
      mediaId: "expiredId",
      uploader: alice.userId,
      createdTs: now - 2 * 86_400_000,
      unusedExpiresTs: now - 86_400_000,
    });
    const put = await rawFetch(hs.baseUrl, "/_matrix/media/v3/upload/localhost/expiredId", { method: "PUT", headers: authHeader(alice.accessToken), body: "late" });
    expect([put.status, put.body.errcode]).toEqual([404, "M_NOT_FOUND"]);
    const get = await rawFetch(hs.baseUrl, "/_matrix/client/v1/media/download/localhost/expiredId", { headers: authHeader(alice.accessToken) });
    expect([get.status, get.body.errcode]).toEqual([404, "M_NOT_FOUND"]);
  });

  it("limits pending uploads per user with 429 M_LIMIT_EXCEEDED", async () => {
    const carol = await hs.registerUser("carol");
    const limit = hs.server.services.media.repository.limits.maxPendingUploadsPerUser;
    for (let i = 0; i < limit; i++) await carol.client.call(createContent, { body: {} });
    await expectMatrixError(carol.client.call(createContent, { body: {} }), "M_LIMIT_EXCEEDED", 429);
    // Another user is not affected.
    await bob.client.call(createContent, { body: {} });
  });

  it("advertises the upload limit in /media/config (authenticated and legacy)", async () => {
    expect(await alice.client.call(getConfigAuthed)).toEqual({ "m.upload.size": MAX_UPLOAD });
    for (const path of ["/_matrix/media/v3/config", "/_matrix/media/r0/config"]) {
      expect(await rawFetch(hs.baseUrl, path, { headers: authHeader(alice.accessToken) })).toEqual({ status: 200, body: { "m.upload.size": MAX_UPLOAD } });
    }
  });

  it("answers bad and unknown media addresses with 4xx errors", async () => {
    const cases: [string, number, string][] = [
      ["/_matrix/client/v1/media/download/localhost/doesNotExist", 404, "M_NOT_FOUND"],
      ["/_matrix/client/v1/media/download/example.org/remoteMedia", 404, "M_NOT_FOUND"],
      ["/_matrix/client/v1/media/download/bad_server!/abc", 400, "M_INVALID_PARAM"],
      ["/_matrix/client/v1/media/download/localhost/abc.def", 400, "M_INVALID_PARAM"],
      ["/_matrix/client/v1/media/download/localhost/..%2F..%2Fetc%2Fpasswd", 400, "M_INVALID_PARAM"],
      ["/_matrix/client/v1/media/download/localhost/%00abc", 400, "M_INVALID_PARAM"],
      ["/_matrix/media/v3/download/localhost/doesNotExist", 404, "M_NOT_FOUND"],
      ["/_matrix/media/v3/download/..%2F/abc", 400, "M_INVALID_PARAM"],
      ["/_matrix/client/v1/media/download/localhost/abc?timeout_ms=soon", 400, "M_INVALID_PARAM"],
    ];
    for (const [path, status, errcode] of cases) {
      const response = await rawFetch(hs.baseUrl, path, { headers: authHeader(alice.accessToken) });
      expect({ path, status: response.status, errcode: response.body.errcode }).toEqual({ path, status, errcode });
    }
    const longName = await rawFetch(hs.baseUrl, `/_matrix/media/v3/upload?filename=${"n".repeat(2000)}`, {
      method: "POST",
      headers: authHeader(alice.accessToken),
      body: "x",
    });
    expect([longName.status, longName.body.errcode]).toEqual([400, "M_INVALID_PARAM"]);
    expect((await files()).temporary).toBe(0);
  });
});
