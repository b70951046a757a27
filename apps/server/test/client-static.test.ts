// The web client served at `/` (issue 4: "Served by the homeserver at `/`,
// configurable off"), without taking any Matrix path away from the server.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/load.js";
import { clientStaticRoutes, defaultClientDir } from "../src/http/client-static.js";
import type { Logger } from "../src/observability/logger.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd.js"></script></head><body><div id="app"></div></body></html>';
const SCRIPT = "console.log('app');";

const built = mkdtempSync(join(tmpdir(), "myelin-client-dist-"));
mkdirSync(join(built, "assets"));
writeFileSync(join(built, "index.html"), INDEX);
writeFileSync(join(built, "assets", "index-Ab12Cd.js"), SCRIPT);
writeFileSync(join(built, "assets", "index-Ef34Gh.css"), "body{}");
writeFileSync(join(built, "favicon.svg"), "<svg/>");
// A file beside the client directory, which no URL may reach.
writeFileSync(join(built, "..", `${built.split("/").pop()}-secret.txt`), "secret");

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer("sqlite", { web_client_dir: built });
});
afterAll(async () => {
  await server.close();
  rmSync(built, { recursive: true, force: true });
  rmSync(`${built}-secret.txt`, { force: true });
});

const get = (path: string, init?: RequestInit) => fetch(server.baseUrl + path, init);

describe("the web client at /", () => {
  it("serves index.html at / with no-cache and the app's CSP", async () => {
    const response = await get("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toBe(INDEX);
  });

  it("serves hashed assets as immutable with their content types", async () => {
    const script = await get("/assets/index-Ab12Cd.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await script.text()).toBe(SCRIPT);
    const style = await get("/assets/index-Ef34Gh.css");
    expect(style.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const icon = await get("/favicon.svg");
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect(icon.headers.get("cache-control")).toBe("no-cache");
  });

  it("answers unknown app paths with index.html (SPA fallback), but a missing asset with 404", async () => {
    const deep = await get("/rooms/some-room");
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(INDEX);
    const missing = await get("/assets/gone-123.js");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("text/plain");
  });

  it("answers HEAD like GET without a body", async () => {
    const response = await get("/", { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toBe("");
  });

  it("never serves a file outside the client directory", async () => {
    const name = `${built.split("/").pop()}-secret.txt`;
    for (const path of [`/../${name}`, `/%2e%2e/${name}`, `/assets/%2e%2e/%2e%2e/${name}`, `/..%2f${name}`]) {
      const response = await get(path);
      expect(await response.text(), path).not.toBe("secret");
    }
  });
});

describe("server paths keep their Matrix answers", () => {
  it("an unknown /_matrix, /_synapse or /.well-known path is a 404 M_UNRECOGNIZED, not the app", async () => {
    for (const path of ["/_matrix/client/v3/nonexistent", "/_matrix", "/_synapse/admin/v1/nothing", "/.well-known/nothing"]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toMatchObject({ errcode: "M_UNRECOGNIZED" });
    }
  });

  it("a known endpoint with the wrong method is still a 405", async () => {
    const response = await get("/_matrix/client/v3/register");
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ errcode: "M_UNRECOGNIZED" });
  });

  it("real endpoints, /.well-known/matrix/client and /metrics still answer", async () => {
    const versions = await get("/_matrix/client/versions");
    expect(versions.status).toBe(200);
    expect(await versions.json()).toHaveProperty("versions");
    const wellKnown = await get("/.well-known/matrix/client");
    expect(await wellKnown.json()).toMatchObject({ "m.homeserver": { base_url: server.baseUrl } });
    const metrics = await get("/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toContain("text/plain");
  });

  it("endpoints keep their operation label in the metrics (the catch-all is not the matched route)", async () => {
    await get("/_matrix/client/versions");
    await get("/");
    const metrics = await (await get("/metrics")).text();
    expect(metrics).toMatch(/myelin_http_requests_total\{operation="getVersions",method="GET",status="200"\} \d+/);
  });

  it("a non-GET request to / is the Matrix 404", async () => {
    const response = await get("/", { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errcode: "M_UNRECOGNIZED" });
  });
});

describe("configuration", () => {
  it("is on by default and off with serve_web_client: false or MYELIN_SERVE_WEB_CLIENT=false", () => {
    const cwd = mkdtempSync(join(tmpdir(), "myelin-client-config-"));
    try {
      expect(loadConfig({ env: {}, cwd }).webClient).toEqual({ enabled: true, dir: undefined });
      expect(loadConfig({ env: {}, cwd, overrides: { serve_web_client: false } }).webClient.enabled).toBe(false);
      expect(loadConfig({ env: { MYELIN_SERVE_WEB_CLIENT: "false" }, cwd }).webClient.enabled).toBe(false);
      expect(loadConfig({ env: {}, cwd, overrides: { web_client_dir: "web" } }).webClient.dir).toBe(join(cwd, "web"));
      expect(() => loadConfig({ env: { MYELIN_SERVE_WEB_CLIENT: "maybe" }, cwd })).toThrow(/MYELIN_SERVE_WEB_CLIENT/);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("defaults to apps/client/dist of this workspace", () => {
    expect(defaultClientDir()).toBe(join(import.meta.dirname, "..", "..", "client", "dist"));
  });

  it("with the client turned off, / is the Matrix 404", async () => {
    const off = await startTestServer("sqlite", { web_client_dir: built, serve_web_client: false });
    try {
      const response = await fetch(`${off.baseUrl}/`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ errcode: "M_UNRECOGNIZED" });
    } finally {
      await off.close();
    }
  });

  it("a missing client directory logs one warning and serves nothing at /", async () => {
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) } as unknown as Logger;
    const app = new Hono();
    clientStaticRoutes(app, join(built, "does-not-exist"), logger);
    expect(warnings).toHaveLength(1);
    expect((await app.request("/")).status).toBe(404);
  });
});
