// `pnpm bench` in apps/client: the web client in headless Chromium against
// the real homeserver (in-process, SQLite, rate limits off, serving the built
// client), one JSON document on stdout. Progress goes to stderr.
//   1. sign-in → room list with all 100 rooms shown (median of 3 fresh logins)
//   2. click a room with 200 messages → its newest message shown and the
//      timeline settled (median of 3), both as first opened (the sync's
//      timeline) and reopened once all 200 are loaded
//   3. JS heap of the page after back-paginating through 1,000 messages,
//      after a forced GC
import setup from "../e2e/global-setup.js";
import { launchBrowser, type UserPage } from "../e2e/harness/browser.js";
import { startHomeserver } from "../e2e/harness/homeserver.js";
import { uniqueName } from "../e2e/harness/ui.js";
import { measureHeap, scrollToStart, timeLogin, timeRoomOpen } from "./measure.js";
import { messageText, seedRooms, type SeedPlan } from "./seed.js";

const PLAN: SeedPlan = { rooms: 100, messagesPerRoom: 3, renderMessages: 200, scrollMessages: 1_000, concurrency: 6 };
const RUNS = 3;
const TARGETS = { roomListMs: 1_000, roomRenderMs: 200, pageMemoryBytes: 100 * 1024 * 1024 };

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const round = (value: number) => Math.round(value * 10) / 10;
const mb = (bytes: number) => round(bytes / 1024 / 1024);

async function main(): Promise<void> {
  await setup(); // Chromium present, @myelin/server built, dist/ fresh
  const homeserver = await startHomeserver();
  const browser = await launchBrowser(["--enable-precise-memory-info"]);
  const open: UserPage[] = [];
  try {
    const username = uniqueName("bench");
    const { client: api } = await homeserver.registerUser(username);
    let started = Date.now();
    const seeded = await seedRooms(api, PLAN);
    log(`seeded ${PLAN.rooms} rooms (${PLAN.renderMessages} + ${PLAN.scrollMessages} + ${PLAN.rooms - 2}×${PLAN.messagesPerRoom} messages) in ${Date.now() - started} ms`);

    const loginMs: number[] = [];
    const coldMs: number[] = [];
    const warmMs: number[] = [];
    let coldRendered = 0;
    let warmRendered = 0;
    const newest = messageText("render", PLAN.renderMessages);
    for (let run = 0; run < RUNS; run++) {
      const login = await timeLogin(browser, homeserver.baseUrl, username, PLAN.rooms);
      open.push(login.user);
      loginMs.push(login.ms);
      const { page } = login.user;
      // First open: what the initial sync brought.
      const cold = await timeRoomOpen(page, seeded.renderRoomId, newest);
      coldMs.push(cold.ms);
      coldRendered = cold.renderedMessages;
      // Load all 200, switch to another room, and come back: the timeline renders everything loaded.
      await scrollToStart(page);
      await page.locator(`[data-testid="room-row"][data-room-id="${seeded.roomIds[2]!}"]`).click();
      await page.getByTestId("timeline").getByTestId("message").first().waitFor();
      const warm = await timeRoomOpen(page, seeded.renderRoomId, newest);
      warmMs.push(warm.ms);
      warmRendered = warm.renderedMessages;
      log(`run ${run + 1}: login ${round(login.ms)} ms, room first open ${round(cold.ms)} ms (${cold.renderedMessages} messages), reopen ${round(warm.ms)} ms (${warm.renderedMessages} messages)`);
      await login.user.context.close();
      open.pop();
    }

    // Memory: a fresh sign-in, the 1,000-message room scrolled to its start.
    const reader = await timeLogin(browser, homeserver.baseUrl, username, PLAN.rooms);
    open.push(reader.user);
    const { page } = reader.user;
    await page.locator(`[data-testid="room-row"][data-room-id="${seeded.scrollRoomId}"]`).click();
    await page.getByTestId("timeline").getByTestId("message").first().waitFor();
    started = Date.now();
    const steps = await scrollToStart(page);
    const scrollMs = Date.now() - started;
    const heap = await measureHeap(page);
    const renderedAfterScroll = await page.getByTestId("timeline").getByTestId("message").count();
    log(`scrolled to the start in ${steps} steps (${scrollMs} ms); heap ${mb(heap.usedJSHeapSize)} MB, ${heap.domNodes} DOM nodes`);
    const errors = open.flatMap((user) => user.errors);

    const roomListMs = median(loginMs);
    const roomRenderMs = median(coldMs);
    const roomRenderAllLoadedMs = median(warmMs);
    const pageMemoryBytes = Math.max(heap.usedJSHeapSize, heap.cdpJSHeapUsedSize);
    const result = {
      benchmark: "@myelin/client",
      date: new Date().toISOString(),
      environment: { node: process.version, chromium: browser.version(), runs: RUNS, seed: PLAN },
      roomList: { medianMs: round(roomListMs), runsMs: loginMs.map(round), rooms: PLAN.rooms, targetMs: TARGETS.roomListMs, met: roomListMs < TARGETS.roomListMs },
      roomRender: {
        messagesInRoom: PLAN.renderMessages,
        firstOpen: { medianMs: round(roomRenderMs), runsMs: coldMs.map(round), renderedMessages: coldRendered },
        allLoaded: { medianMs: round(roomRenderAllLoadedMs), runsMs: warmMs.map(round), renderedMessages: warmRendered },
        targetMs: TARGETS.roomRenderMs,
        met: roomRenderMs < TARGETS.roomRenderMs && roomRenderAllLoadedMs < TARGETS.roomRenderMs,
      },
      pageMemory: {
        messagesScrolled: PLAN.scrollMessages,
        scrollSteps: steps,
        scrollMs,
        usedJSHeapSizeBytes: heap.usedJSHeapSize,
        cdpJSHeapUsedSizeBytes: heap.cdpJSHeapUsedSize,
        usedJSHeapSizeMB: mb(heap.usedJSHeapSize),
        cdpJSHeapUsedSizeMB: mb(heap.cdpJSHeapUsedSize),
        domNodes: heap.domNodes,
        renderedMessages: renderedAfterScroll,
        targetBytes: TARGETS.pageMemoryBytes,
        targetMB: mb(TARGETS.pageMemoryBytes),
        met: pageMemoryBytes < TARGETS.pageMemoryBytes,
      },
      pageErrors: errors,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    await homeserver.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
