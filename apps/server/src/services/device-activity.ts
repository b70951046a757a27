import type { Storage } from "../storage/storage.js";
import type { Clock } from "./clock.js";
import type { Requester } from "./requester.js";

// Spec: client-server "Device Management": a device's `last_seen_ts` and
// `last_seen_ip` are when and from where it was last used. Every
// authenticated request uses it, so the write is throttled in memory: at
// most one per device per interval (or when its address changes), not one
// per request.

const DEFAULT_INTERVAL_MS = 60_000;
/** Past this many remembered devices, entries older than the interval are dropped (they would be written anyway). */
const PRUNE_THRESHOLD = 10_000;

export class DeviceActivity {
  private readonly lastWritten = new Map<string, { ts: number; ip: string | null }>();

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly intervalMs = DEFAULT_INTERVAL_MS,
  ) {}

  /** Note that the requester's device made a request from `ip` (null when unknown). */
  async seen(requester: Requester, ip: string | null): Promise<void> {
    const key = `${requester.userId}\u0000${requester.deviceId}`;
    const now = this.clock();
    const last = this.lastWritten.get(key);
    if (last && now - last.ts < this.intervalMs && last.ip === ip) return;
    this.lastWritten.set(key, { ts: now, ip });
    if (this.lastWritten.size > PRUNE_THRESHOLD) this.prune(now);
    await this.storage.devices.touchDevice(requester.userId, requester.deviceId, now, ip);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.lastWritten) if (now - entry.ts >= this.intervalMs) this.lastWritten.delete(key);
  }
}
