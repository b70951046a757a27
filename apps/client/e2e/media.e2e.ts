// Media in a real browser (issue 4: "upload an image that the other sees",
// files offered for download): uploads go through POST /_matrix/media/v3/upload,
// downloads through authenticated media (/_matrix/client/v1/media/download)
// with the access token, shown from blob: URLs.
import { readFile } from "node:fs/promises";
import { inviteUser, joinRoom } from "@myelin/client-server";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openClient, screenshot, type UserPage } from "./harness/browser.js";
import { startHomeserver, type TestHomeserver } from "./harness/homeserver.js";
import { createRoomThroughUi, eventually, messageWith, openRoom, registerThroughUi, savedSession, uniqueName } from "./harness/ui.js";

/** A 4×3 red PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR4nGO4IycHRww4OQAJDg0hHdgz5AAAAABJRU5ErkJggg==", "base64");

let homeserver: TestHomeserver;
let browser: Browser;
let alice: UserPage;
let bob: UserPage;
let roomId: string;

beforeAll(async () => {
  homeserver = await startHomeserver();
  browser = await launchBrowser();
  alice = await openClient(browser, homeserver.baseUrl);
  bob = await openClient(browser, homeserver.baseUrl);
  const [, bobId] = await Promise.all([registerThroughUi(alice.page, uniqueName("alice")), registerThroughUi(bob.page, uniqueName("bob"))]);
  roomId = await createRoomThroughUi(alice.page, "Photos");
  const aliceApi = homeserver.client((await savedSession(alice.page))?.accessToken);
  await aliceApi.call(inviteUser, { path: { roomId }, body: { user_id: bobId } });
  const bobApi = homeserver.client((await savedSession(bob.page))?.accessToken);
  await bobApi.call(joinRoom, { path: { roomIdOrAlias: roomId }, body: {} });
  await bob.page.locator(`[data-testid="room-row"][data-room-id="${roomId}"]`).waitFor();
  await openRoom(bob.page, roomId);
});
afterAll(async () => {
  await browser?.close();
  await homeserver?.close();
});

describe("media between two browser contexts", () => {
  it("Alice uploads an image; Bob sees it, downloaded with his token", async () => {
    await alice.page.getByTestId("upload-input").setInputFiles({ name: "red.png", mimeType: "image/png", buffer: PNG });
    const image = messageWith(bob.page, "").getByTestId("message-image");
    await image.waitFor();
    expect(await image.getAttribute("alt")).toBe("red.png");
    expect(await image.getAttribute("src")).toMatch(/^blob:/);
    // The bytes arrived and decoded: the browser knows the picture's size.
    await eventually(async () => expect(await image.evaluate((img: HTMLImageElement) => [img.complete, img.naturalWidth, img.naturalHeight])).toEqual([true, 4, 3]));
    await alice.page.getByTestId("message-image").waitFor();
    await screenshot(bob.page, "room-image");
  });

  it("Alice uploads a file; Bob is offered it for download and gets its bytes", async () => {
    await alice.page.getByTestId("upload-input").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("bring pie\n") });
    const offer = bob.page.getByRole("button", { name: "Download notes.txt" });
    await offer.waitFor();
    await offer.click();
    const link = bob.page.getByRole("link", { name: "Save notes.txt" });
    await link.waitFor();
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^blob:/);
    // Saving it is a download of the blob, under the file's name.
    const [download] = await Promise.all([bob.page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe("notes.txt");
    expect(await readFile(await download.path(), "utf8")).toBe("bring pie\n");
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });
});
