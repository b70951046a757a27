import { expect, it } from "vitest";
import { compactHeapWhenIdle } from "./idle-heap-compaction.js";

it("collects the heap once the event loop is quiet and much of it is unused", async () => {
  let garbage: { value: string }[][] | undefined = Array.from({ length: 20 }, (_, i) => Array.from({ length: 20_000 }, (_, j) => ({ value: `garbage ${i} ${j}` })));
  const before = process.memoryUsage().heapUsed;
  expect(garbage.length).toBe(20);
  garbage = undefined;
  // Any slack counts and any loop counts as quiet here, so the first tick collects.
  const stop = compactHeapWhenIdle({ intervalMs: 20, quietUtilisation: 1.01, minSlackBytes: 0 });
  try {
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(process.memoryUsage().heapUsed).toBeLessThan(before);
  } finally {
    stop();
  }
});
