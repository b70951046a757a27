/**
 * Wakes waiting `/sync` long-polls when something they follow changes.
 * Keys are room IDs (new events, typing, receipts: every member's sync
 * cares) and user IDs (invites, account data: one user's sync cares); the
 * two never collide since they start with `!` and `@`.
 *
 * Small on purpose: one process uses `InProcessNotifier`; a multi-process
 * deployment replaces it with one that publishes `notify` on Redis pub/sub
 * and lets `waitForChange` listen there — callers do not change.
 */
export interface Notifier {
  /**
   * Something changed for `keys`. `streamOrdering` is the event stream
   * position the change was committed at, when it was an event; ephemeral
   * changes (typing, receipts, account data) have none.
   */
  notify(keys: readonly string[], streamOrdering?: number): void;
  /**
   * Resolves true as soon as any of `keys` has an event after stream
   * ordering `since` (at once if one was already notified), or when any
   * later `notify` names one of them; false after `timeoutMs` or when
   * `signal` aborts. Never rejects.
   */
  waitForChange(keys: Iterable<string>, since: number, timeoutMs: number, signal?: AbortSignal, options?: WaitOptions): Promise<boolean>;
  /**
   * Bumped by every `notify`. Ephemeral changes have no stream ordering, so
   * a waiter reads this before reading the data its response is built from
   * and passes it as `notifiedAfter`: a change notified in between then
   * wakes it at once instead of being slept through.
   */
  readonly notificationSequence: number;
  /** How many requests are waiting now (for metrics). */
  readonly waiting: number;
}

export interface WaitOptions {
  /** Resolve true at once if any of the keys was notified after this `notificationSequence`. */
  notifiedAfter?: number;
}

interface Waiter {
  keys: ReadonlySet<string>;
  wake(): void;
}

export class InProcessNotifier implements Notifier {
  /** The last event stream ordering notified per key: lets a late waiter see it missed something. */
  private readonly lastPosition = new Map<string, number>();
  private readonly waitersByKey = new Map<string, Set<Waiter>>();
  private waiterCount = 0;
  /** The `notificationSequence` of the last notify per key. */
  private readonly lastNotified = new Map<string, number>();
  private sequence = 0;

  get notificationSequence(): number {
    return this.sequence;
  }

  get waiting(): number {
    return this.waiterCount;
  }

  notify(keys: readonly string[], streamOrdering?: number): void {
    const woken = new Set<Waiter>();
    this.sequence += 1;
    for (const key of keys) {
      this.lastNotified.set(key, this.sequence);
      if (streamOrdering !== undefined && streamOrdering > (this.lastPosition.get(key) ?? 0)) this.lastPosition.set(key, streamOrdering);
      for (const waiter of this.waitersByKey.get(key) ?? []) woken.add(waiter);
    }
    for (const waiter of woken) waiter.wake();
  }

  waitForChange(keys: Iterable<string>, since: number, timeoutMs: number, signal?: AbortSignal, options: WaitOptions = {}): Promise<boolean> {
    const keySet = new Set(keys);
    const notifiedAfter = options.notifiedAfter;
    for (const key of keySet) {
      if ((this.lastPosition.get(key) ?? 0) > since) return Promise.resolve(true);
      if (notifiedAfter !== undefined && (this.lastNotified.get(key) ?? 0) > notifiedAfter) return Promise.resolve(true);
    }
    if (timeoutMs <= 0 || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      let done = false;
      const finish = (changed: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        for (const key of keySet) {
          const set = this.waitersByKey.get(key);
          set?.delete(waiter);
          if (set?.size === 0) this.waitersByKey.delete(key);
        }
        this.waiterCount--;
        resolve(changed);
      };
      const waiter: Waiter = { keys: keySet, wake: () => finish(true) };
      const onAbort = () => finish(false);
      const timer = setTimeout(() => finish(false), timeoutMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiterCount++;
      for (const key of keySet) {
        let set = this.waitersByKey.get(key);
        if (!set) this.waitersByKey.set(key, (set = new Set()));
        set.add(waiter);
      }
    });
  }
}
