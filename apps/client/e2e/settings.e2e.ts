// Profile, devices, room settings, composer commands and replies to unloaded
// events, in a real browser (issue 4: "Profile: set display name and avatar;
// list and sign out devices"; "Room settings: name, topic, invite a user,
// leave, kick/ban where power allows"; "Composer: ... edit last message ...
// /me emote"; "replies with the quoted message"). Tests build on each other.
import { getTokenOwner, inviteUser, isMatrixError, joinRoom, login, type MatrixClient } from "@myelin/client-server";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openClient, screenshot, type UserPage } from "./harness/browser.js";
import { PASSWORD, startHomeserver, type TestHomeserver } from "./harness/homeserver.js";
import { createRoomThroughUi, eventually, messageWith, openRoom, registerThroughUi, savedSession, sendThroughUi, signInThroughUi, uniqueName } from "./harness/ui.js";

/** A 4×3 red PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAEElEQVR4nGO4IycHRww4OQAJDg0hHdgz5AAAAABJRU5ErkJggg==", "base64");

let homeserver: TestHomeserver;
let browser: Browser;
let alice: UserPage;
let bob: UserPage;
let bobId: string;
let bobName: string;
let aliceApi: MatrixClient;
let bobApi: MatrixClient;
let roomId: string;
let carolId: string;

const row = (page: UserPage, id: string) => page.page.locator(`[data-testid="room-row"][data-room-id="${id}"]`);

beforeAll(async () => {
  homeserver = await startHomeserver();
  browser = await launchBrowser();
  alice = await openClient(browser, homeserver.baseUrl);
  bob = await openClient(browser, homeserver.baseUrl);
  bobName = uniqueName("bob");
  [, bobId] = await Promise.all([registerThroughUi(alice.page, uniqueName("alice")), registerThroughUi(bob.page, bobName)]);
  aliceApi = homeserver.client((await savedSession(alice.page))?.accessToken);
  bobApi = homeserver.client((await savedSession(bob.page))?.accessToken);
  roomId = await createRoomThroughUi(alice.page, "Book club");
  await aliceApi.call(inviteUser, { path: { roomId }, body: { user_id: bobId } });
  await bobApi.call(joinRoom, { path: { roomIdOrAlias: roomId }, body: {} });
  await row(bob, roomId).waitFor();
  await openRoom(bob.page, roomId);
});
afterAll(async () => {
  await browser?.close();
  await homeserver?.close();
});

async function openProfile(user: UserPage) {
  await user.page.getByTestId("open-profile").click();
  await user.page.getByTestId("profile").waitFor();
}

describe("profile", () => {
  it("Alice sets her display name; Bob sees it on her messages and in the member list", async () => {
    await sendThroughUi(alice.page, "First chapter tonight");
    await messageWith(bob.page, "First chapter tonight").waitFor();
    await openProfile(alice);
    await alice.page.getByTestId("display-name").fill("Alice Liddell");
    await alice.page.getByTestId("profile").getByRole("button", { name: "Save" }).click();
    await alice.page.getByRole("status").filter({ hasText: "Display name saved." }).waitFor();
    await alice.page.getByRole("button", { name: "Close" }).click();
    await eventually(async () => expect(await messageWith(bob.page, "First chapter tonight").locator(".sender").textContent()).toBe("Alice Liddell"));
    await bob.page.getByTestId("open-room-settings").click();
    await eventually(async () => expect(await bob.page.getByTestId("member-list").textContent()).toContain("Alice Liddell"));
    await bob.page.getByRole("button", { name: "Close" }).click();
  });

  it("without an avatar the initial shows; after Alice uploads one, she and Bob see the image", async () => {
    const bobsView = messageWith(bob.page, "First chapter tonight").getByTestId("avatar");
    expect((await bobsView.textContent())?.trim()).toBe("A");
    expect(await bobsView.locator("img").count()).toBe(0);
    await openProfile(alice);
    const own = alice.page.getByTestId("own-avatar");
    await eventually(async () => expect((await own.textContent())?.trim()).toBe("A"));
    await alice.page.getByTestId("avatar-upload").setInputFiles({ name: "me.png", mimeType: "image/png", buffer: PNG });
    await alice.page.getByRole("status").filter({ hasText: "Avatar saved." }).waitFor();
    // The image came through authenticated media (a blob: URL) and decoded.
    const ownImage = own.getByTestId("avatar-image");
    await ownImage.waitFor();
    await eventually(async () => expect(await ownImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(4));
    expect(await ownImage.getAttribute("src")).toMatch(/^blob:/);
    await screenshot(alice.page, "profile-avatar");
    await alice.page.getByRole("button", { name: "Close" }).click();
    const bobsImage = bobsView.getByTestId("avatar-image");
    await bobsImage.waitFor();
    await eventually(async () => expect(await bobsImage.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(4));
  });

  it("Bob lists his devices and signs out a second login (password step of UIA in the UI); its token then gets M_UNKNOWN_TOKEN", async () => {
    const second = await homeserver.client().call(login, { body: { type: "m.login.password", identifier: { type: "m.id.user", user: bobName }, password: PASSWORD, initial_device_display_name: "Old phone" } });
    await openProfile(bob);
    const other = bob.page.locator(`[data-testid="device"][data-device-id="${second.device_id}"]`);
    await other.waitFor();
    expect(await other.textContent()).toContain("Old phone");
    expect(await bob.page.getByTestId("device").count()).toBe(2);
    expect(await bob.page.getByTestId("device-list").textContent()).toContain("(this device)");
    await bob.page.getByTestId("device-password").fill(PASSWORD);
    await screenshot(bob.page, "profile-devices");
    await other.getByRole("button", { name: `Sign out ${second.device_id}` }).click();
    await bob.page.getByRole("status").filter({ hasText: "Device signed out." }).waitFor();
    await eventually(async () => expect(await other.count()).toBe(0));
    expect(await bob.page.getByTestId("device").count()).toBe(1);
    const error = await homeserver
      .client(second.access_token)
      .call(getTokenOwner)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isMatrixError(error) && error.errcode).toBe("M_UNKNOWN_TOKEN");
    // This browser's own session is untouched.
    expect((await bobApi.call(getTokenOwner)).user_id).toBe(bobId);
    await bob.page.getByRole("button", { name: "Close" }).click();
  });
});

describe("composer commands", () => {
  it("/me waves sends an m.emote, shown to both as “* Name waves”", async () => {
    await sendThroughUi(alice.page, "/me waves");
    for (const page of [alice.page, bob.page]) {
      const emote = messageWith(page, "waves");
      await emote.waitFor();
      expect((await emote.locator(".emote").textContent())?.trim()).toBe("* Alice Liddell");
      expect((await emote.textContent()) ?? "").not.toContain("/me");
    }
  });

  it("Up arrow in an empty composer edits the last own message", async () => {
    await sendThroughUi(bob.page, "See you at sevn");
    await messageWith(bob.page, "See you at sevn").waitFor();
    const input = bob.page.getByTestId("composer-input");
    await input.focus();
    await input.press("ArrowUp");
    await bob.page.getByTestId("composer-mode").filter({ hasText: "Editing" }).waitFor();
    await expect.poll(() => input.inputValue()).toBe("See you at sevn");
    await input.fill("See you at seven");
    await input.press("Enter");
    for (const page of [alice.page, bob.page]) {
      const edited = messageWith(page, "See you at seven");
      await edited.waitFor();
      expect(await edited.textContent()).toContain("(edited)");
      expect(await messageWith(page, "sevn").count()).toBe(0);
    }
  });
});

describe("replies", () => {
  it("a reply whose quoted message is older than the loaded timeline still shows the quote (fetched by event ID)", async () => {
    const original = await aliceApi.sendEvent(roomId, "m.room.message", { msgtype: "m.text", body: "Which book next month?" });
    // More than the client's sync timeline limit (30) after it, so a fresh sign-in does not load it.
    for (let i = 1; i <= 40; i++) await aliceApi.sendEvent(roomId, "m.room.message", { msgtype: "m.text", body: `filler ${i}` });
    await bobApi.sendEvent(roomId, "m.room.message", {
      msgtype: "m.text",
      body: "Dune, please",
      "m.relates_to": { "m.in_reply_to": { event_id: original } },
    });
    const fresh = await openClient(browser, homeserver.baseUrl);
    const eventFetches: string[] = [];
    fresh.page.on("request", (request) => {
      if (request.url().includes("/event/")) eventFetches.push(decodeURIComponent(request.url()));
    });
    try {
      await signInThroughUi(fresh.page, bobName);
      await row(fresh, roomId).waitFor();
      await openRoom(fresh.page, roomId);
      const reply = messageWith(fresh.page, "Dune, please");
      await reply.waitFor();
      // The quote came from GET /rooms/{roomId}/event/{eventId} (the original is beyond the initial sync).
      await eventually(() => expect(eventFetches.some((url) => url.endsWith(`/rooms/${roomId}/event/${original}`))).toBe(true));
      const quote = reply.getByTestId("reply-quote");
      expect(await quote.getAttribute("data-reply-to")).toBe(original);
      await eventually(async () => expect(await quote.textContent()).toContain("Which book next month?"));
      expect(await quote.textContent()).toContain("Alice Liddell");
      expect(fresh.errors).toEqual([]);
    } finally {
      await fresh.context.close();
    }
  });
});

describe("room settings", () => {
  it("Alice renames the room; Bob's room list shows the new name", async () => {
    await alice.page.getByTestId("open-room-settings").click();
    await alice.page.getByTestId("settings-name").fill("Reading circle");
    await alice.page.getByTestId("room-settings").getByRole("button", { name: "Save" }).click();
    await alice.page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    await alice.page.getByRole("button", { name: "Close" }).click();
    await eventually(async () => expect(await row(bob, roomId).locator(".room-name").textContent()).toBe("Reading circle"));
  });

  it("Bob (power 0) has no kick or ban controls; Alice invites Carol from the settings", async () => {
    const carol = await homeserver.registerUser(uniqueName("carol"));
    await alice.page.getByTestId("open-room-settings").click();
    await alice.page.getByTestId("invite-user").fill(carol.userId);
    await alice.page.getByTestId("invite-submit").click();
    await alice.page.getByRole("status").filter({ hasText: "Invited." }).waitFor();
    await carol.client.call(joinRoom, { path: { roomIdOrAlias: roomId }, body: {} });
    await alice.page.getByRole("button", { name: "Close" }).click();

    await bob.page.getByTestId("open-room-settings").click();
    const members = bob.page.getByTestId("member-list");
    await eventually(async () => expect(await members.locator("li").count()).toBe(3));
    expect(await members.getByRole("button", { name: /^(Remove|Ban) / }).count()).toBe(0);
    expect(await bob.page.getByTestId("settings-name").isDisabled()).toBe(true);
    await bob.page.getByRole("button", { name: "Close" }).click();
    carolId = carol.userId;
  });

  it("Alice kicks Bob (his room leaves his list) and bans Carol (listed no more)", async () => {
    await alice.page.getByTestId("open-room-settings").click();
    await screenshot(alice.page, "room-settings-moderation");
    await alice.page.getByRole("button", { name: `Remove ${bobId}` }).click();
    await alice.page.getByRole("status").filter({ hasText: "Removed." }).waitFor();
    await eventually(async () => expect(await row(bob, roomId).count()).toBe(0));
    await alice.page.getByRole("button", { name: `Ban ${carolId}` }).click();
    await alice.page.getByRole("status").filter({ hasText: "Banned." }).waitFor();
    await eventually(async () => expect(await alice.page.getByTestId("member-list").locator("li").count()).toBe(1));
    await alice.page.getByRole("button", { name: "Close" }).click();
    await alice.page.getByTestId("state-line").filter({ hasText: "banned" }).first().waitFor();
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });
});
