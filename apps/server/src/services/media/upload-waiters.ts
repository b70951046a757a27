// Downloads of an ID made by /create may arrive before its bytes; the spec
// lets them wait up to `timeout_ms` for the upload. Waiters are woken when
// an upload to that ID completes (in this process; with several processes
// the download re-reads the database when its wait ends).

export class UploadWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Resolves when `key` is uploaded or after `timeoutMs`, whichever comes first. */
  wait(key: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiting.get(key) ?? new Set();
      this.waiting.set(key, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.waiting.get(key) === set) this.waiting.delete(key);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      set.add(done);
    });
  }

  wake(key: string): void {
    for (const done of [...(this.waiting.get(key) ?? [])]) done();
  }
}
