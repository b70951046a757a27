import type { Storage, Stores } from "../../storage/storage.js";

/** One room's write, queued to be committed with whatever else is ready. */
export interface CommitJob<T> {
  roomId: string;
  /** The writes, run inside the batch's transaction; may run twice (see drain), so they only write. */
  write: (stores: Stores) => Promise<T>;
  /** True when the job was built on a room state that is no longer trusted (an earlier write of the room failed). */
  stale?: () => boolean;
}

interface Queued {
  job: CommitJob<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class StaleRoomWriteError extends Error {
  constructor(roomId: string) {
    super(`an earlier write to ${roomId} failed, so this event (built on it) was not stored`);
  }
}

/**
 * Group commit: every write ready while a commit is in flight waits for it,
 * then all of them commit in ONE transaction — one fsync for the batch
 * instead of one per event. A job resolves only once its batch committed,
 * so an acknowledged event is as durable as before. Jobs run in submission
 * order, which keeps each room's events in the order they were built.
 */
export class GroupCommitQueue {
  private pending: Queued[] = [];
  private draining = false;

  constructor(
    private readonly storage: Storage,
    /** Told when a room's write failed: the sender forgets what it assumed about the room. */
    private readonly onRoomFailed: (roomId: string) => void,
  ) {}

  submit<T>(job: CommitJob<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ job, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // Wait one turn of the event loop: requests already read from sockets
        // reach here too and join the batch (with SQLite a transaction runs
        // without yielding to I/O, so otherwise every batch would hold one event).
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        await this.commit(batch);
        // Same as in submit: let ready requests join the next batch.
        if (this.pending.length > 0) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.draining = false;
    }
  }

  private async commit(batch: Queued[]): Promise<void> {
    const live = batch.filter((item) => {
      if (!item.job.stale?.()) return true;
      item.reject(new StaleRoomWriteError(item.job.roomId));
      return false;
    });
    if (live.length === 0) return;
    let results: unknown[];
    try {
      results = await this.storage.transaction(async (stores) => {
        const out: unknown[] = [];
        for (const item of live) out.push(await item.job.write(stores));
        return out;
      });
    } catch {
      // One bad write must not fail the events of other rooms: commit each
      // alone; once a room's write fails, its later events (built on it) fail too.
      await this.commitOneByOne(live);
      return;
    }
    live.forEach((item, index) => item.resolve(results[index]));
  }

  private async commitOneByOne(items: Queued[]): Promise<void> {
    const failedRooms = new Set<string>();
    for (const item of items) {
      if (failedRooms.has(item.job.roomId) || item.job.stale?.()) {
        item.reject(new StaleRoomWriteError(item.job.roomId));
        continue;
      }
      try {
        item.resolve(await this.storage.transaction((stores) => item.job.write(stores)));
      } catch (error) {
        failedRooms.add(item.job.roomId);
        this.onRoomFailed(item.job.roomId);
        item.reject(error);
      }
    }
  }
}
