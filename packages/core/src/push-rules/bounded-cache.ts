/**
 * A memo with a size bound: when full, the oldest entry goes. Patterns and
 * paths come from users' rules, so the cache must not grow without limit;
 * the working set (the rules of the users in busy rooms) is far smaller.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly maxEntries: number) {}

  get(key: string, compute: (key: string) => V): V {
    const cached = this.entries.get(key);
    if (cached !== undefined) return cached;
    const value = compute(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}
