/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// Preact through the automatic JSX runtime: no framework plugin is needed to
// build, and leaving out @preact/preset-vite keeps Babel out of the toolchain.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir: "dist", sourcemap: true, target: "es2022" },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
