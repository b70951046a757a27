import type { Page } from "playwright-core";
import { PASSWORD } from "./homeserver.js";

/** Usernames unique per run, so a test never trips over an earlier one. */
export function uniqueName(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/**
 * Create an account through the sign-in screen: the client runs the
 * registration flow (user-interactive auth, m.login.dummy) and lands on the
 * room list. Returns the full user ID the client shows.
 */
export async function registerThroughUi(page: Page, username: string, password = PASSWORD): Promise<string> {
  await page.getByTestId("mode-register").click();
  await page.getByTestId("username").fill(username);
  await page.getByTestId("password").fill(password);
  await page.getByTestId("submit-login").click();
  await page.getByTestId("room-list").waitFor();
  return (await page.getByTestId("open-profile").textContent()) ?? "";
}

export async function signInThroughUi(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.getByTestId("username").fill(username);
  await page.getByTestId("password").fill(password);
  await page.getByTestId("submit-login").click();
  await page.getByTestId("room-list").waitFor();
}

/** The session the client saved in IndexedDB (database "myelin-client", store "kv", key "session"). */
export function savedSession(page: Page): Promise<{ userId: string; accessToken: string; deviceId: string } | undefined> {
  return page.evaluate(
    () =>
      new Promise<{ userId: string; accessToken: string; deviceId: string } | undefined>((resolve, reject) => {
        const open = indexedDB.open("myelin-client", 1);
        open.onerror = () => reject(open.error ?? new Error("open failed"));
        open.onsuccess = () => {
          const request = open.result.transaction("kv", "readonly").objectStore("kv").get("session");
          request.onerror = () => reject(request.error ?? new Error("get failed"));
          request.onsuccess = () => resolve(request.result as { userId: string; accessToken: string; deviceId: string } | undefined);
        };
      }),
  );
}

/** The page scrolls sideways when its content is wider than the viewport. */
export function hasHorizontalOverflow(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth || document.body.scrollWidth > document.documentElement.clientWidth);
}

/**
 * Retry `check` (which throws or rejects while the page is not there yet)
 * until it passes or `timeoutMs` runs out; the last failure is rethrown.
 */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}

/** The timeline message (a synced event, not a local echo) whose text contains `text`. */
export function messageWith(page: Page, text: string) {
  return page.getByTestId("timeline").getByTestId("message").filter({ hasText: text });
}

/** Create a room through the "New room" dialog; resolves with its room ID once it is open. */
export async function createRoomThroughUi(page: Page, name: string, topic = ""): Promise<string> {
  await page.getByTestId("create-room").click();
  await page.getByTestId("room-name-input").fill(name);
  if (topic !== "") await page.getByTestId("room-topic-input").fill(topic);
  await page.getByTestId("create-room-submit").click();
  await page.getByTestId("room-title").filter({ hasText: name }).waitFor();
  const roomId = await page.locator('[data-testid="room-row"][aria-current="true"]').getAttribute("data-room-id");
  if (roomId === null) throw new Error("the new room is not selected in the room list");
  return roomId;
}

/** Send a message through the composer (Enter sends). */
export async function sendThroughUi(page: Page, text: string): Promise<void> {
  await page.getByTestId("composer-input").fill(text);
  await page.getByTestId("composer-input").press("Enter");
}

/** Open a room from the room list. */
export async function openRoom(page: Page, roomId: string): Promise<void> {
  await page.locator(`[data-testid="room-row"][data-room-id="${roomId}"]`).click();
  await page.getByTestId("room-view").waitFor();
}
