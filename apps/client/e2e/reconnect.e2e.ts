// The client stays live across a homeserver restart (issue 4: "one
// long-polling sync loop that resumes from the last token after reloads and
// survives the server restarting (backoff, a visible 'reconnecting' state)").
import { createRoom, inviteUser, joinRoom } from "@myelin/client-server";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openClient, screenshot, type UserPage } from "./harness/browser.js";
import { startHomeserver, type TestHomeserver } from "./harness/homeserver.js";
import { eventually, messageWith, openRoom, registerThroughUi, savedSession, uniqueName } from "./harness/ui.js";

let homeserver: TestHomeserver;
let browser: Browser;
let bob: UserPage;

beforeAll(async () => {
  homeserver = await startHomeserver();
  browser = await launchBrowser();
  bob = await openClient(browser, homeserver.baseUrl);
});
afterAll(async () => {
  await browser?.close();
  await homeserver?.close();
});

describe("a homeserver restart", () => {
  it("shows Reconnecting… while the server is down, then resumes from the last token and delivers new messages live", async () => {
    const bobId = await registerThroughUi(bob.page, uniqueName("bob"));
    const alice = await homeserver.registerUser(uniqueName("alice"));
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { preset: "private_chat", name: "Uptime" } });
    await alice.client.call(inviteUser, { path: { roomId }, body: { user_id: bobId } });
    const bobApi = homeserver.client((await savedSession(bob.page))?.accessToken);
    await bobApi.call(joinRoom, { path: { roomIdOrAlias: roomId }, body: {} });
    await alice.client.sendEvent(roomId, "m.room.message", { msgtype: "m.text", body: "before the restart" });
    await bob.page.locator(`[data-testid="room-row"][data-room-id="${roomId}"]`).waitFor();
    await openRoom(bob.page, roomId);
    await messageWith(bob.page, "before the restart").waitFor();
    const connection = bob.page.getByTestId("connection-state");
    await eventually(async () => expect(await connection.textContent()).toBe("Connected"));

    const restarted = homeserver.restart(3_000);
    await eventually(async () => expect(await connection.textContent()).toBe("Reconnecting…"), 10_000);
    await screenshot(bob.page, "reconnecting");
    await restarted;
    await eventually(async () => expect(await connection.textContent()).toBe("Connected"), 30_000);

    await alice.client.sendEvent(roomId, "m.room.message", { msgtype: "m.text", body: "after the restart" });
    await messageWith(bob.page, "after the restart").waitFor();
    // Resumed from the saved token: nothing from before is shown twice.
    expect(await messageWith(bob.page, "before the restart").count()).toBe(1);
    expect(bob.errors).toEqual([]);
  });
});
