import { describe, expect, it } from "vitest";
import { retryAfterHeaderMs, sleep } from "./retry-after.js";

describe("Retry-After (RFC 9110 §10.2.3)", () => {
  it("reads delay-seconds and HTTP-dates", () => {
    expect(retryAfterHeaderMs("3")).toBe(3000);
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(retryAfterHeaderMs("Wed, 21 Oct 2015 07:28:05 GMT", now)).toBe(5000);
    expect(retryAfterHeaderMs("Wed, 21 Oct 2015 07:27:00 GMT", now)).toBe(0);
  });

  it("ignores absent or unreadable values", () => {
    expect(retryAfterHeaderMs(null)).toBeUndefined();
    expect(retryAfterHeaderMs("soon")).toBeUndefined();
    expect(retryAfterHeaderMs("-1")).toBeUndefined();
  });

  it("sleeps, and stops on abort", async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error("aborted"));
    await expect(pending).rejects.toThrow("aborted");
  });
});
