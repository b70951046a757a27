/**
 * Where the client keeps what must survive a reload (the session, the sync
 * snapshot). Async so a browser can back it with IndexedDB; tests use memory.
 */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export function createMemoryStore(): KeyValueStore {
  const values = new Map<string, string>();
  return {
    get<T>(key: string) {
      const json = values.get(key);
      return Promise.resolve(json === undefined ? undefined : (JSON.parse(json) as T));
    },
    set(key, value) {
      // Stored as JSON so tests see the same round trip as the browser stores.
      values.set(key, JSON.stringify(value));
      return Promise.resolve();
    },
    delete(key) {
      values.delete(key);
      return Promise.resolve();
    },
  };
}
