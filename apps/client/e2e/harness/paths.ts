import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** apps/client */
export const CLIENT_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The Vite build the homeserver serves at `/`. */
export const CLIENT_DIST = join(CLIENT_DIR, "dist");
/** Screenshots (git-ignored; CI keeps them as artifacts). */
export const TEST_OUTPUT = join(CLIENT_DIR, "test-output");
/** Debian's chromium package; the tests never download a browser. */
export const CHROMIUM = process.env.MYELIN_E2E_CHROMIUM ?? "/usr/bin/chromium";
