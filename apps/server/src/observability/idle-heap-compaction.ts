import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// After a burst of load V8 keeps the heap it grew: its memory reducer wants
// idle time, which Node does not give it, so a server that handled a burst
// holds hundreds of MB it no longer uses until the next burst. Once the
// server is quiet (its event loop mostly idle) and much of the heap is
// unused, one full collection gives that memory back to the system. It
// never runs under load, and at most once per interval.

export interface IdleHeapCompactionOptions {
  /** How often to look, in ms. */
  intervalMs?: number;
  /** Event-loop utilisation (0–1) over the last interval below which the server counts as quiet. */
  quietUtilisation?: number;
  /** Unused heap (total − used) worth a collection, in bytes. */
  minSlackBytes?: number;
}

/** A full garbage collection, or undefined where the runtime refuses to expose one. */
function fullCollection(): (() => void) | undefined {
  try {
    // --expose-gc set now only takes effect in contexts created after it: such a context's `gc` collects the whole isolate.
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts watching; the returned function stops it. The timer never keeps the process alive. */
export function compactHeapWhenIdle(options: IdleHeapCompactionOptions = {}): () => void {
  const { intervalMs = 5_000, quietUtilisation = 0.1, minSlackBytes = 64 * 1024 * 1024 } = options;
  const gc = fullCollection();
  if (!gc) return () => undefined;
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const utilisation = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    const { heapTotal, heapUsed } = process.memoryUsage();
    if (utilisation < quietUtilisation && heapTotal - heapUsed >= minSlackBytes) gc();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
