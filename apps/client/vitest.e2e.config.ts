import { defineConfig } from "vitest/config";

// Browser end-to-end tests: real Chromium (Debian's /usr/bin/chromium)
// against the real homeserver in-process. One file at a time: each starts a
// server and a browser, and the machines running them have few cores.
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    environment: "node",
    globalSetup: ["e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
