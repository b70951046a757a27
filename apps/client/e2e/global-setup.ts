import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { build } from "vite";
import { CHROMIUM, CLIENT_DIR, CLIENT_DIST, TEST_OUTPUT } from "./harness/paths.js";

/**
 * Before any browser test: the built client must match its sources (turbo's
 * `test` depends on `build`, so under turbo this is a no-op; a direct
 * `pnpm test:e2e` after an edit rebuilds here), the homeserver must be built
 * (it is a dependency, built by turbo's `^build`), and Chromium must exist.
 */
export default async function setup(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium). The tests never download a browser.`);
  }
  try {
    createRequire(import.meta.url).resolve("@myelin/server/dist/server.js");
  } catch {
    throw new Error("@myelin/server is not built: run `pnpm turbo run build --filter=@myelin/server...` (turbo does it before `test`).");
  }
  if (isStale()) await build({ root: CLIENT_DIR, logLevel: "warn" });
  mkdirSync(TEST_OUTPUT, { recursive: true });
}

function isStale(): boolean {
  const built = join(CLIENT_DIST, "index.html");
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const sources = [join(CLIENT_DIR, "index.html"), join(CLIENT_DIR, "vite.config.ts"), ...filesUnder(join(CLIENT_DIR, "src")), ...filesUnder(join(CLIENT_DIR, "public"))];
  return sources.some((file) => statSync(file).mtimeMs > builtAt);
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
