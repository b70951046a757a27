// Spec: client-server API, "Thumbnails" and GET /_matrix/client/v1/media/thumbnail
// (and the deprecated /_matrix/media/v3/thumbnail): crop and scale, the
// preferred sizes, never upscaled, the original when it is already small,
// `animated`, and what cannot be thumbnailed.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { rawFetch, startTestServer, type TestServer } from "./helpers/test-server.js";

async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 90 } } }).png().toBuffer();
}

async function animatedGif(width: number, height: number): Promise<Buffer> {
  const frames = await Promise.all(
    ["#ff0000", "#0000ff", "#00ff00"].map((background) => sharp({ create: { width, height, channels: 3, background } }).png().toBuffer()),
  );
  return sharp(frames, { join: { animated: true } }).gif().toBuffer();
}

describe.each(backends)("media thumbnails on %s", (backend) => {
  let hs: TestServer;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    hs = await startTestServer(backend);
    token = (await hs.registerUser("thumbs")).accessToken;
  });
  afterAll(() => hs?.close());

  async function upload(bytes: Buffer, contentType: string): Promise<string> {
    const response = await fetch(`${hs.baseUrl}/_matrix/media/v3/upload`, { method: "POST", headers: { ...auth(), "Content-Type": contentType }, body: new Uint8Array(bytes) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { content_uri: string }).content_uri.slice("mxc://".length);
  }

  async function thumbnail(path: string, query: string, authenticated = true) {
    const prefix = authenticated ? "/_matrix/client/v1/media/thumbnail/" : "/_matrix/media/v3/thumbnail/";
    const response = await fetch(`${hs.baseUrl}${prefix}${path}?${query}`, { headers: authenticated ? auth() : {} });
    const bytes = Buffer.from(await response.arrayBuffer());
    const metadata = response.status === 200 ? await sharp(bytes, { animated: true }).metadata() : undefined;
    return { response, bytes, metadata };
  }

  it("crops to the preferred size at least as large as asked for", async () => {
    const path = await upload(await png(1000, 500), "image/png");
    const small = await thumbnail(path, "width=32&height=32&method=crop");
    expect(small.response.status).toBe(200);
    expect(small.response.headers.get("content-type")).toBe("image/png");
    expect(small.response.headers.get("content-disposition")).toBe('inline; filename="thumbnail.png"');
    expect(small.response.headers.get("content-security-policy")).toContain("sandbox");
    expect([small.metadata?.width, small.metadata?.height]).toEqual([32, 32]);

    const between = await thumbnail(path, "width=50&height=40&method=crop");
    expect([between.metadata?.width, between.metadata?.height]).toEqual([96, 96]);

    // Larger than every preferred crop size: made at the requested size.
    const large = await thumbnail(path, "width=200&height=100&method=crop");
    expect([large.metadata?.width, large.metadata?.height]).toEqual([200, 100]);
  });

  it("scales keeping the aspect ratio, on the legacy endpoint too", async () => {
    const path = await upload(await png(1000, 500), "image/png");
    const scaled = await thumbnail(path, "width=100&height=100&method=scale");
    expect([scaled.metadata?.width, scaled.metadata?.height]).toEqual([320, 160]);
    const bigger = await thumbnail(path, "width=640&height=300", false);
    expect(bigger.response.status).toBe(200);
    expect([bigger.metadata?.width, bigger.metadata?.height]).toEqual([640, 320]);
  });

  it("keeps JPEG as JPEG and caches the thumbnail (same bytes, one stored file)", async () => {
    const jpeg = await sharp({ create: { width: 900, height: 900, channels: 3, background: "#123456" } }).jpeg().toBuffer();
    const path = await upload(jpeg, "image/jpeg");
    const first = await thumbnail(path, "width=96&height=96&method=crop");
    expect(first.response.headers.get("content-type")).toBe("image/jpeg");
    const before = await hs.server.services.media.repository.files.countFiles();
    const second = await thumbnail(path, "width=90&height=90&method=crop");
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(await hs.server.services.media.repository.files.countFiles()).toEqual(before);
  });

  it("returns the original when it is smaller than the request (never upscales)", async () => {
    const original = await png(60, 40);
    const path = await upload(original, "image/png");
    const result = await thumbnail(path, "width=96&height=96&method=crop");
    expect(result.response.status).toBe(200);
    expect(result.bytes.equals(original)).toBe(true);
    // Smaller in one dimension only: the crop is the largest square the image holds.
    const wide = await upload(await png(1000, 50), "image/png");
    const cropped = await thumbnail(wide, "width=96&height=96&method=crop");
    expect([cropped.metadata?.width, cropped.metadata?.height]).toEqual([50, 50]);
  });

  it("animates only when asked (animated=true gives WebP), else a still image", async () => {
    const path = await upload(await animatedGif(400, 300), "image/gif");
    const still = await thumbnail(path, "width=32&height=32&method=crop");
    expect(still.response.headers.get("content-type")).toBe("image/png");
    expect(still.metadata?.pages ?? 1).toBe(1);
    const animated = await thumbnail(path, "width=32&height=32&method=crop&animated=true");
    expect(animated.response.headers.get("content-type")).toBe("image/webp");
    expect(animated.metadata?.pages).toBe(3);
    expect([animated.metadata?.width, animated.metadata?.pageHeight]).toEqual([32, 32]);
    // A still image asked for animation behaves as animated=false.
    const stillSource = await upload(await png(400, 300), "image/png");
    const notAnimated = await thumbnail(stillSource, "width=32&height=32&method=crop&animated=true");
    expect(notAnimated.response.headers.get("content-type")).toBe("image/png");
  });

  it("never rasterises SVG, and has no thumbnail for non-images: 404 M_NOT_FOUND", async () => {
    const svg = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="500" height="500" onload="alert(1)"><rect width="500" height="500"/></svg>'), "image/svg+xml");
    const text = await upload(Buffer.from("just text"), "text/plain");
    // A file that claims to be PNG but is not: judged by its bytes.
    const liar = await upload(Buffer.from("<html><script>alert(1)</script></html>"), "image/png");
    for (const path of [svg, text, liar]) {
      const response = await rawFetch(hs.baseUrl, `/_matrix/client/v1/media/thumbnail/${path}?width=32&height=32`, { headers: auth() });
      expect([response.status, response.body.errcode]).toEqual([404, "M_NOT_FOUND"]);
    }
  });

  it("answers a corrupt image with 400 and bad parameters with 400 M_INVALID_PARAM / M_MISSING_PARAM", async () => {
    const truncated = (await png(500, 500)).subarray(0, 60);
    const corrupt = await upload(truncated, "image/png");
    const broken = await rawFetch(hs.baseUrl, `/_matrix/client/v1/media/thumbnail/${corrupt}?width=32&height=32`, { headers: auth() });
    expect(broken.status).toBe(400);

    const path = await upload(await png(100, 100), "image/png");
    const cases: [string, number, string][] = [
      ["width=0&height=32", 400, "M_INVALID_PARAM"],
      ["width=-5&height=32", 400, "M_INVALID_PARAM"],
      ["width=32&height=1.5", 400, "M_INVALID_PARAM"],
      ["width=abc&height=32", 400, "M_INVALID_PARAM"],
      ["width=100000&height=32", 400, "M_INVALID_PARAM"],
      ["width=32&height=32&method=stretch", 400, "M_INVALID_PARAM"],
      ["width=32&height=32&animated=maybe", 400, "M_INVALID_PARAM"],
      ["height=32", 400, "M_MISSING_PARAM"],
    ];
    for (const [query, status, errcode] of cases) {
      const response = await rawFetch(hs.baseUrl, `/_matrix/client/v1/media/thumbnail/${path}?${query}`, { headers: auth() });
      expect({ query, status: response.status, errcode: response.body.errcode }).toEqual({ query, status, errcode });
    }
    const unknown = await rawFetch(hs.baseUrl, "/_matrix/client/v1/media/thumbnail/localhost/nothingHere?width=32&height=32", { headers: auth() });
    expect([unknown.status, unknown.body.errcode]).toEqual([404, "M_NOT_FOUND"]);
  });
});
