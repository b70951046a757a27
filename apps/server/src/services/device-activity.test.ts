import { describe, expect, it } from "vitest";
import type { Storage } from "../storage/storage.js";
import { DeviceActivity } from "./device-activity.js";
import type { Requester } from "./requester.js";

// Spec: client-server "Device Management" (last_seen_ts, last_seen_ip); the
// write is throttled to once a minute per device.

function recordingStorage() {
  const writes: { userId: string; deviceId: string; ts: number; ip: string | null }[] = [];
  const storage = { devices: { touchDevice: (userId: string, deviceId: string, ts: number, ip: string | null) => Promise.resolve(void writes.push({ userId, deviceId, ts, ip })) } } as unknown as Storage;
  return { storage, writes };
}

const requester = (deviceId: string): Requester => ({ userId: "@a:hs", deviceId, isGuest: false, isAdmin: false, tokenHash: "h" });

describe("DeviceActivity", () => {
  it("writes once per device per minute, again after a minute or from a new address", async () => {
    const { storage, writes } = recordingStorage();
    let now = 1_000_000;
    const activity = new DeviceActivity(storage, () => now);
    await activity.seen(requester("D1"), "10.0.0.1");
    now += 30_000;
    await activity.seen(requester("D1"), "10.0.0.1");
    await activity.seen(requester("D2"), "10.0.0.1");
    expect(writes.map((write) => [write.deviceId, write.ts])).toEqual([
      ["D1", 1_000_000],
      ["D2", 1_030_000],
    ]);
    await activity.seen(requester("D1"), "10.0.0.2");
    now += 60_000;
    await activity.seen(requester("D1"), "10.0.0.2");
    expect(writes.slice(2).map((write) => [write.deviceId, write.ts, write.ip])).toEqual([
      ["D1", 1_030_000, "10.0.0.2"],
      ["D1", 1_090_000, "10.0.0.2"],
    ]);
  });
});
