// The URL previewer's fetch: connects to the address it checked (no DNS
// rebinding), refuses names with any non-public answer, bounds redirects
// and size. Only loopback is ever connected to (explicitly allowed here).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLoopbackSite } from "../../../../test/helpers/loopback-site.js";
import { AddressPolicy } from "./ip-ranges.js";
import { fetchPublicUrl, UrlFetchError, type SafeFetchOptions } from "./safe-fetch.js";

describe("fetchPublicUrl", () => {
  let site: Awaited<ReturnType<typeof startLoopbackSite>>;
  beforeAll(async () => {
    site = await startLoopbackSite({
      "/hello": (_request, response) => response.writeHead(200, { "Content-Type": "text/plain" }).end("hello"),
      "/host": (request, response) => response.writeHead(200).end(request.headers.host ?? ""),
      "/loop": (_request, response) => response.writeHead(302, { Location: "/loop" }).end(),
      "/to-private": (_request, response) => response.writeHead(302, { Location: "http://10.1.2.3/secret" }).end(),
      "/big": (_request, response) => {
        response.writeHead(200);
        response.end(Buffer.alloc(4096));
      },
    });
  });
  afterAll(() => site?.close());

  const options = (overrides: Partial<SafeFetchOptions> = {}): SafeFetchOptions => ({
    policy: new AddressPolicy(["127.0.0.0/8"]),
    maxBytes: 1024,
    timeoutMs: 5000,
    maxRedirects: 3,
    userAgent: "test",
    accept: "*/*",
    ...overrides,
  });
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(UrlFetchError);
    return (error as UrlFetchError).reason;
  };

  it("connects to the resolved, checked address, whatever the name is", async () => {
    const resolveHost = () => Promise.resolve([{ address: "127.0.0.1", family: 4 }]);
    const fetched = await fetchPublicUrl(`http://preview.invalid:${site.port}/host`, options({ resolveHost }));
    expect(fetched.body.toString()).toBe(`preview.invalid:${site.port}`);
  });

  it("refuses a name when any of its addresses is not allowed, without connecting", async () => {
    const before = site.hits("/hello");
    const resolveHost = () =>
      Promise.resolve([
        { address: "127.0.0.1", family: 4 },
        { address: "10.0.0.1", family: 4 },
      ]);
    expect(await failure(fetchPublicUrl(`http://mixed.invalid:${site.port}/hello`, options({ resolveHost })))).toBe("blocked");
    expect(await failure(fetchPublicUrl(`${site.origin}/hello`, options({ policy: new AddressPolicy() })))).toBe("blocked");
    expect(await failure(fetchPublicUrl(`http://[::ffff:127.0.0.1]:${site.port}/hello`, options({ policy: new AddressPolicy() })))).toBe("blocked");
    expect(site.hits("/hello")).toBe(before);
  });

  it("re-checks every redirect and bounds their number", async () => {
    expect(await failure(fetchPublicUrl(`${site.origin}/to-private`, options()))).toBe("blocked");
    expect(await failure(fetchPublicUrl(`${site.origin}/loop`, options()))).toBe("unreachable");
    expect(site.hits("/loop")).toBe(4);
  });

  it("stops at the size limit and refuses non-http URLs", async () => {
    expect(await failure(fetchPublicUrl(`${site.origin}/big`, options()))).toBe("too_large");
    expect(await failure(fetchPublicUrl("file:///etc/passwd", options()))).toBe("bad_url");
    expect(await failure(fetchPublicUrl("gopher://127.0.0.1/", options()))).toBe("bad_url");
    expect((await fetchPublicUrl(`${site.origin}/hello`, options())).body.toString()).toBe("hello");
  });
});
