// Finding and joining rooms, and room settings, in a real browser (issue 4:
// "a button to create a room (name, topic, public/private, alias) and to join
// by alias or ID; a public room directory browser with search"; "Room
// settings: name, topic ...; member list with power levels").
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openClient, screenshot, type UserPage } from "./harness/browser.js";
import { startHomeserver, type TestHomeserver } from "./harness/homeserver.js";
import { eventually, messageWith, registerThroughUi, sendThroughUi, uniqueName } from "./harness/ui.js";

let homeserver: TestHomeserver;
let browser: Browser;
let alice: UserPage;
let bob: UserPage;
let aliceId: string;
const aliasPart = uniqueName("plaza");
const roomName = `Town plaza ${aliasPart}`;
let roomId: string;

beforeAll(async () => {
  homeserver = await startHomeserver();
  browser = await launchBrowser();
  alice = await openClient(browser, homeserver.baseUrl);
  bob = await openClient(browser, homeserver.baseUrl);
  [aliceId] = await Promise.all([registerThroughUi(alice.page, uniqueName("alice")), registerThroughUi(bob.page, uniqueName("bob"))]);
});
afterAll(async () => {
  await browser?.close();
  await homeserver?.close();
});

describe("public rooms", () => {
  it("Alice creates a public room with an address; Bob finds it in the directory by searching and joins", async () => {
    const page = alice.page;
    await page.getByTestId("create-room").click();
    await page.getByTestId("room-name-input").fill(roomName);
    await page.getByTestId("room-topic-input").fill("Everyone welcome");
    await page.getByTestId("room-public").check();
    await page.getByTestId("room-alias-input").fill(aliasPart);
    await screenshot(page, "create-room-dialog");
    await page.getByTestId("create-room-submit").click();
    await page.getByTestId("room-title").filter({ hasText: roomName }).waitFor();
    roomId = (await page.locator('[data-testid="room-row"][aria-current="true"]').getAttribute("data-room-id")) ?? "";
    expect(roomId).toMatch(/^!/);
    await sendThroughUi(page, "Welcome to the plaza");

    await bob.page.getByTestId("open-directory").click();
    await bob.page.getByTestId("directory-dialog").waitFor();
    await bob.page.getByTestId("directory-search").fill(aliasPart);
    await bob.page.getByTestId("directory-search").press("Enter");
    const join = bob.page.getByRole("button", { name: `Join ${roomName}` });
    await join.waitFor();
    await screenshot(bob.page, "directory");
    await join.click();
    await bob.page.getByTestId("room-title").filter({ hasText: roomName }).waitFor();
    await messageWith(bob.page, "Welcome to the plaza").waitFor();
  });

  it("Alice changes the topic in the room settings; Bob sees it change live, and the member list shows power levels", async () => {
    await alice.page.getByTestId("open-room-settings").click();
    await alice.page.getByTestId("room-settings").waitFor();
    await alice.page.getByTestId("settings-topic").fill("Market day on Saturday");
    await alice.page.getByTestId("room-settings").getByRole("button", { name: "Save" }).click();
    await eventually(async () => expect(await bob.page.getByTestId("room-view").textContent()).toContain("Market day on Saturday"));
    const members = alice.page.getByTestId("member-list");
    await eventually(async () => expect(await members.locator("li").count()).toBe(2));
    // The creator is listed first, as "creator" (room version 12: creators have unlimited power) or
    // by its level 100 in older room versions; Bob has the default 0.
    expect(await members.locator("li").first().textContent()).toMatch(/creator|power 100/);
    expect(await members.locator("li").first().textContent()).toContain(aliceId.slice(1, aliceId.indexOf(":")));
    expect(await members.locator("li").nth(1).textContent()).toContain("power 0");
    await screenshot(alice.page, "room-settings");
    await alice.page.getByRole("button", { name: "Close" }).click();
  });

  it("Bob leaves, then joins again by the room's address through the Join dialog", async () => {
    await bob.page.getByTestId("open-room-settings").click();
    await bob.page.getByTestId("leave-room").click();
    await eventually(async () => expect(await bob.page.locator(`[data-testid="room-row"][data-room-id="${roomId}"]`).count()).toBe(0));
    await bob.page.getByTestId("join-room").click();
    await bob.page.getByTestId("join-target").fill(`#${aliasPart}:localhost`);
    await bob.page.getByTestId("join-submit").click();
    await bob.page.getByTestId("room-title").filter({ hasText: roomName }).waitFor();
    expect(await bob.page.locator(`[data-testid="room-row"][data-room-id="${roomId}"]`).count()).toBe(1);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });
});
