import { MatrixError } from "@myelin/http";
import type { RateLimitBucket } from "../config/schema.js";
import type { Clock } from "../services/clock.js";

interface BucketState {
  tokens: number;
  updated: number;
}

/**
 * Token buckets per (action, client address): `burst` requests at once, then
 * `perSecond` on average. A refused request learns how long until the next
 * token (`retry_after_ms`).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    private readonly limits: Readonly<Record<string, RateLimitBucket>>,
    private readonly clock: Clock,
  ) {}

  /** Throws `M_LIMIT_EXCEEDED` when `key` has no token left for `action`; actions without a limit pass. */
  take(action: string, key: string): void {
    const limit = this.limits[action];
    if (!limit) return;
    const now = this.clock();
    const id = `${action}\0${key}`;
    const state = this.buckets.get(id) ?? { tokens: limit.burst, updated: now };
    state.tokens = Math.min(limit.burst, state.tokens + ((now - state.updated) / 1000) * limit.perSecond);
    state.updated = now;
    if (state.tokens < 1) {
      this.buckets.set(id, state);
      throw MatrixError.limitExceeded(Math.ceil(((1 - state.tokens) / limit.perSecond) * 1000));
    }
    state.tokens -= 1;
    this.buckets.set(id, state);
    if (this.buckets.size > 100_000) this.forgetFullBuckets(now);
  }

  /** Full buckets carry no information; dropping them bounds memory under address churn. */
  private forgetFullBuckets(now: number): void {
    for (const [id, state] of this.buckets) {
      const action = id.slice(0, id.indexOf("\0"));
      const limit = this.limits[action];
      if (!limit || state.tokens + ((now - state.updated) / 1000) * limit.perSecond >= limit.burst) this.buckets.delete(id);
    }
  }
}
