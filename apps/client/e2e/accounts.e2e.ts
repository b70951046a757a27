// Accounts in a real browser (issue 4, "What a person can do": register with
// user-interactive auth, the session persists across reloads, logout ends it
// server-side; "Keyboard usable, labelled controls, readable at phone width").
import { getTokenOwner, isMatrixError } from "@myelin/client-server";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openClient, screenshot } from "./harness/browser.js";
import { startHomeserver, type TestHomeserver } from "./harness/homeserver.js";
import { eventually, hasHorizontalOverflow, registerThroughUi, savedSession, uniqueName } from "./harness/ui.js";

let homeserver: TestHomeserver;
let browser: Browser;

beforeAll(async () => {
  homeserver = await startHomeserver();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await homeserver?.close();
});

describe("accounts through the web client", () => {
  it("two people register in two browser contexts (UIA with m.login.dummy) and each sees the room list", async () => {
    const alice = await openClient(browser, homeserver.baseUrl);
    const bob = await openClient(browser, homeserver.baseUrl);
    try {
      await screenshot(alice.page, "sign-in");
      const [aliceName, bobName] = [uniqueName("alice"), uniqueName("bob")];
      const [aliceId, bobId] = await Promise.all([registerThroughUi(alice.page, aliceName), registerThroughUi(bob.page, bobName)]);
      expect(aliceId).toBe(`@${aliceName}:localhost`);
      expect(bobId).toBe(`@${bobName}:localhost`);
      // Each context keeps its own session: the server knows each token as its user.
      for (const [user, id] of [[alice, aliceId], [bob, bobId]] as const) {
        const session = await savedSession(user.page);
        expect(session?.userId).toBe(id);
        const owner = await homeserver.client(session?.accessToken).call(getTokenOwner);
        expect(owner.user_id).toBe(id);
        await expect(user.page.getByTestId("room-list").isVisible()).resolves.toBe(true);
      }
      await screenshot(alice.page, "room-list-empty");
      expect([...alice.errors, ...bob.errors]).toEqual([]);
    } finally {
      await alice.context.close();
      await bob.context.close();
    }
  });

  it("signing out ends the session on the server (the old token gets M_UNKNOWN_TOKEN) and the sign-in screen returns", async () => {
    const user = await openClient(browser, homeserver.baseUrl);
    try {
      await registerThroughUi(user.page, uniqueName("leaver"));
      const session = await savedSession(user.page);
      expect(session).toBeDefined();
      await user.page.getByTestId("open-profile").click();
      await user.page.getByTestId("profile").waitFor();
      await screenshot(user.page, "profile");
      await user.page.getByTestId("logout").click();
      await user.page.getByTestId("submit-login").waitFor();
      const error = await homeserver
        .client(session?.accessToken)
        .call(getTokenOwner)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(isMatrixError(error) && error.errcode).toBe("M_UNKNOWN_TOKEN");
      // Nothing of the session is left in the browser either.
      expect(await savedSession(user.page)).toBeUndefined();
    } finally {
      await user.context.close();
    }
  });

  it("the session persists across a page reload", async () => {
    const user = await openClient(browser, homeserver.baseUrl);
    try {
      const userId = await registerThroughUi(user.page, uniqueName("stayer"));
      const before = await savedSession(user.page);
      await user.page.reload();
      await user.page.getByTestId("room-list").waitFor();
      expect(await user.page.getByTestId("open-profile").textContent()).toBe(userId);
      expect((await savedSession(user.page))?.accessToken).toBe(before?.accessToken);
      await expect(user.page.getByTestId("submit-login").count()).resolves.toBe(0);
      // Sync resumes from the saved token and says so at once (not after a 30 s long poll).
      await eventually(async () => expect(await user.page.getByTestId("connection-state").textContent()).toBe("Connected"), 5_000);
    } finally {
      await user.context.close();
    }
  });

  it("signs in with the keyboard only (Tab between labelled fields, Enter submits)", async () => {
    const username = uniqueName("keys");
    await homeserver.registerUser(username);
    const user = await openClient(browser, homeserver.baseUrl);
    try {
      const { page } = user;
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? document.activeElement?.tagName ?? "");
      const tabTo = async (testId: string) => {
        for (let i = 0; i < 12 && (await focused()) !== testId; i++) await page.keyboard.press("Tab");
        expect(await focused()).toBe(testId);
      };
      await tabTo("homeserver");
      await tabTo("username");
      // Leaving the homeserver field checked it: the flows it offers are shown.
      await expect(page.getByTestId("login-flows").textContent()).resolves.toContain("m.login.password");
      await page.keyboard.type(username);
      await page.keyboard.press("Tab");
      expect(await focused()).toBe("password");
      await page.keyboard.type("correct horse battery staple");
      await page.keyboard.press("Enter");
      await page.getByTestId("room-list").waitFor();
      expect(await page.getByTestId("open-profile").textContent()).toBe(`@${username}:localhost`);
      // Every input of the form had an accessible name (labels wrap them).
      expect(user.errors).toEqual([]);
    } finally {
      await user.context.close();
    }
  });

  it("the sign-in page and the room list fit a 360 px wide phone screen (no horizontal scrolling)", async () => {
    const user = await openClient(browser, homeserver.baseUrl, { width: 360, height: 740 });
    try {
      await user.page.getByTestId("submit-login").waitFor();
      expect(await hasHorizontalOverflow(user.page)).toBe(false);
      await screenshot(user.page, "sign-in-360px");
      await user.page.getByTestId("mode-register").click();
      expect(await hasHorizontalOverflow(user.page)).toBe(false);
      await registerThroughUi(user.page, uniqueName("phone"));
      expect(await hasHorizontalOverflow(user.page)).toBe(false);
      await screenshot(user.page, "room-list-360px");
    } finally {
      await user.context.close();
    }
  });

  it("the page runs under the server's Content-Security-Policy: an injected inline script is refused", async () => {
    const user = await openClient(browser, homeserver.baseUrl);
    try {
      await user.page.getByTestId("submit-login").waitFor();
      expect(user.errors).toEqual([]);
      const ran = await user.page.evaluate(async () => {
        const script = document.createElement("script");
        script.textContent = "window.__inline = true";
        document.body.append(script);
        await new Promise((resolve) => setTimeout(resolve, 50));
        return (window as unknown as { __inline?: boolean }).__inline === true;
      });
      expect(ran).toBe(false);
      await eventually(() => expect(user.errors.some((e) => e.startsWith("csp:"))).toBe(true));
    } finally {
      await user.context.close();
    }
  });

  it("every control of the sign-in form has an accessible name", async () => {
    const user = await openClient(browser, homeserver.baseUrl);
    try {
      await user.page.getByTestId("submit-login").waitFor();
      await user.page.getByTestId("mode-register").click();
      for (const name of ["Homeserver", "Username", "Password", "Registration token (if the server needs one)"]) {
        await expect(user.page.getByLabel(name, { exact: true }).count(), name).resolves.toBe(1);
      }
      await expect(user.page.getByRole("button", { name: "Create account" }).count()).resolves.toBeGreaterThan(0);
    } finally {
      await user.context.close();
    }
  });
});
