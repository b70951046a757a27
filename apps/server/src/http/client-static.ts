import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";
import type { Logger } from "../observability/logger.js";

/**
 * The reference web client (apps/client's Vite build) served at `/`.
 *
 * Paths the homeserver owns keep their Matrix answers (a 404 or 405
 * `M_UNRECOGNIZED`): the SPA fallback never answers under these.
 */
const SERVER_PATHS = [/^\/_matrix(\/|$)/, /^\/_synapse(\/|$)/, /^\/\.well-known(\/|$)/, /^\/metrics$/];

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
};

/**
 * The app's own policy: its scripts and styles only from here, nothing
 * framed, no plugins. `connect-src` stays open to any http(s) origin because
 * the client may sign in to another homeserver; `blob:` images are media
 * fetched with the access token. Inline `style` attributes are allowed (not
 * `<style>` or scripts): the sanitiser turns validated `data-mx-color`
 * values into them.
 */
export const CLIENT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self' http: https:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join("; ");

/** Vite puts content-hashed files under assets/: safe to cache for good. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * apps/client/dist of the workspace this server runs from: the nearest
 * ancestor holding pnpm-workspace.yaml (from src/http or dist/http alike).
 */
export function defaultClientDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return join(dir, "apps", "client", "dist");
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * GET/HEAD routes for the built client: files from `dir`, `index.html` for
 * any other non-server path (the app routes on the client). Register it
 * before the endpoints: they then stay the last matched route (which the
 * request log labels requests by), and server paths fall through this
 * handler to them or to the Matrix 404.
 * When `dir` has no index.html, logs one warning and serves nothing.
 */
export function clientStaticRoutes(app: Hono, dir: string | undefined, logger: Logger): void {
  const root = dir === undefined ? undefined : resolve(dir);
  if (root === undefined || !isFile(join(root, "index.html"))) {
    logger.warn({ clientDir: root ?? null }, "web client not served: no index.html (build it with `pnpm --filter @myelin/client build`)");
    return;
  }

  app.get("*", async (c, next) => {
    const path = c.req.path;
    if (SERVER_PATHS.some((pattern) => pattern.test(path))) return next();
    const file = fileFor(root, path);
    if (file !== undefined) return sendFile(file, path.startsWith("/assets/") ? IMMUTABLE : "no-cache");
    // A missing hashed asset is a 404, not the app's HTML under a .js name.
    if (path.startsWith("/assets/")) return new Response("Not found", { status: 404, headers: securityHeaders("text/plain; charset=utf-8", "no-cache") });
    return sendFile(join(root, "index.html"), "no-cache");
  });
}

/** The regular file under root that a URL path names, never anything outside root. */
function fileFor(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const candidate = resolve(root, `.${decoded}`);
  if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
  return isFile(candidate) ? candidate : undefined;
}

async function sendFile(file: string, cacheControl: string): Promise<Response> {
  const body = await readFile(file);
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
  return new Response(body, { status: 200, headers: securityHeaders(type, cacheControl) });
}

function securityHeaders(contentType: string, cacheControl: string): Headers {
  return new Headers({
    "Content-Type": contentType,
    "Cache-Control": cacheControl,
    "Content-Security-Policy": CLIENT_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
