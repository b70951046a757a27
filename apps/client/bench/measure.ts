// The three measurements, each timed inside the page (performance.now()), so
// Playwright's own round trips are not counted. "Shown" means the DOM holds
// what we wait for and a frame has been painted after it: a requestAnimation-
// Frame callback runs just before the paint, and a task queued from it runs
// just after.
import type { Browser, Page } from "playwright-core";
import { openClient, type UserPage } from "../e2e/harness/browser.js";
import { PASSWORD } from "../e2e/harness/homeserver.js";

type BenchWindow = Window & { __bench?: Promise<number> };

/** Wait for the page's pending measurement, failing (instead of hanging) when the awaited state never comes. */
async function measurementResult(page: Page, what: string, timeoutMs = 60_000): Promise<number> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not reached within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([page.evaluate(() => (window as BenchWindow).__bench!), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sign in through the form in a fresh context; milliseconds from the submit
 * click to `expectedRooms` room rows in the list, painted.
 */
export async function timeLogin(browser: Browser, baseUrl: string, username: string, expectedRooms: number): Promise<{ ms: number; user: UserPage }> {
  const user = await openClient(browser, baseUrl);
  const { page } = user;
  // tsx (esbuild, keepNames) wraps named functions in the page callbacks
  // below in `__name(fn, "name")`, a helper that exists only in Node: give
  // the page a no-op one (a string, so it is not transformed itself).
  await page.evaluate("globalThis.__name = (fn) => fn");
  await page.getByTestId("username").fill(username);
  await page.getByTestId("password").fill(PASSWORD);
  await page.evaluate((expected) => {
    const submit = document.querySelector('[data-testid="submit-login"]');
    if (submit === null) throw new Error("no sign-in button");
    (window as BenchWindow).__bench = new Promise<number>((resolve) => {
      submit.addEventListener(
        "click",
        () => {
          const start = performance.now();
          const observer = new MutationObserver(() => {
            if (document.querySelectorAll('[data-testid="room-row"]').length < expected) return;
            observer.disconnect();
            requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
          });
          observer.observe(document.body, { childList: true, subtree: true });
        },
        { capture: true, once: true },
      );
    });
  }, expectedRooms);
  await page.getByTestId("submit-login").click();
  const ms = await measurementResult(page, `${expectedRooms} rooms in the list`);
  return { ms, user };
}

/**
 * Click a room in the list; milliseconds until the room's newest message
 * (`newestText`) is in the timeline's viewport and the room pane has settled
 * (no DOM change for `quietMs`), measured to the paint after the last change.
 * Returns how many messages the timeline renders then, too.
 */
export async function timeRoomOpen(page: Page, roomId: string, newestText: string, quietMs = 500): Promise<{ ms: number; renderedMessages: number }> {
  await page.evaluate(
    ({ roomId, newestText, quietMs }) => {
      const row = document.querySelector(`[data-testid="room-row"][data-room-id="${roomId}"]`);
      const pane = document.querySelector(".room-pane");
      if (row === null || pane === null) throw new Error("room row or room pane missing");
      const newestVisible = () => {
        const timeline = document.querySelector('[data-testid="timeline"]');
        if (timeline === null) return false;
        const messages = timeline.querySelectorAll('[data-testid="message"]');
        const last = messages[messages.length - 1];
        if (last === undefined || !(last.textContent ?? "").includes(newestText)) return false;
        const box = last.getBoundingClientRect();
        const view = timeline.getBoundingClientRect();
        return box.bottom > view.top && box.top < view.bottom;
      };
      (window as BenchWindow).__bench = new Promise<number>((resolve) => {
        row.addEventListener(
          "click",
          () => {
            const start = performance.now();
            let paintedAt = 0;
            let quietTimer: ReturnType<typeof setTimeout> | undefined;
            const onChange = () => {
              requestAnimationFrame(() =>
                setTimeout(() => {
                  paintedAt = performance.now();
                  clearTimeout(quietTimer);
                  quietTimer = setTimeout(() => {
                    if (!newestVisible()) return;
                    observer.disconnect();
                    resolve(paintedAt - start);
                  }, quietMs);
                }),
              );
            };
            const observer = new MutationObserver(onChange);
            observer.observe(pane, { childList: true, subtree: true, characterData: true, attributes: true });
          },
          { capture: true, once: true },
        );
      });
    },
    { roomId, newestText, quietMs },
  );
  await page.locator(`[data-testid="room-row"][data-room-id="${roomId}"]`).click();
  const ms = await measurementResult(page, `room ${roomId} settled with "${newestText}" in view`);
  const renderedMessages = await page.getByTestId("timeline").getByTestId("message").count();
  return { ms, renderedMessages };
}

/**
 * Back-paginate the open room to its start the way a reader does: scroll the
 * timeline to the top, wait for older messages, repeat. Returns the number of
 * scroll steps it took.
 */
export async function scrollToStart(page: Page, maxSteps = 500): Promise<number> {
  const timeline = page.getByTestId("timeline");
  for (let step = 1; step <= maxSteps; step++) {
    const before = await timeline.evaluate((element) => ({ height: element.scrollHeight, first: element.querySelector('[data-testid="message"]')?.getAttribute("data-event-id") ?? "" }));
    await timeline.evaluate((element) => {
      element.scrollTop = 0;
      element.dispatchEvent(new Event("scroll"));
    });
    await page.waitForFunction(
      ({ height, first }) => {
        const element = document.querySelector('[data-testid="timeline"]');
        if (element === null) return false;
        if (document.querySelector('[data-testid="timeline-start"]') !== null) return true;
        const firstNow = element.querySelector('[data-testid="message"]')?.getAttribute("data-event-id") ?? "";
        return element.scrollHeight !== height || firstNow !== first;
      },
      before,
      { timeout: 15_000 },
    );
    if ((await page.getByTestId("timeline-start").count()) > 0) return step;
  }
  throw new Error(`the start of the room was not reached in ${maxSteps} scroll steps`);
}

/** JS heap after a forced garbage collection, by the page's own API and by CDP. */
export async function measureHeap(page: Page): Promise<{ usedJSHeapSize: number; cdpJSHeapUsedSize: number; domNodes: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("HeapProfiler.enable");
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("HeapProfiler.disable");
    await cdp.send("Performance.enable");
    const { metrics } = await cdp.send("Performance.getMetrics");
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    const usedJSHeapSize = await page.evaluate(() => (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? Number.NaN);
    return { usedJSHeapSize, cdpJSHeapUsedSize: metric("JSHeapUsedSize"), domNodes: metric("Nodes") };
  } finally {
    await cdp.detach();
  }
}
