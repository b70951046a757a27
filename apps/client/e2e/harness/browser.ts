import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM, TEST_OUTPUT } from "./paths.js";

/**
 * Debian's Chromium, headless; nothing downloaded, no background traffic.
 * `extraArgs` adds switches (the benchmark's `--enable-precise-memory-info`).
 */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    headless: true,
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", ...extraArgs],
  });
}

export interface UserPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught page errors and CSP violations, for tests to assert none happened. */
  readonly errors: string[];
}

/**
 * A fresh browser context (its own IndexedDB, so its own session) on the
 * client served at `baseUrl`. Each person in a test gets one.
 */
export async function openClient(browser: Browser, baseUrl: string, viewport = { width: 1280, height: 800 }): Promise<UserPage> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  // A Content-Security-Policy violation means the page tried something its policy forbids
  // (the app's own code, or event content that got past the sanitiser).
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) errors.push(`csp: ${message.text()}`);
  });
  await page.goto("/");
  return { context, page, errors };
}

/** A full-page screenshot in apps/client/test-output/ (kept by CI as an artifact). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(TEST_OUTPUT, `${name}.png`), fullPage: true });
}
