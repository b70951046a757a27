import { describe, expect, it } from "vitest";
import { InProcessNotifier } from "./notifier.js";

describe("InProcessNotifier (wakes /sync long-polls)", () => {
  it("wakes a waiter on a notify for one of its keys, not for others", async () => {
    const notifier = new InProcessNotifier();
    let woken: boolean | undefined;
    const waiting = notifier.waitForChange(["!a:x", "@u:x"], 0, 5_000).then((result) => (woken = result));
    expect(notifier.waiting).toBe(1);
    notifier.notify(["!other:x"], 1);
    await Promise.resolve();
    expect(woken).toBeUndefined();
    notifier.notify(["@u:x"]);
    expect(await waiting).toBe(true);
    expect(notifier.waiting).toBe(0);
  });

  it("answers at once when an event after `since` was already notified, and waits when not", async () => {
    const notifier = new InProcessNotifier();
    notifier.notify(["!a:x"], 7);
    expect(await notifier.waitForChange(["!a:x"], 6, 5_000)).toBe(true);
    expect(await notifier.waitForChange(["!a:x"], 7, 20)).toBe(false);
  });

  it("gives up on timeout and on abort, and forgets the waiter", async () => {
    const notifier = new InProcessNotifier();
    expect(await notifier.waitForChange(["!a:x"], 0, 10)).toBe(false);
    const controller = new AbortController();
    const waiting = notifier.waitForChange(["!a:x"], 0, 5_000, controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
    expect(notifier.waiting).toBe(0);
  });
});
